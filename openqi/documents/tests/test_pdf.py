"""The shared PDF machinery: a tagged PDF with the organisation's name, nothing fetched from the
network, and a response that cannot be sniffed or cached."""

import shutil
import subprocess
from pathlib import Path

import pytest

from openqi.documents.http import pdf_response, safe_filename
from openqi.documents.pdf import ASSETS, RefusedFetch, local_only_fetcher, render_pdf

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is installed by scripts/ensure-weasyprint.sh"
)


def _pdf(tmp_path: Path, paragraphs: list[str]) -> Path:
    document = render_pdf(
        template_name="documents/simple.jinja",
        context={"caption": "Quality improvement", "paragraphs": paragraphs},
        organisation_name="Alpha Hospitals NHS Trust",
        title="Safer handovers: a summary",
    )
    assert document.content.startswith(b"%PDF-")
    path = tmp_path / "out.pdf"
    path.write_bytes(document.content)
    return path


@needs_poppler
def test_a_document_carries_the_organisation_title_language_and_is_tagged(tmp_path: Path) -> None:
    path = _pdf(tmp_path, ["Handovers now use SBAR on every shift.", "<script>alert(1)</script>"])
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    assert "Alpha Hospitals NHS Trust" in text
    assert "Safer handovers: a summary" in text
    assert "Handovers now use SBAR on every shift." in text
    # Text from the context is escaped by Jinja2, so markup arrives as the words typed.
    assert "<script>alert(1)</script>" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    assert "Title:           Safer handovers: a summary" in info
    assert "Tagged:          yes" in info
    assert "Author:          Alpha Hospitals NHS Trust" in info


def test_the_html_is_escaped_and_declares_its_language() -> None:
    document = render_pdf(
        template_name="documents/simple.jinja",
        context={"paragraphs": ["<b>bold</b>"]},
        organisation_name="Alpha & Co",
        title="A title",
        language="cy",
    )
    assert '<html lang="cy">' in document.html
    assert "&lt;b&gt;bold&lt;/b&gt;" in document.html
    assert "Alpha &amp; Co" in document.html


def test_the_fetcher_refuses_the_network_and_files_outside_the_assets_folder() -> None:
    fetcher = local_only_fetcher()
    for url in ("https://example.com/logo.png", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd"):
        with pytest.raises(RefusedFetch):
            fetcher.fetch(url)
    with pytest.raises(RefusedFetch):
        fetcher.fetch((ASSETS / ".." / "pdf.py").resolve().as_uri())


def test_the_fetcher_reads_the_print_stylesheet_and_data_uris() -> None:
    fetcher = local_only_fetcher()
    response = fetcher.fetch((ASSETS / "print.css").as_uri())
    assert b"@page" in response.read()
    data = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert data.read() == b"hello"


def test_a_remote_image_in_a_template_is_not_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    import urllib.request

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a PDF tried to reach the network")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    document = render_pdf(
        template_name="documents/simple.jinja",
        context={"paragraphs": ["x"], "caption": ""},
        organisation_name="Alpha",
        title="No network",
    )
    assert document.content.startswith(b"%PDF-")


def test_the_response_is_a_download_with_a_safe_name_and_safe_headers() -> None:
    document = render_pdf(
        template_name="documents/simple.jinja", context={"paragraphs": []}, organisation_name="Alpha", title="T"
    )
    response = pdf_response(document, filename='certificate "star"/../month\r\n')
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="certificate-star-month.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Length"] == str(len(document.content))
    assert safe_filename("") == "document.pdf"
    assert safe_filename("report.pdf") == "report.pdf"
