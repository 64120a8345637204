"""Session limits. (The two-factor rule for admins is about organisation roles, so it lives in
`organisations.middleware`.)"""

import time
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from openqi.accounts import drafts
from openqi.accounts.csp import sso_form_action_apply
from openqi.accounts.models import User
from openqi.accounts.services import form_draft_keep, form_draft_take

# Seconds between writes of the idle clock, so a busy page does not rewrite the session each hit.
_IDLE_WRITE_GRANULARITY = 30
SIGNED_OUT_MESSAGE = "You were signed out to keep your account safe. Please sign in again."
KEPT_MESSAGE = (
    "You were signed out to keep your account safe. We kept what you typed: sign in again to check it and save it."
)
# What a script gets instead of the sign-in page (it must never show a page inside a panel).
FRAGMENT_SIGNED_OUT = "You have been signed out. Sign in again to carry on."


def session_seconds_left(request: HttpRequest, now: int | None = None) -> int:
    """Seconds until the idle or the absolute limit ends this session, whichever comes first."""
    now = int(time.time()) if now is None else now
    started = request.session.get("auth_started", now)
    last_seen = request.session.get("last_seen", now)
    return min(
        settings.SESSION_IDLE_TIMEOUT - (now - last_seen),
        settings.SESSION_ABSOLUTE_TIMEOUT - (now - started),
    )


def _signed_out_fragment() -> HttpResponse:
    response = HttpResponse(FRAGMENT_SIGNED_OUT, status=401, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def _is_sign_in_redirect(response: HttpResponse) -> bool:
    return response.status_code in (301, 302) and response.get("Location", "").startswith(reverse("account_login"))


def _csrf_passes(request: HttpRequest) -> bool:
    """Django's own CSRF check, run early: a form sent from another site must not plant a draft."""
    check = CsrfViewMiddleware(lambda _request: HttpResponse())
    return check.process_view(request, _csrf_probe, (), {}) is None


def _csrf_probe(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    return HttpResponse()


def _page_sent_from(request: HttpRequest) -> str | None:
    """The path (and query) of this site's page a form was sent from, if the browser said."""
    referer = request.headers.get("Referer", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(referer)
    return parts.path + (f"?{parts.query}" if parts.query else "") if parts.path.startswith("/") else None


class SessionTimeoutMiddleware:
    """Sign people out after SESSION_IDLE_TIMEOUT idle or SESSION_ABSOLUTE_TIMEOUT in all,
    keeping what they were sending (`accounts.drafts`) so that signing in again loses nothing.

    A script's request (`drafts.is_fragment_request`) never gets the sign-in page: a 401 with one
    sentence instead, and the session is left for the person's next real request to end (so
    that a form they then send is still known to be theirs and kept)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            if session_seconds_left(request, now) < 0:
                return self._expired(request)
            request.session.setdefault("auth_started", now)
            # Asking how long is left is not activity (the warning would keep itself alive);
            # "Stay signed in" restarts the idle clock to the second.
            # A page's background refresh (live updates, ADR 0020) is not activity either: a
            # board left open on a screen must not keep its session alive for ever.
            on_status = request.path == reverse("accounts:session") or request.headers.get("X-OpenQI-Background") == "1"
            last_seen = request.session.get("last_seen")
            if (on_status and request.method == "POST") or (
                not on_status and (last_seen is None or now - last_seen >= _IDLE_WRITE_GRANULARITY)
            ):
                request.session["last_seen"] = now
            if request.method == "GET" and request.path in request.session.get(drafts.SESSION_KEY, ()):
                self._restore(request)
        response = self.get_response(request)
        if drafts.is_fragment_request(request) and _is_sign_in_redirect(response):
            return _signed_out_fragment()
        return response

    def _expired(self, request: HttpRequest) -> HttpResponse:
        if drafts.is_fragment_request(request):
            return _signed_out_fragment()
        kept = None
        back_to = request.get_full_path()
        came_from = _page_sent_from(request) if request.method == "POST" else None
        if came_from is not None and urlsplit(came_from).path != request.path:
            # A button, or a form sent to another address: back to the page it was on (its own
            # address would answer a GET with 405). Nothing there would restore a draft.
            back_to = came_from
        elif (
            request.method == "POST"
            and isinstance(request.user, User)
            and drafts.server_draft_allowed(request.path, request.POST)
            and _csrf_passes(request)
        ):
            kept = form_draft_keep(user=request.user, path=request.path, data=drafts.draft_data(request.POST))
        logout(request)
        messages.info(request, KEPT_MESSAGE if kept else SIGNED_OUT_MESSAGE)
        return redirect(f"{reverse('account_login')}?{urlencode({'next': back_to})}")

    def _restore(self, request: HttpRequest) -> None:
        """Open the page with the person's draft as its form data; the view saves nothing on a GET."""
        pending = [p for p in request.session.get(drafts.SESSION_KEY, ()) if p != request.path]
        if pending:
            request.session[drafts.SESSION_KEY] = pending
        else:
            request.session.pop(drafts.SESSION_KEY, None)
        data = form_draft_take(user=request.user, path=request.path) if isinstance(request.user, User) else None
        if data:
            request.POST = drafts.draft_query_dict(data)  # type: ignore[assignment]
            # The layout marks the page so local-draft.js leaves the server's copy alone.
            request.form_draft_restored = True  # type: ignore[attr-defined]
            messages.info(request, drafts.RESTORED_MESSAGE)


class SsoFormActionMiddleware:
    """Let sign-in pages' forms reach the configured identity providers (CSP form-action).

    Sits after django-csp's middleware in MIDDLEWARE, so it sees the response first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        sso_form_action_apply(request, response)
        return response
