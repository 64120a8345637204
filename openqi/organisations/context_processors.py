"""The sign-in page's single sign-on buttons: one per registration (several organisations may
share one, NHSmail say: the first one's button text is shown)."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from openqi.accounts.csp import sso_form_action_allow, sso_origin
from openqi.organisations.models import OrganisationSSO


def _sso_apps(request: HttpRequest) -> list[dict[str, str]]:
    configured = list(OrganisationSSO.objects.select_related("social_app").order_by("organisation__name"))
    # The buttons post to the sign-on start, which redirects to the provider: let the page's CSP allow it.
    sso_form_action_allow(request, filter(None, (sso_origin(sso.social_app.settings or {}) for sso in configured)))
    buttons: dict[str, str] = {}
    for sso in configured:
        buttons.setdefault(sso.social_app.provider_id, sso.button_text)
    return [{"provider_id": provider_id, "button_text": text} for provider_id, text in buttons.items()]


def sso(request: HttpRequest) -> dict[str, Any]:
    """Single sign-on buttons for the sign-in page, looked up only when a page asks."""
    return {"sso_apps": SimpleLazyObject(lambda: _sso_apps(request))}
