"""Where a sign-in form may send the browser: OpenQI itself and the configured identity providers.

The policy's `form-action` is `'self'` only. Browsers apply it to the redirects that follow a form
post too, so a page whose form posts to the single sign-on start (which redirects to the identity
provider) must also allow that provider's origin. Providers are configured per organisation in the
database, so the origins are worked out per response.
"""

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponseBase

_REQUEST_ATTRIBUTE = "openqi_sso_form_action"


def sso_origin(app_settings: dict[str, Any]) -> str | None:
    """The origin (scheme://host[:port]) of an OpenID Connect app's server URL, if it has one."""
    parts = urlsplit(str(app_settings.get("server_url") or ""))
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def sso_origins_for(*, provider_id: str | None = None) -> list[str]:
    from allauth.socialaccount.models import SocialApp

    apps = SocialApp.objects.filter(provider="openid_connect")
    if provider_id is not None:
        apps = apps.filter(provider_id=provider_id)
    return sorted({origin for app in apps if (origin := sso_origin(app.settings or {}))})


def sso_form_action_allow(request: HttpRequest, origins: Iterable[str]) -> None:
    """Record that this response holds forms that lead to these identity providers."""
    current: set[str] = getattr(request, _REQUEST_ATTRIBUTE, set())
    setattr(request, _REQUEST_ATTRIBUTE, current | set(origins))


def sso_form_action_apply(request: HttpRequest, response: HttpResponseBase) -> None:
    """Add the recorded origins (and, on the sign-on start page, its provider's) to form-action."""
    origins: set[str] = set(getattr(request, _REQUEST_ATTRIBUTE, set()))
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "openid_connect_login":
        origins.update(sso_origins_for(provider_id=match.kwargs.get("provider_id", "")))
    if not origins:
        return
    update = dict(getattr(response, "_csp_update", None) or {})
    update["form-action"] = [*update.get("form-action", []), *sorted(origins)]
    # django-csp 4 reads this attribute to extend the policy for one response.
    response._csp_update = update  # type: ignore[attr-defined]
