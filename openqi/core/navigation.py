"""The primary navigation, assembled from the entries each app declares for itself.

core knows no app. Each app registers its `NavEntry`s in its own `nav.py`, which its
`AppConfig.ready()` imports; the layout (`openqi.web.context_processors`) works out who is looking
and where (`NavScope`) and asks `nav_items()` for the links that reader may see. Adding an app's
section to the header therefore touches only that app.

Who may follow a link is decided by the page it leads to, not by a copy of its rule: a view that
declares `nav_permits(request, scope)` (every organisation page does, through `org_view`) is
linked only for readers it lets in, so nobody is offered a link that answers 403. An entry's own
`visible` can only narrow that further (a link that would open but means nothing to the reader).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import get_urlconf, resolve, reverse


@dataclass(frozen=True)
class NavScope:
    """Who is looking, in which organisation, with which role.

    `role` is the role the organisation page's access check found (None off organisation pages);
    `member_role` is the reader's role in `organisation` wherever they are ("" without one), so a
    link can follow the reader's role on every page, not only on the organisation's own pages.
    """

    user: Any
    organisation: Any | None
    role: str | None
    member_role: str
    # The organisation access check's answer for the reader in `organisation` (None when they have
    # none there): what the pages' own rule (`nav_permits`) reads.
    access: Any | None = None


def _always(request: HttpRequest, scope: NavScope) -> bool:
    return True


@dataclass(frozen=True)
class NavEntry:
    """One link in the header. `in_organisation` links take the current organisation's slug and
    appear only when the reader has a current organisation; the others are site-wide."""

    text: str
    url_name: str
    order: int
    visible: Callable[[HttpRequest, NavScope], bool] = _always
    in_organisation: bool = True


# Keyed by URL name, so registering the same entry again (a second `ready()`) replaces it.
_entries: dict[str, NavEntry] = {}


def nav_register(*entries: NavEntry) -> None:
    for entry in entries:
        _entries[entry.url_name] = entry


def nav_entries() -> list[NavEntry]:
    return sorted(_entries.values(), key=lambda entry: (entry.order, entry.text))


# The view behind each entry's URL name, resolved once per URL configuration: the same for every
# organisation's slug, and resolving every link on every page was a tenth of the header's time.
_views: dict[tuple[Any, str], Callable[..., Any]] = {}


def _view_of(url_name: str, href: str) -> Callable[..., Any]:
    key = (get_urlconf(), url_name)
    view = _views.get(key)
    if view is None:
        view = _views[key] = resolve(href).func
    return view


def nav_items(request: HttpRequest, scope: NavScope) -> list[dict[str, Any]]:
    """The links this reader may see, in order, each marked `current` (this page) or `active`
    (a page inside this section) as the NHS header expects."""
    items: list[dict[str, Any]] = []
    organisation = scope.organisation
    for entry in nav_entries():
        if entry.in_organisation and organisation is None:
            continue
        if not entry.visible(request, scope):
            continue
        args = [organisation.slug] if entry.in_organisation and organisation is not None else []
        href = reverse(entry.url_name, args=args)
        permits = getattr(_view_of(entry.url_name, href), "nav_permits", None)
        if permits is not None and not permits(request, scope):
            continue
        items.append({"text": entry.text, "href": href})
    path = request.path
    # The longest matching link is the section you are in; the others stay plain.
    matching = [
        item["href"]
        for item in items
        if path == item["href"] or (item["href"] != "/" and path.startswith(item["href"]))
    ]
    best = max(matching, key=len, default=None)
    for item in items:
        item["current"] = item["href"] == best and path == best
        item["active"] = item["href"] == best and path != best
    return items
