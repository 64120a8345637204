from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, items: Any, per_page: int = 25) -> Page:
    """The requested page, falling back to the first or last page for a bad page number."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def page_links(request: HttpRequest, page: Page) -> dict[str, Any]:
    """Parameters for the NHS pagination macro, keeping the other query-string values."""
    query = request.GET.copy()

    def link(number: int) -> str:
        query["page"] = str(number)
        return "?" + query.urlencode()

    params: dict[str, Any] = {}
    if page.has_previous():
        params["previous"] = {
            "href": link(page.previous_page_number()),
            "text": "Previous",
            "labelText": f"{page.number - 1} of {page.paginator.num_pages}",
        }
    if page.has_next():
        params["next"] = {
            "href": link(page.next_page_number()),
            "text": "Next",
            "labelText": f"{page.number + 1} of {page.paginator.num_pages}",
        }
    return params
