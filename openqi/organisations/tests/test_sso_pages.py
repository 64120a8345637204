"""allauth's pages a person can reach around single sign-on, in the NHS.UK design system (issue 21)."""

import re
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core import mail
from django.test import Client

from openqi.conftest import client_for
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
