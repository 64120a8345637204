"""Offset pagination for list endpoints: `?limit=&offset=`, answered with the total count and
links to the next and previous pages (absolute paths with the same filters)."""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

MAX_LIMIT = 500
MAX_OFFSET = 2**31 - 1  # far past any list; bounded so offset + limit stays a 64-bit number
T = TypeVar("T")


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Items per page, at most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


class PageMeta(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None


def _link(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["offset"], query["limit"] = str(offset), str(limit)
    return f"{request.path}?{urlencode(sorted(query.items()))}"


def paginate(
    request: HttpRequest,
    items: "QuerySet[Any] | Sequence[Any]",
    params: PageParams,
    serialise: Callable[[Any], T],
) -> dict[str, Any]:
    count = items.count() if isinstance(items, QuerySet) else len(items)
    window = list(items[params.offset : params.offset + params.limit])
    following = params.offset + params.limit
    return {
        "count": count,
        "limit": params.limit,
        "offset": params.offset,
        "next": _link(request, following, params.limit) if following < count else None,
        "previous": _link(request, max(params.offset - params.limit, 0), params.limit) if params.offset else None,
        "items": [serialise(item) for item in window],
    }
