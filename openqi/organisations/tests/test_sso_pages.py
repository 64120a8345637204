"""allauth's pages a person can reach around single sign-on, in the NHS.UK design system (issue 21)."""

import re
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core import mail
from django.test import Client

from openqi.conftest import client_for, give_totp
from openqi.organisations.models import OrganisationSSO, Role
from openqi.organisations.services import invitation_create


@pytest.fixture
def alpha_sso(personas: Any) -> OrganisationSSO:
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="alpha-nhsmail",
        name="Alpha NHSmail",
        client_id="client",
        secret="secret",
        settings={"server_url": "https://login.example/v2.0"},
    )
    return OrganisationSSO.objects.create(organisation=personas.org_a, social_app=app)


def test_the_continue_to_provider_page_is_an_nhs_page(alpha_sso: OrganisationSSO) -> None:
    response = Client().get("/accounts/oidc/alpha-nhsmail/login/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="nhsuk-heading-l">Sign in with Alpha NHSmail</h1>' in body
    assert "nhsuk-button" in body and "Sign In Via" not in body


def test_linked_sign_ins_are_listed_and_removable_on_an_nhs_page(personas: Any, alpha_sso: OrganisationSSO) -> None:
    member = personas.member.user
    account = SocialAccount.objects.create(
        user=member, provider="alpha-nhsmail", uid="sub-1", extra_data={"userinfo": {"email": member.email}}
    )
    client = client_for(member)
    body = client.get("/accounts/3rdparty/").content.decode()
    assert '<h1 class="nhsuk-heading-l">Linked sign-ins</h1>' in body
    assert f"Alpha NHSmail ({member.email})" in body
    assert "Account Connections" not in body
    response = client.post("/accounts/3rdparty/", {"account": account.pk})
    assert response.status_code == 302
    assert not SocialAccount.objects.filter(pk=account.pk).exists()


def test_an_invitation_to_an_organisation_with_sso_says_to_use_its_button(
    personas: Any, alpha_sso: OrganisationSSO
) -> None:
    invitation_create(
        actor=personas.admin.user,
        actor_role=Role.ORG_ADMIN,
        organisation=personas.org_a,
        email="invited@nhs.net",
        role=Role.PARTNER,
    )
    token = re.search(r"/invitations/([^/\s]+)/", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    body = Client().get(f"/invitations/{token}/").content.decode()
    assert "Alpha Hospitals NHS Trust uses single sign-on" in body
    assert "<strong>Sign in with NHSmail</strong>" in body


def test_the_link_pages_form_may_lead_to_its_provider(personas: Any, alpha_sso: OrganisationSSO) -> None:
    response = client_for(personas.member.user).get("/accounts/sso/alpha-nhsmail/link/")
    form_action = response["Content-Security-Policy"].split("form-action", 1)[1].split(";", 1)[0]
    assert "https://login.example" in form_action


def test_a_member_whose_organisation_uses_sso_is_told_on_their_account_page_how_to_link_it(
    personas: Any, alpha_sso: OrganisationSSO
) -> None:
    member = personas.member.user
    body = client_for(member).get("/account/preferences/").content.decode()
    assert "Alpha Hospitals NHS Trust lets you sign in to OpenQI with your work account" in body
    assert '<a href="/accounts/sso/alpha-nhsmail/link/">Link NHSmail to your account</a>' in body
    assert '<a href="/accounts/3rdparty/">Linked sign-ins</a>' in body

    SocialAccount.objects.create(user=member, provider="alpha-nhsmail", uid="sub-member")
    assert "/accounts/sso/alpha-nhsmail/link/" not in client_for(member).get("/account/preferences/").content.decode()
    outsider = client_for(personas.outsider.user).get("/account/preferences/").content.decode()
    assert "/accounts/sso/" not in outsider and "Alpha Hospitals" not in outsider


def test_the_link_page_of_a_shared_registration_names_only_the_persons_own_organisation(
    personas: Any, alpha_sso: OrganisationSSO
) -> None:
    OrganisationSSO.objects.create(
        organisation=personas.org_b, social_app=alpha_sso.social_app, button_text="Sign in with Beta NHSmail"
    )
    give_totp(personas.outsider.user)  # Beta's admin
    body = client_for(personas.outsider.user).get("/accounts/sso/alpha-nhsmail/link/").content.decode()
    assert "Link Beta Community NHS Trust's single sign-on" in body and "Sign in with Beta NHSmail" in body
    assert "Alpha Hospitals" not in body
    preferences = client_for(personas.outsider.user).get("/account/preferences/").content.decode()
    assert "Beta Community NHS Trust lets you sign in" in preferences and "Alpha Hospitals" not in preferences
