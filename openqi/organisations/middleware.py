"""The two-factor rule: organisation and system admins set up an authenticator app first."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from openqi.organisations.selectors import user_admin_roles, user_needs_mfa_setup
from openqi.organisations.sso_mfa import MFA_BY_PROVIDER


class RequireAdminMfaMiddleware:
    """Admins (organisation or system) must set up an authenticator app before anything else,
    unless this session's second factor was their identity provider's and it is trusted."""

    allowed_prefixes = ("/accounts/", "/static/", "/healthz", "/readyz", "/accessibility/", "/privacy/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        # Asked once per request in one query; the header's "System admin" link reads it back
        # (organisations/nav.py) instead of asking again.
        roles = user_admin_roles(user=user)
        request.openqi_admin_roles = roles  # type: ignore[attr-defined]  # read with getattr
        if (
            not request.path.startswith(self.allowed_prefixes)
            # Signed in by SSO with the provider's MFA, which their organisation trusts (sso_mfa.py).
            and not request.session.get(MFA_BY_PROVIDER)
            and user_needs_mfa_setup(user=user, admin_roles=roles)
        ):
            messages.warning(
                request,
                "Your role needs two-factor authentication. Set up an authenticator app to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
