"""Keeping what a person typed when their session ends (issue 24).

When a signed-in person's session has ended and they send a form, `SessionTimeoutMiddleware`
keeps the form's fields as a `FormDraft` keyed to them and the page, signs them out and sends
them to sign in. When they next open that page signed in as the same person, the middleware
hands the view the draft as if it were the form's data (a GET with `request.POST` filled), so
any view built the usual way (`Form(request.POST or None)`, writing only when
`request.method == "POST"`) shows the form as they left it, saving nothing, and the draft is
deleted. Drafts live `DRAFT_LIFETIME` at most (`manage.py form_drafts_purge`).

A draft links text to a person, so a form that can be sent anonymously must never leave one:

- a view marked `@no_access_log` (every anonymous submission is) keeps no draft;
- `@server_draft_if(test)` lets such a view keep one when the form's data says it is not
  anonymous (an idea shared under the person's name);
- `@no_server_draft` marks any other view whose data must not be kept.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, resolve

F = TypeVar("F", bound=Callable[..., Any])

DRAFT_LIFETIME = timedelta(hours=24)
# A draft bigger than this is not kept: no form in OpenQI comes close; a bigger body is not a form.
DRAFT_MAX_CHARACTERS = 200_000
# Session key: the pages the signed-in person has a draft for (set at sign-in).
SESSION_KEY = "form_drafts"
RESTORED_MESSAGE = "We kept what you typed before you were signed out. Check it and save."
# Field names never kept: tokens, and anything secret (sign-in pages are refused as a whole too).
_NEVER_KEPT = ("csrfmiddlewaretoken",)
_SECRET_WORDS = ("password", "secret", "token", "otp")
# allauth's pages (sign-in, passwords, two-factor) hold secrets: never keep what they were sent.
_NEVER_KEPT_PATHS = ("/accounts/",)

Predicate = Callable[[QueryDict], bool]


def no_server_draft(view: F) -> F:
    """Mark a view whose form data must never be kept as a draft."""
    view.no_server_draft = True  # type: ignore[attr-defined]
    return view


def server_draft_if(test: Predicate) -> Callable[[F], F]:
    """Keep a draft for this view only when `test(post)` is true (e.g. the form is not anonymous).

    Takes precedence over `@no_access_log`: a view that is sometimes anonymous says when it is not."""

    def mark(view: F) -> F:
        view.server_draft_if = test  # type: ignore[attr-defined]
        return view

    return mark


def server_draft_allowed(path: str, post: QueryDict) -> bool:
    """May the form data `post`, sent to `path`, be kept as a draft linked to the sender?"""
    if path.startswith(_NEVER_KEPT_PATHS):
        return False
    try:
        match = resolve(path)
    except Resolver404:
        return False
    func = match.func
    view_class = getattr(func, "view_class", None)
    test: Predicate | None = getattr(func, "server_draft_if", None) or getattr(view_class, "server_draft_if", None)
    if test is not None:
        return bool(test(post))
    if getattr(func, "no_server_draft", False) or getattr(view_class, "no_server_draft", False):
        return False
    # `@no_access_log` (openqi.core.logging) marks every view that takes anonymous submissions.
    return not (getattr(func, "no_access_log", False) or getattr(view_class, "no_access_log", False))


def draft_data(post: QueryDict) -> dict[str, list[str]]:
    """The fields worth keeping: no CSRF token, nothing secret, no empty values. (Files are not
    in `request.POST` at all.)"""
    kept: dict[str, list[str]] = {}
    for name, values in post.lists():
        lowered = name.lower()
        if name in _NEVER_KEPT or any(word in lowered for word in _SECRET_WORDS):
            continue
        if any(value.strip() for value in values):
            kept[name] = list(values)
    return kept


def draft_size(data: dict[str, list[str]]) -> int:
    return sum(len(name) + sum(len(v) for v in values) for name, values in data.items())


def draft_query_dict(data: dict[str, list[str]]) -> QueryDict:
    """A draft as form data, immutable like a real `request.POST`."""
    post = QueryDict(mutable=True)
    for name, values in data.items():
        post.setlist(name, [str(v) for v in values])
    post._mutable = False
    return post


def is_fragment_request(request: HttpRequest) -> bool:
    """A script's request for part of a page (or JSON), never shown as a page of its own."""
    accept = request.headers.get("Accept", "")
    return request.headers.get("X-Requested-With") == "fetch" or (
        "application/json" in accept and "text/html" not in accept
    )
