"""The sign-in page's single sign-on buttons: one per organisation that set up SSO."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from openqi.organisations.models import OrganisationSSO


def _sso_apps() -> list[dict[str, str]]:
    return [
        {"provider_id": sso.social_app.provider_id, "button_text": sso.button_text}
        for sso in OrganisationSSO.objects.select_related("social_app").order_by("organisation__name")
    ]


def sso(request: HttpRequest) -> dict[str, Any]:
    """Single sign-on buttons for the sign-in page, looked up only when a page asks."""
    return {"sso_apps": SimpleLazyObject(_sso_apps)}
