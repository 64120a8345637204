"""CSP form-action: forms post to OpenQI itself, and sign-in pages to the configured identity providers."""

from typing import Any

from allauth.socialaccount.models import SocialApp
from django.test import Client

from openqi.organisations.models import OrganisationSSO


def _form_action(response: Any) -> list[str]:
    directives = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    found = next(d for d in directives if d.startswith("form-action "))
    return found.split()[1:]


def _configure_sso(organisation: Any, provider_id: str, server_url: str) -> SocialApp:
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id=provider_id,
        name=provider_id,
        client_id="client",
        secret="secret",
        settings={"server_url": server_url},
    )
    OrganisationSSO.objects.create(organisation=organisation, social_app=app)
    return app


def test_forms_may_post_only_to_openqi_itself_when_no_provider_is_configured(db: Any) -> None:
    for path in ("/", "/privacy/", "/accounts/login/"):
        assert _form_action(Client().get(path)) == ["'self'"], path


def test_the_sign_in_page_lets_its_buttons_reach_each_configured_provider_and_no_other_site(personas: Any) -> None:
    _configure_sso(personas.org_a, "alpha-entra", "https://login.microsoftonline.com/alpha-tenant/v2.0")
    _configure_sso(personas.org_b, "beta-idp", "https://idp.beta.example:8443/realms/beta")

    response = Client().get("/accounts/login/")

    assert response.status_code == 200
    assert _form_action(response) == ["'self'", "https://idp.beta.example:8443", "https://login.microsoftonline.com"]


def test_other_pages_allow_no_identity_provider(personas: Any) -> None:
    _configure_sso(personas.org_a, "alpha-entra", "https://login.microsoftonline.com/alpha-tenant/v2.0")

    assert _form_action(Client().get("/privacy/")) == ["'self'"]


def test_the_sign_on_start_page_allows_its_own_provider_only(personas: Any) -> None:
    _configure_sso(personas.org_a, "alpha-entra", "https://login.microsoftonline.com/alpha-tenant/v2.0")
    _configure_sso(personas.org_b, "beta-idp", "https://idp.beta.example/realms/beta")

    response = Client().get("/accounts/oidc/alpha-entra/login/")

    assert response.status_code == 200
    assert _form_action(response) == ["'self'", "https://login.microsoftonline.com"]
