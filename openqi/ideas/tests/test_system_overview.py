"""The ICS overview: counts by organisation and status, median days to first response, and anonymous
counts only for groups of at least k; for the ICS's system admins and executives only."""

import datetime
from typing import Any

import pytest
from django.test import Client

from openqi.conftest import client_for, give_totp
from openqi.factories import MembershipFactory, OrganisationFactory
from openqi.ideas import services
from openqi.ideas.models import IdeaEvent, Status
from openqi.ideas.selectors.system_overview import idea_system_overview
from openqi.ideas.tests.helpers import share
from openqi.organisations.models import Role, SystemMembership, SystemRole

pytestmark = pytest.mark.django_db
URL = "/o/alpha/ideas/ics-overview/"


def _executive(personas: Any, role: str = SystemRole.EXECUTIVE) -> Any:
    membership = MembershipFactory(organisation=personas.org_a, role=Role.STAFF)
    SystemMembership.objects.create(user=membership.user, system=personas.org_a.system, role=role)
    return membership.user


def test_counts_by_organisation_and_status_with_the_median_days_to_first_response(personas: Any) -> None:
    first, _ = share(personas.member)
    second, _ = share(personas.member)
    share(personas.member)
    beta_member = MembershipFactory(organisation=personas.org_b)
    share(beta_member)
    services.idea_change_status(actor=personas.lead.user, idea=first, status=Status.UNDER_REVIEW)
    services.idea_change_status(actor=personas.lead.user, idea=second, status=Status.UNDER_REVIEW)
    # Responses 2 and 6 days after sharing: the median is 4.
    for idea, days in ((first, 2), (second, 6)):
        IdeaEvent.objects.filter(idea=idea, kind="status").update(
            created_on=idea.submitted_on + datetime.timedelta(days=days)
        )
    OrganisationFactory(system=personas.org_a.system, name="Gamma GP Federation")
    overview = idea_system_overview(system=personas.org_a.system)
    alpha, beta, gamma = overview.rows
    assert alpha.organisation == "Alpha Hospitals NHS Trust"
    assert (alpha.total, alpha.by_status[:2]) == (3, [1, 2])
    assert (alpha.responded, alpha.median_days_to_response) == (2, 4.0)
    assert (beta.total, beta.median_days_to_response) == (1, None)
    assert (gamma.total, gamma.responded) == (0, 0)
    assert overview.total == 4
    assert overview.median_days_to_response == 4.0


def test_anonymous_counts_below_k_are_hidden_with_the_named_count_and_the_total(personas: Any) -> None:
    for _ in range(11):
        share(personas.member, identity="anonymous")
    share(personas.member)
    beta_member = MembershipFactory(organisation=personas.org_b)
    share(beta_member, identity="anonymous")
    overview = idea_system_overview(system=personas.org_a.system)
    alpha, beta = overview.rows
    assert (alpha.named, alpha.anonymous) == (1, 11)
    assert (beta.named, beta.anonymous) == (None, None)
    # 12 anonymous in all, but showing it would give Beta's 1 away.
    assert overview.anonymous_total is None


def test_an_executive_sees_every_organisation_of_the_ics(personas: Any) -> None:
    share(MembershipFactory(organisation=personas.org_b), title="Beta's idea")
    client = client_for(_executive(personas))
    page = client.get(URL).content.decode()
    assert "Ideas across the ICS" in page
    assert "Beta Community NHS Trust" in page
    assert "Beta's idea" not in page  # counts only
    assert "Ideas across" in client.get("/o/alpha/ideas/").content.decode()


def test_a_system_admin_sees_it_too(personas: Any) -> None:
    admin = _executive(personas, SystemRole.SYSTEM_ADMIN)
    give_totp(admin)  # admins must have two-factor set up
    client = client_for(admin)
    assert client.get(URL).status_code == 200


def test_people_without_a_system_role_are_refused(personas: Any, lead_client: Client, admin_client_a: Client) -> None:
    assert lead_client.get(URL).status_code == 403
    assert admin_client_a.get(URL).status_code == 403
    assert "Ideas across" not in lead_client.get("/o/alpha/ideas/").content.decode()


def test_an_executive_of_another_ics_is_refused(personas: Any) -> None:
    other = OrganisationFactory()
    membership = MembershipFactory(organisation=personas.org_a, role=Role.STAFF)
    SystemMembership.objects.create(user=membership.user, system=other.system, role=SystemRole.EXECUTIVE)
    assert client_for(membership.user).get(URL).status_code == 403


def test_outsiders_get_404(personas: Any, outsider_client: Client) -> None:
    assert outsider_client.get(URL).status_code == 404
