"""Who may do what with ideas. (Outsiders get 404 on every URL: core's automatic test.)"""

from typing import Any

import pytest
from django.test import Client

from openqi.conftest import client_for
from openqi.factories import MembershipFactory
from openqi.ideas.models import Status
from openqi.ideas.tests.helpers import share
from openqi.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("action", ["status", "assign"])
def test_staff_cannot_triage(member_client: Client, personas: Any, action: str) -> None:
    idea, _ = share(personas.lead)
    assert member_client.get(f"/o/alpha/ideas/{idea.pk}/{action}/").status_code == 403
    assert member_client.post(f"/o/alpha/ideas/{idea.pk}/{action}/", {"status": "under_review"}).status_code == 403
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED


def test_staff_cannot_moderate_public_ideas(member_client: Client, personas: Any) -> None:
    assert member_client.get("/o/alpha/ideas/moderation/").status_code == 403


def test_a_qi_coach_can_triage(personas: Any) -> None:
    coach = client_for(MembershipFactory(organisation=personas.org_a, role=Role.QI_COACH).user)
    idea, _ = share(personas.member)
    assert coach.get(f"/o/alpha/ideas/{idea.pk}/status/").status_code == 200


def test_staff_cannot_answer_unless_they_own_the_idea(member_client: Client, personas: Any) -> None:
    from openqi.ideas import services

    idea, _ = share(personas.lead)
    services.idea_change_status(actor=personas.lead.user, idea=idea, status="not_taken_forward", message="No")
    assert member_client.get(f"/o/alpha/ideas/{idea.pk}/answer/").status_code == 403
    services.idea_assign(actor=personas.lead.user, idea=idea, owner=personas.member.user, team=None, response_due=None)
    assert member_client.get(f"/o/alpha/ideas/{idea.pk}/answer/").status_code == 200


def test_a_partner_cannot_reach_staff_ideas(personas: Any) -> None:
    partner = client_for(MembershipFactory(organisation=personas.org_a, role=Role.PARTNER).user)
    assert partner.get("/o/alpha/ideas/").status_code == 403


def test_an_idea_of_another_organisation_is_not_found_through_this_one(lead_client: Client, personas: Any) -> None:
    elsewhere, _ = share(personas.outsider)
    assert lead_client.get(f"/o/alpha/ideas/{elsewhere.pk}/").status_code == 404
