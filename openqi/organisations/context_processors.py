"""The sign-in page's single sign-on buttons: one per organisation that set up SSO."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from openqi.accounts.csp import sso_form_action_allow, sso_origin
from openqi.organisations.models import OrganisationSSO


def _sso_apps(request: HttpRequest) -> list[dict[str, str]]:
    configured = list(OrganisationSSO.objects.select_related("social_app").order_by("organisation__name"))
    # The buttons post to the sign-on start, which redirects to the provider: let the page's CSP allow it.
    sso_form_action_allow(request, filter(None, (sso_origin(sso.social_app.settings or {}) for sso in configured)))
    return [{"provider_id": sso.social_app.provider_id, "button_text": sso.button_text} for sso in configured]


def sso(request: HttpRequest) -> dict[str, Any]:
    """Single sign-on buttons for the sign-in page, looked up only when a page asks."""
    return {"sso_apps": SimpleLazyObject(lambda: _sso_apps(request))}
