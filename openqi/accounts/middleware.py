"""Session limits. (The two-factor rule for admins is about organisation roles, so it lives in
`organisations.middleware`.)"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from openqi.accounts.csp import sso_form_action_apply

# Seconds between writes of the idle clock, so a busy page does not rewrite the session each hit.
_IDLE_WRITE_GRANULARITY = 30


class SessionTimeoutMiddleware:
    """Sign people out after SESSION_IDLE_TIMEOUT idle or SESSION_ABSOLUTE_TIMEOUT in all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get("auth_started", now)
            last_seen = request.session.get("last_seen", now)
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(request, "You were signed out to keep your account safe. Please sign in again.")
                return redirect(f"{reverse('account_login')}?next={request.path}")
            request.session.setdefault("auth_started", started)
            if now - last_seen >= _IDLE_WRITE_GRANULARITY or "last_seen" not in request.session:
                request.session["last_seen"] = now
        return self.get_response(request)


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
