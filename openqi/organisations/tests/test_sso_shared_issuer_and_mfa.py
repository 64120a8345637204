"""One registration serving several organisations, and trusting the provider's MFA (issue 21,
ADR 0016), signed in through the loopback OpenID Connect provider like test_sso_sign_in.py."""

from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.test import Client

from openqi.accounts.models import User
from openqi.audit.models import AuditEvent
from openqi.factories import TeamFactory
from openqi.organisations.models import Membership, OrganisationSSO, Role
from openqi.organisations.services import invitation_create
from openqi.organisations.tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, LoopbackProvider
from openqi.organisations.tests.test_sso_sign_in import PROVIDER_ID, signed_in_as, sso_sign_in

pytestmark = pytest.mark.oidc


@pytest.fixture
def nhsmail(idp: LoopbackProvider) -> SocialApp:
    """One app registration at a shared issuer (NHSmail is one tenant for the whole NHS)."""
    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id=PROVIDER_ID,
        name="NHSmail",
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        settings={"server_url": idp.base_url},
    )


@pytest.fixture
def shared(personas: Any, nhsmail: SocialApp) -> tuple[OrganisationSSO, OrganisationSSO]:
    """Alpha and Beta on the same registration, each with its own domain and tenant rule."""
    alpha = OrganisationSSO.objects.create(
        organisation=personas.org_a,
        social_app=nhsmail,
        join_rule=OrganisationSSO.JoinRule.DOMAIN,
        allowed_domains="alpha.nhs.uk",
        required_claims={"tid": "alpha-tenant"},
        default_team=TeamFactory(organisation=personas.org_a, name="Alpha starters"),
    )
    beta = OrganisationSSO.objects.create(
        organisation=personas.org_b,
        social_app=nhsmail,
        join_rule=OrganisationSSO.JoinRule.DOMAIN,
        allowed_domains="beta.nhs.uk",
        default_role=Role.PARTNER,
    )
    return alpha, beta


# One issuer, several organisations, each with its own rule ------------------------------------


def test_each_organisation_on_a_shared_registration_admits_only_by_its_own_rule(
    personas: Any, shared: tuple[OrganisationSSO, OrganisationSSO], idp: LoopbackProvider
) -> None:
    alpha, _ = shared
    idp.person(sub="nhsmail-a", email="ann@alpha.nhs.uk", tid="alpha-tenant")
    first = Client()
    sso_sign_in(first)
    ann = signed_in_as(first)
    assert ann is not None
    [membership] = Membership.objects.filter(user=ann)
    assert (membership.organisation, membership.role, membership.team) == (
        personas.org_a,
        Role.STAFF,
        alpha.default_team,
    )

    idp.person(sub="nhsmail-b", email="bob@beta.nhs.uk")
    second = Client()
    sso_sign_in(second)
    bob = signed_in_as(second)
    assert bob is not None
    [membership] = Membership.objects.filter(user=bob)
    assert (membership.organisation, membership.role) == (personas.org_b, Role.PARTNER)


def test_a_person_admitted_by_two_organisations_joins_both(
    personas: Any, shared: tuple[OrganisationSSO, OrganisationSSO], idp: LoopbackProvider
) -> None:
    invitation_create(
        actor=personas.outsider.user,
        actor_role=Role.ORG_ADMIN,
        organisation=personas.org_b,
        email="cat@alpha.nhs.uk",
        role=Role.CHAMPION,
    )
    idp.person(sub="nhsmail-c", email="cat@alpha.nhs.uk", tid="alpha-tenant")
    client = Client()
    sso_sign_in(client)
    cat = signed_in_as(client)
    assert cat is not None
    roles = dict(Membership.objects.filter(user=cat).values_list("organisation__slug", "role"))
    assert roles == {personas.org_a.slug: Role.STAFF, personas.org_b.slug: Role.CHAMPION}


def test_someone_no_organisation_admits_sees_how_to_get_access_naming_no_organisation(
    personas: Any, shared: tuple[OrganisationSSO, OrganisationSSO], idp: LoopbackProvider
) -> None:
    # At Alpha's domain but without Alpha's tenant; not at Beta's domain.
    idp.person(sub="nhsmail-d", email="dan@alpha.nhs.uk", tid="another-tenant")
    client = Client()
    response = sso_sign_in(client)
    body = response.content.decode()
    assert response.status_code == 403
    assert "None of the organisations that use this sign-in lets you join without an invitation" in body
    assert "invite you" in body
    for name in (personas.org_a.name, personas.org_b.name, "alpha-tenant", "beta.nhs.uk"):
        assert name not in body
    assert signed_in_as(client) is None and not User.objects.filter(email="dan@alpha.nhs.uk").exists()
    [event] = AuditEvent.objects.filter(action="sso.refused")
    # Audited for the system's admins, not in either organisation's log.
    assert event.organisation is None and event.detail["reason"] == "no_organisation"


def test_one_organisation_on_its_own_registration_still_names_itself(
    personas: Any, nhsmail: SocialApp, idp: LoopbackProvider
) -> None:
    OrganisationSSO.objects.create(organisation=personas.org_a, social_app=nhsmail)
    idp.person(sub="nhsmail-e", email="eve@alpha.nhs.uk")
    response = sso_sign_in(Client())
    assert "You need an invitation to join Alpha Hospitals NHS Trust" in response.content.decode()
    assert AuditEvent.objects.get(action="sso.refused").organisation == personas.org_a


# Trusting the provider's MFA ---------------------------------------------------------------


@pytest.fixture
def admin_by_sso(personas: Any, shared: tuple[OrganisationSSO, OrganisationSSO], idp: LoopbackProvider) -> User:
    """Alpha's admin (who has an authenticator app) has linked their NHSmail sign-in."""
    admin = personas.admin.user
    SocialAccount.objects.create(user=admin, provider=PROVIDER_ID, uid="nhsmail-admin")
    return admin


def trust_mfa(sso: OrganisationSSO, acr_values: str = "") -> None:
    sso.trust_provider_mfa, sso.mfa_acr_values = True, acr_values
    sso.save()


def mfa_audit() -> list[str]:
    return [event.detail["second_factor"] for event in AuditEvent.objects.filter(action="sso.mfa").order_by("pk")]


def test_openqis_second_factor_applies_by_default_even_when_the_provider_did_mfa(
    admin_by_sso: User, idp: LoopbackProvider
) -> None:
    idp.person(sub="nhsmail-admin", email=admin_by_sso.email, amr=["pwd", "mfa"])
    client = Client()
    response = sso_sign_in(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_as(client) is None
    assert mfa_audit() == ["openqi"]


def test_a_trusted_provider_that_did_mfa_skips_openqis_second_factor(
    admin_by_sso: User, shared: tuple[OrganisationSSO, OrganisationSSO], idp: LoopbackProvider
) -> None:
    trust_mfa(shared[0])
    idp.person(sub="nhsmail-admin", email=admin_by_sso.email, amr=["pwd", "mfa"])
    client = Client()
    response = sso_sign_in(client)
    assert response.status_code == 302 and "/2fa/" not in response["Location"]
    assert signed_in_as(client) == admin_by_sso
    assert mfa_audit() == ["provider"]
    # No authenticator-app set-up demanded either: this session's second factor was the provider's.
    assert client.get(f"/o/{shared[0].organisation.slug}/").status_code == 200


@pytest.mark.parametrize(
    ("acr_values", "claims"),
    [
        ("", {"amr": ["pwd"]}),  # the provider says only a password was used
        ("", {}),  # says nothing
        ("urn:nhs:mfa", {"acr": "urn:nhs:low"}),  # an acr that is not on the organisation's list
        ("", {"amr": "pwd mfa"}),  # amr must be a list of methods, not a sentence
    ],
)
def test_a_trusted_provider_that_did_not_say_mfa_happened_still_gets_openqis_second_factor(
    admin_by_sso: User,
    shared: tuple[OrganisationSSO, OrganisationSSO],
    idp: LoopbackProvider,
    acr_values: str,
    claims: dict[str, Any],
) -> None:
    trust_mfa(shared[0], acr_values)
    idp.person(sub="nhsmail-admin", email=admin_by_sso.email, **claims)
    client = Client()
    response = sso_sign_in(client)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_as(client) is None
    assert mfa_audit() == ["openqi"]


def test_a_configured_acr_value_counts_as_mfa(
    admin_by_sso: User, shared: tuple[OrganisationSSO, OrganisationSSO], idp: LoopbackProvider
) -> None:
    trust_mfa(shared[0], "urn:nhs:low\nurn:nhs:mfa\n")
    idp.person(sub="nhsmail-admin", email=admin_by_sso.email, acr="urn:nhs:mfa")
    client = Client()
    sso_sign_in(client)
    assert signed_in_as(client) == admin_by_sso
    assert mfa_audit() == ["provider"]


def test_a_member_of_two_organisations_skips_openqis_factor_only_when_both_trust_the_provider(
    personas: Any, admin_by_sso: User, shared: tuple[OrganisationSSO, OrganisationSSO], idp: LoopbackProvider
) -> None:
    alpha, beta = shared
    Membership.objects.create(user=admin_by_sso, organisation=personas.org_b, role=Role.STAFF)
    trust_mfa(alpha)
    idp.person(sub="nhsmail-admin", email=admin_by_sso.email, amr=["mfa"])
    assert sso_sign_in(Client())["Location"] == "/accounts/2fa/authenticate/"
    trust_mfa(beta)
    client = Client()
    sso_sign_in(client)
    assert signed_in_as(client) == admin_by_sso


def test_a_password_sign_in_never_skips_openqis_second_factor(
    personas: Any, admin_by_sso: User, shared: tuple[OrganisationSSO, OrganisationSSO]
) -> None:
    trust_mfa(shared[0])
    admin_by_sso.set_password("a long test password 42")
    admin_by_sso.save()
    client = Client()
    response = client.post("/accounts/login/", {"login": admin_by_sso.email, "password": "a long test password 42"})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert not AuditEvent.objects.filter(action="sso.mfa").exists()
