"""PDF documents (certificates, reports) rendered on the server with WeasyPrint (ADR 0021).

One function, `render_pdf`, turns a Jinja2 template that extends `documents/base.jinja` into PDF
bytes: the organisation's name in the running header, NHS.UK-like print styles, a title and a
language for the PDF's metadata, and a tagged PDF so screen readers can follow its headings.

Nothing is fetched over the network: the only stylesheet is read from this app's `assets/`
folder, fonts come from the machine's fontconfig (Debian's Liberation Sans stands in for Arial,
the NHS's fallback for Frutiger), and the URL fetcher refuses every address that is not a file in
`assets/` or a `data:` URI. A template that names `https://…` gets nothing, not a request
made from the server on someone's behalf.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.template.loader import render_to_string
from django.utils import timezone

ASSETS = Path(__file__).resolve().parent / "assets"
PRINT_CSS = ASSETS / "print.css"


class RefusedFetch(ValueError):
    """A PDF asked for something that is neither a local asset nor a data URI."""


def local_only_fetcher() -> Any:
    """WeasyPrint's fetcher limited to `data:` and files inside `assets/` (no network, no other files)."""
    # lazy: WeasyPrint loads Pango through cffi on import; only PDF work should pay for it.
    from weasyprint import URLFetcher

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.is_relative_to(ASSETS) and path.is_file():
                    return super().fetch(url, headers)
            raise RefusedFetch(f"PDFs fetch only local assets; refused {url[:200]}")

    return LocalOnlyFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


@dataclass(frozen=True)
class PdfDocument:
    content: bytes
    title: str
    html: str  # the HTML it was made from, kept for tests and for an accessible alternative
    pages: int = 0  # how many pages the layout made (0 for a document read back from storage)


def render_pdf(
    *,
    template_name: str,
    context: dict[str, Any],
    organisation_name: str,
    title: str,
    language: str = "en-GB",
) -> PdfDocument:
    """Render `template_name` (which extends `documents/base.jinja`) to a tagged PDF.

    `organisation_name` heads every page; `title` is the PDF's title and the page's H1 by default.
    Callers pass only values the reader may see: the document layer checks no permissions."""
    # lazy: WeasyPrint loads Pango through cffi on import; only PDF work should pay for it.
    from weasyprint import CSS, HTML

    html = render_to_string(
        template_name,
        {
            **context,
            "document_title": title,
            "organisation_name": organisation_name,
            "language": language,
            "generated_on": timezone.localdate(),
        },
    )
    fetcher = local_only_fetcher()
    stylesheet = CSS(filename=str(PRINT_CSS), url_fetcher=fetcher)
    options = {"pdf_tags": True, "pdf_identifier": False, "custom_metadata": False}
    # Laid out once, then written: the layout knows how many pages it made (no PDF parsing).
    laid_out = HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher).render(
        stylesheets=[stylesheet], **options
    )
    content = laid_out.write_pdf(**options)
    return PdfDocument(content=content, title=title, html=html, pages=len(laid_out.pages))
