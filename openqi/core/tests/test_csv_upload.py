"""The shared upload page of an import: the form, the size limit, an unreadable file refused on
the form with its reason, and a readable one sent on to its preview."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from openqi.core import csv_upload
from openqi.core.csv_import import UploadError


class UploadForm(forms.Form):
    file = forms.FileField()


def page(monkeypatch: Any, content: bytes, prepare: Any, max_bytes: int = 100) -> Any:
    shown: dict[str, Any] = {}

    def render(request: Any, template: str, context: dict[str, Any], status: int) -> Any:
        shown.update(context=context, status=status)
        return shown

    monkeypatch.setattr(csv_upload, "render", render)
    request = RequestFactory().post("/upload/", {"file": SimpleUploadedFile("staff.csv", content)})
    return csv_upload.csv_upload_page(
        request,
        form_class=UploadForm,
        template="any.jinja",
        context={"organisation": "Northfield"},
        prepare=prepare,
        preview_url=lambda pending: f"/preview/{pending}/",
        max_bytes=max_bytes,
    )


def test_a_readable_file_goes_on_to_its_preview(monkeypatch: Any) -> None:
    seen: list[tuple[str, bytes]] = []

    def prepare(name: str, content: bytes) -> int:
        seen.append((name, content))
        return 7

    response = page(monkeypatch, b"a,b\n1,2\n", prepare)
    assert response.status_code == 302 and response["Location"] == "/preview/7/"
    assert seen == [("staff.csv", b"a,b\n1,2\n")]


def test_a_file_over_the_limit_is_refused_before_it_is_read(monkeypatch: Any) -> None:
    def prepare(name: str, content: bytes) -> int:
        raise AssertionError("not read")

    shown = page(monkeypatch, b"x" * (2 * 1024 * 1024), prepare, max_bytes=1024 * 1024)
    assert shown["status"] == 400
    assert shown["context"]["form"].errors["file"] == ["The selected file must be smaller than 1 MB"]
    assert shown["context"]["organisation"] == "Northfield"


def test_an_unreadable_file_is_refused_on_the_form_with_its_reason(monkeypatch: Any) -> None:
    def prepare(name: str, content: bytes) -> int:
        raise UploadError("The file has no header row")

    shown = page(monkeypatch, b"\x00", prepare)
    assert shown["status"] == 400
    assert shown["context"]["form"].errors["file"] == ["The file has no header row"]


def test_get_shows_an_empty_form(monkeypatch: Any) -> None:
    shown: dict[str, Any] = {}
    monkeypatch.setattr(csv_upload, "render", lambda r, t, c, status: shown.update(context=c, status=status))
    csv_upload.csv_upload_page(
        RequestFactory().get("/upload/"),
        form_class=UploadForm,
        template="any.jinja",
        context={},
        prepare=lambda n, c: 1,
        preview_url=str,
    )
    assert shown["status"] == 200 and not shown["context"]["form"].is_bound
