"""Signing in through a real OpenID Connect provider on loopback (issue 21, ADR 0016).

The provider (tests/oidc_provider.py) runs once per test session in a thread; each test says who
is signed in there. The Django test client plays the browser on OpenQI's side and `requests`
plays it at the provider, so every hop of the code flow with PKCE and nonce really happens.
"""

import re
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core import mail
from django.test import Client

from openqi.accounts.models import User
from openqi.audit.models import AuditEvent
from openqi.factories import TeamFactory
from openqi.organisations.models import Membership, OrganisationSSO, Role
from openqi.organisations.services import invitation_create
from openqi.organisations.tests import oidc_provider
from openqi.organisations.tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, LoopbackProvider

pytestmark = pytest.mark.oidc

PROVIDER_ID = "alpha-nhsmail"


@pytest.fixture
def alpha_sso(personas: Any, idp: LoopbackProvider) -> OrganisationSSO:
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id=PROVIDER_ID,
        name="Alpha NHSmail",
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        settings={"server_url": idp.base_url},
    )
    return OrganisationSSO.objects.create(organisation=personas.org_a, social_app=app)


def start(client: Client, **data: str) -> Any:
    """Press the sign-in button: OpenQI answers with a redirect to the provider (or a problem page)."""
    return client.post(f"/accounts/oidc/{PROVIDER_ID}/login/", data)


def at_provider(response: Any) -> requests.Response:
    assert response.status_code == 302, response.content.decode()[:500]
    return requests.get(response["Location"], allow_redirects=False, timeout=5)


def back_to_openqi(client: Client, provider_response: requests.Response) -> Any:
    assert provider_response.status_code == 302, provider_response.text
    callback = urlsplit(provider_response.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


def sso_sign_in(client: Client, **data: str) -> Any:
    return back_to_openqi(client, at_provider(start(client, **data)))


def signed_in_as(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.filter(pk=user_id).first() if user_id else None


def refusals(reason: str) -> list[AuditEvent]:
    return [event for event in AuditEvent.objects.filter(action="sso.refused") if event.detail["reason"] == reason]


# Joining follows the organisation's rule (defect 1) ------------------------------------------


def test_a_stranger_the_provider_knows_is_refused_with_a_way_to_get_access(
    alpha_sso: OrganisationSSO, idp: LoopbackProvider
) -> None:
    idp.person(sub="nhsmail-stranger", email="someone@elsewhere.nhs.net")
    client = Client()
    response = sso_sign_in(client)
    body = response.content.decode()
    assert response.status_code == 403
    assert "You need an invitation to join Alpha Hospitals NHS Trust" in body
    assert "/accounts/login/" in body  # local sign-in still offered
    assert signed_in_as(client) is None
    assert not User.objects.filter(email="someone@elsewhere.nhs.net").exists()
    assert not SocialAccount.objects.exists()
    [event] = refusals("no_invitation")
    assert event.organisation == alpha_sso.organisation and event.detail["email"] == "someone@elsewhere.nhs.net"


def test_an_invited_person_joins_with_the_invitations_role_and_team(
    personas: Any, alpha_sso: OrganisationSSO, idp: LoopbackProvider
) -> None:
    team = TeamFactory(organisation=personas.org_a, name="Patient panel")
    invitation_create(
        actor=personas.admin.user,
        actor_role=Role.ORG_ADMIN,
        organisation=personas.org_a,
        email="pat.partner@nhs.net",
        role=Role.PARTNER,
        team=team,
    )
    idp.person(sub="nhsmail-pat", email="Pat.Partner@nhs.net")
    client = Client()
    sso_sign_in(client)
    user = signed_in_as(client)
    assert user is not None and user.email.lower() == "pat.partner@nhs.net"
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role, membership.team) == (personas.org_a, Role.PARTNER, team)
    assert SocialAccount.objects.get(user=user).uid == "nhsmail-pat"
    assert AuditEvent.objects.filter(action="invitation.accept", detail__via="single sign-on").exists()


def test_an_invitation_link_proves_the_address_even_when_the_provider_does_not_say_it_is_verified(
    personas: Any, alpha_sso: OrganisationSSO, idp: LoopbackProvider
) -> None:
    invitation = invitation_create(
        actor=personas.admin.user,
        actor_role=Role.ORG_ADMIN,
        organisation=personas.org_a,
        email="new.coach@nhs.net",
        role=Role.QI_COACH,
    )
    [email] = [message for message in mail.outbox if invitation.email in message.to]
    token = re.search(r"/invitations/([^/\s]+)/", email.body).group(1)  # type: ignore[union-attr]
    client = Client()
    assert client.get(f"/invitations/{token}/").status_code == 200
    idp.person(sub="nhsmail-coach", email="new.coach@nhs.net", email_verified=False)
    sso_sign_in(client)
    assert Membership.objects.get(user__email="new.coach@nhs.net").role == Role.QI_COACH


def test_an_unverified_address_never_matches_an_invitation_by_itself(
    personas: Any, alpha_sso: OrganisationSSO, idp: LoopbackProvider
) -> None:
    invitation_create(
        actor=personas.admin.user,
        actor_role=Role.ORG_ADMIN,
        organisation=personas.org_a,
        email="claimed@nhs.net",
        role=Role.LEAD,
    )
    idp.person(sub="nhsmail-impostor", email="claimed@nhs.net", email_verified=False)
    response = sso_sign_in(Client())
    assert response.status_code == 403
    assert not Membership.objects.filter(user__email="claimed@nhs.net").exists()
    assert refusals("email_not_verified")


@pytest.fixture
def domain_rule(personas: Any, alpha_sso: OrganisationSSO) -> OrganisationSSO:
    alpha_sso.join_rule = OrganisationSSO.JoinRule.DOMAIN
    alpha_sso.allowed_domains = "alpha.nhs.uk\n@ALPHA-TRUST.nhs.net\n"
    alpha_sso.required_claims = {"tid": "alpha-tenant"}
    alpha_sso.default_team = TeamFactory(organisation=personas.org_a, name="New starters")
    alpha_sso.save()
    return alpha_sso


def test_a_verified_address_at_an_allowed_domain_with_the_tenant_joins_with_the_default_role(
    domain_rule: OrganisationSSO, idp: LoopbackProvider
) -> None:
    idp.person(sub="entra-oid-1", email="new.nurse@alpha-trust.nhs.net", tid="alpha-tenant")
    client = Client()
    sso_sign_in(client)
    user = signed_in_as(client)
    assert user is not None
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.team) == (Role.STAFF, domain_rule.default_team)
    assert AuditEvent.objects.filter(action="membership.sso_join", detail__rule="domain").exists()


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"email": "someone@beta.nhs.uk", "tid": "alpha-tenant"}, "domain_not_allowed"),
        ({"email": "someone@alpha.nhs.uk", "tid": "another-trusts-tenant"}, "claim_mismatch"),
        ({"email": "someone@alpha.nhs.uk"}, "claim_mismatch"),
        ({"email": "someone@alpha.nhs.uk", "tid": "alpha-tenant", "email_verified": False}, "email_not_verified"),
    ],
)
def test_the_domain_rule_refuses_other_domains_tenants_and_unverified_addresses(
    domain_rule: OrganisationSSO, idp: LoopbackProvider, claims: dict[str, Any], reason: str
) -> None:
    idp.person(sub="entra-oid-2", **claims)
    client = Client()
    response = sso_sign_in(client)
    assert response.status_code == 403
    assert signed_in_as(client) is None
    assert not Membership.objects.filter(user__email=claims["email"]).exists()
    assert refusals(reason)


# Existing members link their SSO identity after proving the local account (defect 2) ---------


def test_an_existing_member_is_guided_to_link_and_then_signs_in_by_sso(
    personas: Any, alpha_sso: OrganisationSSO, idp: LoopbackProvider
) -> None:
    member = personas.member.user
    idp.person(sub="nhsmail-member", email=member.email)
    client = Client()
    response = sso_sign_in(client)
    body = response.content.decode()
    assert response.status_code == 403
    assert "Sign in with your password" in body and f"/accounts/sso/{PROVIDER_ID}/link/" in body
    assert signed_in_as(client) is None and not SocialAccount.objects.exists()
    assert "Confirmation email sent" not in body

    client.force_login(member)  # proved the local account (password, and MFA where it applies)
    link_page = client.get(f"/accounts/sso/{PROVIDER_ID}/link/")
    assert link_page.status_code == 200 and 'name="process" value="connect"' in link_page.content.decode()
    sso_sign_in(client, process="connect", next=f"/accounts/sso/{PROVIDER_ID}/link/")
    assert SocialAccount.objects.get(provider=PROVIDER_ID).user == member

    later = Client()
    sso_sign_in(later)
    assert signed_in_as(later) == member
    assert Membership.objects.filter(user=member).count() == 1


def test_someone_who_already_signs_in_by_sso_joins_when_invited(
    personas: Any, alpha_sso: OrganisationSSO, idp: LoopbackProvider
) -> None:
    person = personas.outsider.user  # a member of Beta who signs in with the same provider
    SocialAccount.objects.create(user=person, provider=PROVIDER_ID, uid="nhsmail-beta-admin")
    idp.person(sub="nhsmail-beta-admin", email=person.email)
    sso_sign_in(Client())
    assert not Membership.objects.filter(user=person, organisation=personas.org_a).exists()
    invitation_create(
        actor=personas.admin.user,
        actor_role=Role.ORG_ADMIN,
        organisation=personas.org_a,
        email=person.email,
        role=Role.CHAMPION,
    )
    sso_sign_in(Client())
    assert Membership.objects.get(user=person, organisation=personas.org_a).role == Role.CHAMPION


def test_the_link_page_needs_a_signed_in_member(alpha_sso: OrganisationSSO) -> None:
    response = Client().get(f"/accounts/sso/{PROVIDER_ID}/link/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# The provider down, or its answer wrong (defects 3 and 6) ------------------------------------


def test_starting_sign_in_while_the_provider_is_down_shows_a_clear_page_not_500(
    alpha_sso: OrganisationSSO, caplog: pytest.LogCaptureFixture
) -> None:
    alpha_sso.social_app.settings = {"server_url": oidc_provider.closed_port_url()}
    alpha_sso.social_app.save()
    response = start(Client())
    body = response.content.decode()
    assert response.status_code == 503
    assert '<h1 class="nhsuk-heading-l">You could not be signed in</h1>' in body
    assert "could not reach your organisation" in body
    assert "sign in with your email address and password" in body
    assert "provider_unreachable" in caplog.text
    assert refusals("provider_unreachable")


def test_returning_to_the_callback_while_the_provider_is_down_shows_a_clear_page_not_500(
    alpha_sso: OrganisationSSO, idp: LoopbackProvider
) -> None:
    idp.person(sub="nhsmail-x", email="x@alpha.nhs.uk")
    client = Client()
    provider_answer = at_provider(start(client))
    alpha_sso.social_app.settings = {"server_url": oidc_provider.closed_port_url()}
    alpha_sso.social_app.save()
    response = back_to_openqi(client, provider_answer)
    assert response.status_code == 503
    assert "could not reach your organisation" in response.content.decode()
    assert signed_in_as(client) is None


@pytest.mark.parametrize(
    "spoiled",
    [
        {"aud": "some-other-client"},
        {"exp": int(time.time()) - 600, "iat": int(time.time()) - 900},
        {"iss": "https://x"},
    ],
)
def test_an_id_token_for_another_client_expired_or_from_another_issuer_is_refused(
    personas: Any, alpha_sso: OrganisationSSO, idp: LoopbackProvider, spoiled: dict[str, Any]
) -> None:
    idp.person(sub="nhsmail-member", email=personas.member.user.email)
    SocialAccount.objects.create(user=personas.member.user, provider=PROVIDER_ID, uid="nhsmail-member")
    idp.spoil(**spoiled)
    client = Client()
    response = sso_sign_in(client)
    assert response.status_code == 400
    assert "refused or could not complete the sign-in" in response.content.decode()
    assert "Third-Party Login Failure" not in response.content.decode()
    assert signed_in_as(client) is None
    assert refusals("provider_error")


def test_a_nonce_is_sent_and_an_id_token_with_another_nonce_is_refused(
    personas: Any, alpha_sso: OrganisationSSO, idp: LoopbackProvider
) -> None:
    SocialAccount.objects.create(user=personas.member.user, provider=PROVIDER_ID, uid="nhsmail-member")
    idp.person(sub="nhsmail-member", email=personas.member.user.email)
    client = Client()
    sso_sign_in(client)
    assert signed_in_as(client) == personas.member.user
    assert idp.authorize_requests[-1]["nonce"]
    assert idp.authorize_requests[-1]["code_challenge_method"] == "S256"

    idp.spoil(nonce="replayed-from-elsewhere")
    other = Client()
    response = sso_sign_in(other)
    assert response.status_code == 400 and signed_in_as(other) is None
    assert refusals("nonce_mismatch")


# Sign-out ends the provider's session too (defect 6) ------------------------------------------


def test_signing_out_after_sso_signs_out_at_the_provider(
    personas: Any, alpha_sso: OrganisationSSO, idp: LoopbackProvider
) -> None:
    SocialAccount.objects.create(user=personas.member.user, provider=PROVIDER_ID, uid="nhsmail-member")
    idp.person(sub="nhsmail-member", email=personas.member.user.email)
    client = Client()
    sso_sign_in(client)
    response = client.post("/accounts/logout/")
    assert signed_in_as(client) is None
    end_session = urlsplit(response["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == f"{idp.base_url}/logout"
    query = parse_qs(end_session.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["post_logout_redirect_uri"][0].endswith("/accounts/login/")
    requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert idp.end_session_requests[-1]["client_id"] == CLIENT_ID


def test_signing_out_after_a_password_sign_in_stays_local(personas: Any, alpha_sso: OrganisationSSO) -> None:
    client = Client()
    client.force_login(personas.member.user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"].startswith("/")
