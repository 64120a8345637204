"""The two-factor rule: organisation and system admins set up an authenticator app first."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from openqi.organisations.selectors import user_needs_mfa_setup


class RequireAdminMfaMiddleware:
    """Admins (organisation or system) must set up an authenticator app before anything else."""

    allowed_prefixes = ("/accounts/", "/static/", "/healthz", "/readyz", "/accessibility/", "/privacy/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            and user_needs_mfa_setup(user=user)
        ):
            messages.warning(
                request,
                "Your role needs two-factor authentication. Set up an authenticator app to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
