"""Personas shared by every test: a member, a lead and an admin of organisation A, and an
outsider who belongs only to organisation B."""

from dataclasses import dataclass
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from openqi.core.tests.browser import browser, live_server, page  # noqa: F401  (browser fixtures for every app)
from openqi.factories import MembershipFactory, OrganisationFactory, TeamFactory, UserFactory
from openqi.organisations.models import Membership, Organisation, Role


@dataclass
class Personas:
    org_a: Organisation
    org_b: Organisation
    member: Membership
    lead: Membership
    admin: Membership
    outsider: Membership


TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105  (a test-only authenticator secret)


def give_totp(user: Any) -> None:
    """Admins must have two-factor set up; tests that are not about MFA give them one."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})


@pytest.fixture
def personas(db: Any) -> Personas:
    org_a = OrganisationFactory(name="Alpha Hospitals NHS Trust", slug="alpha")
    org_b = OrganisationFactory(name="Beta Community NHS Trust", slug="beta", system=org_a.system)
    ward = TeamFactory(organisation=org_a, name="Ward 1")
    admin = MembershipFactory(organisation=org_a, role=Role.ORG_ADMIN, user=UserFactory(email="admin@alpha.nhs.uk"))
    give_totp(admin.user)
    return Personas(
        org_a=org_a,
        org_b=org_b,
        member=MembershipFactory(
            organisation=org_a, role=Role.STAFF, team=ward, user=UserFactory(email="member@alpha.nhs.uk")
        ),
        lead=MembershipFactory(organisation=org_a, role=Role.LEAD, user=UserFactory(email="lead@alpha.nhs.uk")),
        admin=admin,
        outsider=MembershipFactory(
            organisation=org_b, role=Role.ORG_ADMIN, user=UserFactory(email="admin@beta.nhs.uk")
        ),
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def member_client(personas: Personas) -> Client:
    return client_for(personas.member.user)


@pytest.fixture
def lead_client(personas: Personas) -> Client:
    return client_for(personas.lead.user)


@pytest.fixture
def admin_client_a(personas: Personas) -> Client:
    return client_for(personas.admin.user)


@pytest.fixture
def outsider_client(personas: Personas) -> Client:
    give_totp(personas.outsider.user)
    return client_for(personas.outsider.user)


@pytest.fixture(autouse=True)
def _run_on_commit_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs inside a transaction that never commits, so on_commit callbacks (which
    queue email tasks) would never fire: run them straight away instead."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate-limit counters live in the cache; one test's failed sign-ins must not lock out the next."""
    from django.core.cache import cache

    cache.clear()
