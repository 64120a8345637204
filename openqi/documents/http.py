"""Sending a PDF to the browser with safe headers."""

import re

from django.http import HttpResponse

from openqi.documents.pdf import PdfDocument

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def safe_filename(name: str) -> str:
    """A download name with no quotes, slashes or control characters, ending in `.pdf`."""
    stem = _UNSAFE.sub("-", name.removesuffix(".pdf")).strip("-")[:80] or "document"
    return f"{stem}.pdf"


def pdf_response(document: PdfDocument, *, filename: str, inline: bool = False) -> HttpResponse:
    """The PDF as a download (or shown in the browser with `inline`), never cached or sniffed."""
    response = HttpResponse(document.content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_filename(filename)}"'
    response["Content-Length"] = str(len(document.content))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    # A PDF viewer in the browser runs no page scripts of ours; nothing else may be loaded.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return response
