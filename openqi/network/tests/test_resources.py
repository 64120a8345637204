"""The resources library: the CQI team adds checked files and links; anyone browses and searches;
members-only and bookers-only files are refused to others; downloads carry safe headers; refused
uploads save nothing (no row, no file)."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for, give_totp
from openqi.network.resources import services
from openqi.network.resources.models import Resource
from openqi.network.tests.conftest import Network, an_event, join_and_confirm, post
from openqi.network.tests.resource_files import PDF_BYTES, PNG_BYTES, office_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


FORM = {
    "title": "Run chart template",
    "summary": "A spreadsheet that draws a run chart with its median.",
    "kind": "template",
    "methods": ["spc"],
    "audiences": ["frontline"],
    "level": "introductory",
    "visibility": "public",
    "event": "",
    "link": "",
}


def add(network: Network, **changes: Any) -> Resource:
    values: dict[str, Any] = {
        "title": "Process mapping guide",
        "summary": "How to map a patient's journey with the people who work in it.",
        "kind": "guide",
        "methods": ["process_mapping", "lean"],
        "audiences": ["everyone"],
        "level": "introductory",
        "visibility": "public",
    }
    content = changes.pop("content", PDF_BYTES)
    name = changes.pop("name", "guide.pdf")
    values |= changes
    if values.get("link"):
        return services.resource_create(actor=network.team_user, system=network.system, **values)
    return services.resource_create(
        actor=network.team_user,
        system=network.system,
        upload=upload(name, content),
        upload_name=name,
        upload_size=len(content),
        **values,
    )


def url(network: Network, page: str = "") -> str:
    return f"/network/{network.system.slug}/{page}"


def test_the_team_uploads_a_pdf_and_anyone_opens_it_with_safe_headers(
    network: Network, team_client: Client, media: Path
) -> None:
    response = post(
        team_client, url(network, "team/resources/new/"), {**FORM, "file": upload("Run chart.pdf", PDF_BYTES)}
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.file_name, resource.content_type, resource.size) == (
        "Run chart.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    assert resource.uploaded_by == network.team_user
    assert "Run chart" not in resource.file.name  # stored under a random name
    assert AuditEvent.objects.filter(action="network.resource_create").exists()

    page = Client().get(url(network, f"resources/{resource.pk}/"))
    assert page.status_code == 200 and b"Run chart template" in page.content
    download = Client().get(url(network, f"resources/{resource.pk}/file/"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("inline")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in download["Content-Security-Policy"]


def test_an_office_file_is_always_a_download_in_a_sandbox(network: Network) -> None:
    resource = add(network, name="measures.xlsx", content=office_bytes("xl/"))
    response = Client().get(url(network, f"resources/{resource.pk}/file/"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="measures.xlsx"'
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_image_is_shown_inline_in_a_sandbox(network: Network) -> None:
    resource = add(network, name="fishbone.png", content=PNG_BYTES)
    response = Client().get(url(network, f"resources/{resource.pk}/file/"))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>", "is not a real .pdf file"),
        ("tool.docx", b"MZ\x90\x00" + b"\x00" * 100, "is not a real .docx file"),
        ("tool.docx", office_bytes("xl/"), "is not a real .docx file"),  # a spreadsheet named as Word
        ("tool.docx", office_bytes("word/", macros=True), "is not a real .docx file"),
        ("picture.png", PDF_BYTES, "is not a real .png file"),
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "must be a PDF"),
        ("notes.html", b"<html></html>", "must be a PDF"),
        ("slides", PDF_BYTES, "must be a PDF"),
    ],
    ids=["html-as-pdf", "exe-as-docx", "xlsx-as-docx", "docx-with-macros", "pdf-as-png", "svg", "html", "no-suffix"],
)
def test_wrong_or_disguised_files_are_refused_and_nothing_is_saved(
    network: Network, team_client: Client, media: Path, name: str, content: bytes, message: str
) -> None:
    response = post(team_client, url(network, "team/resources/new/"), {**FORM, "file": upload(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "nhsuk-error-summary" in response.content.decode()
    assert not Resource.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_limit_is_refused_and_nothing_is_saved(
    network: Network, team_client: Client, media: Path, settings: Any
) -> None:
    settings.NETWORK_RESOURCE_MAX_BYTES = 1024 * 1024
    big = PDF_BYTES + b"0" * (1024 * 1024)
    response = post(team_client, url(network, "team/resources/new/"), {**FORM, "file": upload("big.pdf", big)})
    assert response.status_code == 400
    assert "must be smaller than 1 MB" in response.content.decode()
    assert not Resource.objects.exists() and stored_files(media) == []


def test_missing_answers_are_named_in_the_error_summary(network: Network, team_client: Client) -> None:
    response = post(team_client, url(network, "team/resources/new/"), {"title": ""})
    text = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Enter a title",
        "Choose the kind of resource",
        "Choose at least one QI method",
        "Choose a file to upload or enter a link",
    ):
        assert message in text
    both = post(
        team_client,
        url(network, "team/resources/new/"),
        {**FORM, "link": "https://example.org/x", "file": upload("a.pdf", PDF_BYTES)},
    )
    assert "Upload a file or enter a link, not both" in both.content.decode()
    assert not Resource.objects.exists()


def test_a_link_resource_is_kept_without_a_file(network: Network, team_client: Client) -> None:
    response = post(team_client, url(network, "team/resources/new/"), {**FORM, "link": "https://example.org/qi"})
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.link == "https://example.org/qi" and not resource.file
    assert b"https://example.org/qi" in Client().get(url(network, f"resources/{resource.pk}/")).content
    assert Client().get(url(network, f"resources/{resource.pk}/file/")).status_code == 404


def test_members_only_files_are_refused_to_the_public_and_open_to_members(network: Network) -> None:
    resource = add(network, visibility="members", title="Members' SPC workbook")
    public = Client().get(url(network, f"resources/{resource.pk}/file/"))
    assert public.status_code == 302 and "/sign-in/" in public["Location"]
    page = Client().get(url(network, f"resources/{resource.pk}/")).content.decode()
    assert "for members of the network" in page and "/file/" not in page
    # Another network's team is an outsider here too.
    outsider = client_for(network.personas.outsider.user)
    assert outsider.get(url(network, f"resources/{resource.pk}/file/")).status_code == 302

    member = join_and_confirm(Client(), network.system)
    response = member.get(url(network, f"resources/{resource.pk}/file/"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_members_only_link_is_not_shown_to_the_public(network: Network) -> None:
    resource = add(network, visibility="members", link="https://example.org/private-recording")
    assert b"private-recording" not in Client().get(url(network, f"resources/{resource.pk}/")).content
    member = join_and_confirm(Client(), network.system)
    assert b"private-recording" in member.get(url(network, f"resources/{resource.pk}/")).content


def test_a_recording_for_bookers_opens_only_for_people_who_booked(network: Network) -> None:
    event = an_event(network, capacity=5)
    resource = add(
        network, visibility="booked", kind="recording", event=event, name="slides.pdf", title="Session recording"
    )
    booked = join_and_confirm(Client(), network.system, email="booked@example.org")
    assert post(booked, url(network, f"events/{event.pk}/book/")).status_code == 302
    other = join_and_confirm(Client(), network.system, email="other@example.org")

    assert booked.get(url(network, f"resources/{resource.pk}/file/")).status_code == 200
    assert other.get(url(network, f"resources/{resource.pk}/file/")).status_code == 403
    assert Client().get(url(network, f"resources/{resource.pk}/file/")).status_code == 302
    # Not in the library list: it lives on the event's page.
    assert b"Session recording" not in Client().get(url(network, "resources/")).content


def test_a_resource_of_another_network_is_not_found(network: Network) -> None:
    from openqi.factories import SystemFactory

    resource = add(network)
    other = SystemFactory(slug="elsewhere")
    assert Client().get(f"/network/{other.slug}/resources/{resource.pk}/").status_code == 404
    assert Client().get(f"/network/{other.slug}/resources/{resource.pk}/file/").status_code == 404


@pytest.mark.parametrize("who", ["member", "lead", "admin", "outsider"])
def test_only_the_cqi_team_adds_or_removes_resources(network: Network, who: str) -> None:
    resource = add(network)
    membership = getattr(network.personas, who)
    if who != "admin":
        give_totp(membership.user)  # the outsider is an admin elsewhere: MFA first, then the 404
    client = client_for(membership.user)
    assert client.get(url(network, "team/resources/new/")).status_code == 404
    assert client.get(url(network, f"team/resources/{resource.pk}/remove/")).status_code == 404
    assert post(client, url(network, f"team/resources/{resource.pk}/remove/")).status_code == 404
    assert Client().get(url(network, "team/resources/new/")).status_code == 302  # sign in first
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_the_team_removes_a_resource_and_its_file(
    network: Network, team_client: Client, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    resource = add(network)
    assert len(stored_files(media)) == 1
    assert team_client.get(url(network, f"team/resources/{resource.pk}/remove/")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post(url(network, f"team/resources/{resource.pk}/remove/"))
    assert response.status_code == 302
    assert not Resource.objects.exists() and stored_files(media) == []
    assert AuditEvent.objects.filter(action="network.resource_delete").exists()


def test_the_list_filters_by_tag_and_shows_empty_states(network: Network) -> None:
    client = Client()
    assert "There are no resources yet" in client.get(url(network, "resources/")).content.decode()
    add(network, title="Fishbone diagram", methods=["root_cause"], level="intermediate", name="fishbone.pdf")
    add(network, title="Sustainability model", methods=["sustainability"], audiences=["leaders"], name="sm.pdf")
    everything = client.get(url(network, "resources/")).content.decode()
    assert "Fishbone diagram" in everything and "Sustainability model" in everything
    by_method = client.get(url(network, "resources/?method=root_cause")).content.decode()
    assert "Fishbone diagram" in by_method and "Sustainability model" not in by_method
    by_audience = client.get(url(network, "resources/?audience=leaders&level=introductory")).content.decode()
    assert "Sustainability model" in by_audience and "Fishbone diagram" not in by_audience
    nothing = client.get(url(network, "resources/?method=spread")).content.decode()
    assert "No resources match" in nothing
    assert client.get(url(network, "resources/?method=nonsense&page=99")).status_code == 200


def test_the_list_is_paginated(network: Network) -> None:
    for n in range(23):
        add(network, title=f"Guide {n:02}", link=f"https://example.org/{n}")
    first = Client().get(url(network, "resources/")).content.decode()
    second = Client().get(url(network, "resources/?page=2")).content.decode()
    assert "Guide 22" in first and "Guide 02" not in first
    assert "Guide 02" in second and "23 resources" in first


def test_search_finds_words_in_title_and_summary_on_either_database(network: Network) -> None:
    add(network, title="Driver diagrams", summary="Plan changes from aim to change ideas.", name="d.pdf")
    add(network, title="Run charts", summary="Median lines and run rules for measurement.", name="r.pdf")
    client = Client()
    found = client.get(url(network, "resources/?q=driver")).content.decode()
    assert "Driver diagrams" in found and "Run charts" not in found
    by_summary = client.get(url(network, "resources/?q=median")).content.decode()
    assert "Run charts" in by_summary and "Driver diagrams" not in by_summary
    both_words = client.get(url(network, "resources/?q=run+rules")).content.decode()
    assert "Run charts" in both_words and "Driver diagrams" not in both_words
    assert "No resources match" in client.get(url(network, "resources/?q=hackathon")).content.decode()
    assert client.get(url(network, "resources/?q=%27%22%29%28%3A%2A%26%7C")).status_code == 200  # tsquery syntax


def test_search_stems_words_on_postgresql(network: Network) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL full text; SQLite matches words as typed")
    add(network, title="Mapping processes", summary="Walk the patient's journey.", name="m.pdf")
    found = Client().get(url(network, "resources/?q=mapped+process")).content.decode()
    assert "Mapping processes" in found
