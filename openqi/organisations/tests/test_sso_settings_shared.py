"""The settings page for a registration several organisations share, and for trusting the
provider's MFA (issue 21, ADR 0016)."""

from typing import Any

import pytest
from allauth.socialaccount.models import SocialApp
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for, give_totp
from openqi.organisations.models import OrganisationSSO
from openqi.organisations.sso_settings import secret_reveal
from openqi.organisations.tests.oidc_provider import CLIENT_SECRET, LoopbackProvider
from openqi.organisations.tests.test_sso_settings import settings_data

pytestmark = pytest.mark.oidc

ALPHA, BETA = "/o/alpha/sso/", "/o/beta/sso/"


@pytest.fixture
def alpha_admin(personas: Any, idp: LoopbackProvider) -> Client:
    client = client_for(personas.admin.user)
    data = settings_data(idp.base_url, join_rule="domain", allowed_domains="alpha-trust.nhs.uk")
    assert client.post(ALPHA, data).status_code == 302
    return client


@pytest.fixture
def beta_admin(personas: Any) -> Client:
    give_totp(personas.outsider.user)  # Beta's organisation admin
    return client_for(personas.outsider.user)


def test_a_second_organisation_with_the_same_registration_and_secret_shares_it(
    personas: Any, idp: LoopbackProvider, alpha_admin: Client, beta_admin: Client
) -> None:
    data = settings_data(idp.base_url, join_rule="domain", allowed_domains="beta.nhs.uk", button_text="Sign in")
    assert beta_admin.post(BETA, data).status_code == 302
    [app] = SocialApp.objects.all()
    alpha, beta = (OrganisationSSO.objects.get(organisation=org) for org in (personas.org_a, personas.org_b))
    assert alpha.social_app == beta.social_app == app
    assert (alpha.domains(), beta.domains()) == (["alpha-trust.nhs.uk"], ["beta.nhs.uk"])
    assert (
        AuditEvent.objects.filter(action="sso.configure", organisation=personas.org_b)
        .get()
        .detail["shared_registration"]
    )
    # Each page says the registration is shared, and shows only its own rule.
    beta_page = beta_admin.get(BETA).content.decode()
    assert "shared with 1 other organisation on OpenQI" in beta_page
    assert "beta.nhs.uk" in beta_page
    assert "alpha-trust.nhs.uk" not in beta_page and personas.org_a.name not in beta_page
    # One button on the sign-in page for the one registration.
    assert Client().get("/accounts/login/").content.decode().count(f"/accounts/oidc/{app.provider_id}/login/") == 1


def test_knowing_the_client_id_without_the_secret_never_joins_anothers_registration(
    personas: Any, idp: LoopbackProvider, alpha_admin: Client, beta_admin: Client
) -> None:
    data = settings_data(idp.base_url, client_secret="a guess")
    assert beta_admin.post(BETA, data).status_code == 302
    alpha, beta = (OrganisationSSO.objects.get(organisation=org) for org in (personas.org_a, personas.org_b))
    assert alpha.social_app != beta.social_app
    assert secret_reveal(alpha.social_app.secret) == CLIENT_SECRET


def test_changing_a_shared_registration_gives_that_organisation_its_own_copy(
    personas: Any, idp: LoopbackProvider, alpha_admin: Client, beta_admin: Client
) -> None:
    beta_admin.post(BETA, settings_data(idp.base_url))
    shared = SocialApp.objects.get()
    # Beta enters another secret (and the oid claim): Alpha's sign-in is untouched.
    assert (
        beta_admin.post(BETA, settings_data(idp.base_url, client_secret="rotated", uid_field="oid")).status_code == 302
    )
    alpha, beta = (OrganisationSSO.objects.get(organisation=org) for org in (personas.org_a, personas.org_b))
    assert alpha.social_app == shared and beta.social_app != shared
    shared.refresh_from_db()
    assert secret_reveal(shared.secret) == CLIENT_SECRET and shared.settings["uid_field"] == "sub"
    assert secret_reveal(beta.social_app.secret) == "rotated" and beta.social_app.settings["uid_field"] == "oid"
    # Only its rule changed: Beta's rule edits never touch the shared registration.
    alpha_admin.post(ALPHA, settings_data(idp.base_url, client_secret="", join_rule="invitation"))
    assert OrganisationSSO.objects.get(organisation=personas.org_a).social_app == shared


def test_trusting_the_providers_mfa_is_off_by_default_and_saved_with_its_acr_values(
    personas: Any, idp: LoopbackProvider, alpha_admin: Client
) -> None:
    sso = OrganisationSSO.objects.get(organisation=personas.org_a)
    assert sso.trust_provider_mfa is False
    data = settings_data(idp.base_url, client_secret="", trust_provider_mfa="on", mfa_acr_values="urn:a\n\n urn:b ")
    assert alpha_admin.post(ALPHA, data).status_code == 302
    sso.refresh_from_db()
    assert sso.trust_provider_mfa is True and sso.acr_values() == ["urn:a", "urn:b"]
    event = AuditEvent.objects.filter(action="sso.configure").latest("pk")
    assert event.detail["trust_provider_mfa"] is True and event.detail["mfa_acr_values"] == ["urn:a", "urn:b"]
    page = alpha_admin.get(ALPHA).content.decode()
    assert "Trust the provider" in page and "urn:a\nurn:b" in page


def test_an_acr_value_with_a_space_is_refused_and_nothing_changes(
    personas: Any, idp: LoopbackProvider, alpha_admin: Client
) -> None:
    data = settings_data(idp.base_url, trust_provider_mfa="on", mfa_acr_values="urn:a urn:b")
    response = alpha_admin.post(ALPHA, data)
    assert response.status_code == 400 and "without spaces" in response.content.decode()
    assert OrganisationSSO.objects.get(organisation=personas.org_a).trust_provider_mfa is False
