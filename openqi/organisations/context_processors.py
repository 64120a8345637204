"""The sign-in page's single sign-on buttons: one per registration (several organisations may
share one, NHSmail say: the first one's button text is shown); and, on a person's account page,
their organisations' sign-ons they have not linked yet, so staff moving to SSO are told how."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
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


def _sso_to_link(request: HttpRequest) -> list[dict[str, str]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    linked = set(user.socialaccount_set.values_list("provider", flat=True))
    to_link: dict[str, dict[str, str]] = {}
    for sso in (
        OrganisationSSO.objects.filter(organisation__memberships__user=user)
        .exclude(social_app__provider_id__in=linked)
        .select_related("organisation", "social_app")
        .order_by("organisation__name")
    ):
        to_link.setdefault(
            sso.social_app.provider_id,
            {
                "organisation": sso.organisation.name,
                "button_text": sso.button_text,
                "url": reverse("organisations:sso_link", args=[sso.social_app.provider_id]),
            },
        )
    return list(to_link.values())


def sso(request: HttpRequest) -> dict[str, Any]:
    """Single sign-on buttons for the sign-in page, and the signed-in person's sign-ons still to
    link, each looked up only when a page asks."""
    return {
        "sso_apps": SimpleLazyObject(lambda: _sso_apps(request)),
        "sso_to_link": SimpleLazyObject(lambda: _sso_to_link(request)),
    }
