"""Every remove in a project asks first on its own page (GET changes nothing), acts on the POST
from that page, and leaves an audit entry holding what is needed to put the thing back."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Role
from openqi.projects import services
from openqi.projects.models import (
    FishboneCause,
    InvolvementEntry,
    ProcessStep,
    Project,
    ProjectLink,
    ProjectMember,
    WhyStep,
)
from openqi.projects.services.involvement import involvement_add

pytestmark = pytest.mark.django_db


def _ask_then_act(client: Client, url: str, heading: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, url
    text = page.content.decode()
    assert heading in text and 'method="post"' in text and ">Cancel</a>" in text
    response = client.post(url)
    assert response.status_code == 302, url
    return response["Location"]


def test_removing_a_fishbone_cause_asks_first(project: Project, personas: Any, lead_client: Client) -> None:
    lead = personas.lead.user
    fishbone = services.fishbone_create(actor=lead, project=project, problem="Falls at night")
    cause = services.fishbone_cause_add(actor=lead, fishbone=fishbone, category="people", text="Tired staff")
    url = f"/o/alpha/projects/{project.pk}/causes/fishbones/{fishbone.pk}/causes/{cause.pk}/remove/"
    lead_client.get(url)
    assert FishboneCause.objects.filter(pk=cause.pk).exists()
    _ask_then_act(lead_client, url, "Remove the cause ‘Tired staff’?")
    assert not FishboneCause.objects.filter(pk=cause.pk).exists()
    assert AuditEvent.objects.get(action="fishbone.cause_remove").detail == {
        "category": "people",
        "text": "Tired staff",
    }


def test_removing_the_last_why_asks_first(project: Project, personas: Any, lead_client: Client) -> None:
    lead = personas.lead.user
    chain = services.why_chain_create(actor=lead, project=project, problem="Falls")
    services.why_step_add(actor=lead, chain=chain, answer="No sensor mats")
    url = f"/o/alpha/projects/{project.pk}/causes/whys/{chain.pk}/remove-last/"
    _ask_then_act(lead_client, url, "Remove why 1?")
    assert not WhyStep.objects.exists()
    assert AuditEvent.objects.get(action="whys.remove").detail == {"position": 1, "answer": "No sensor mats"}


def test_deleting_a_process_step_asks_first_and_the_audit_holds_the_step(
    project: Project, personas: Any, lead_client: Client
) -> None:
    lead = personas.lead.user
    process_map = services.process_map_create(actor=lead, project=project, title="Admission")
    services.process_step_add(actor=lead, process_map=process_map, kind="start_end", text="Arrive")
    step = services.process_step_add(
        actor=lead, process_map=process_map, kind="wait", text="Wait for a bed", owner="Bed manager", minutes=90
    )
    base = f"/o/alpha/projects/{project.pk}/process-maps/{process_map.pk}/steps/{step.pk}/"
    # The old one-click Delete button now leads to the question.
    assert lead_client.post(base + "change/", {"action": "delete"})["Location"].endswith("/remove/")
    assert ProcessStep.objects.filter(pk=step.pk).exists()
    _ask_then_act(lead_client, base + "remove/", "Delete the step ‘Wait for a bed’?")
    assert not ProcessStep.objects.filter(pk=step.pk).exists()
    assert AuditEvent.objects.get(action="process_map.step_delete").detail == {
        "step": "Wait for a bed",
        "position": 1,
        "kind": "wait",
        "owner": "Bed manager",
        "minutes": 90,
        "value_adding": False,
    }


def test_removing_a_team_member_asks_first_and_keeps_their_role(
    project: Project, personas: Any, lead_client: Client
) -> None:
    member = services.project_member_add(
        actor=personas.lead.user, project=project, user=personas.member.user, role="qi_coach"
    )
    url = f"/o/alpha/projects/{project.pk}/members/{member.pk}/remove/"
    _ask_then_act(lead_client, url, "from the project team?")
    assert not ProjectMember.objects.filter(pk=member.pk).exists()
    detail = AuditEvent.objects.get(action="project.member_remove").detail
    assert detail["role"] == "qi_coach" and detail["user_id"] == personas.member.user.pk


def test_removing_a_link_asks_first_and_keeps_its_evidence(
    project: Project, personas: Any, lead_client: Client
) -> None:
    link = services.project_link_add(
        actor=personas.lead.user,
        project=project,
        kind="measure",
        ref_id=42,
        label="Falls per 1,000 bed days",
        has_baseline=True,
        evidence="improvement",
        measure_type="outcome",
    )
    _ask_then_act(lead_client, f"/o/alpha/projects/{project.pk}/links/{link.pk}/remove/", "Remove the link to")
    assert not ProjectLink.objects.filter(pk=link.pk).exists()
    assert AuditEvent.objects.get(action="project.link_remove").detail == {
        "kind": "measure",
        "ref_id": 42,
        "label": "Falls per 1,000 bed days",
        "has_baseline": True,
        "evidence": "improvement",
        "measure_type": "outcome",
    }


def test_removing_an_involvement_entry_asks_first_and_keeps_the_payment(
    project: Project, personas: Any, lead_client: Client
) -> None:
    lead = personas.lead.user
    membership = MembershipFactory(
        organisation=personas.org_a, role=Role.PARTNER, user=UserFactory(full_name="Pat Carer")
    )
    partner = services.project_member_add(actor=lead, project=project, user=membership.user, role="partner")
    entry = involvement_add(
        actor=lead,
        project=project,
        member=partner,
        date=datetime.date.today() - datetime.timedelta(days=2),
        activity="Co-design workshop",
        hours=Decimal("2.5"),
        voucher=Decimal("25"),
    )
    url = f"/o/alpha/projects/{project.pk}/involvement/{entry.pk}/remove/"
    _ask_then_act(lead_client, url, "Remove the entry for")
    assert not InvolvementEntry.objects.filter(pk=entry.pk).exists()
    detail = AuditEvent.objects.get(action="involvement.remove").detail
    assert detail["activity"] == "Co-design workshop" and detail["hours"] == "2.50" and detail["voucher"] == "25.00"
    assert detail["user"] == membership.user.pk and detail["person_name"] == "Pat Carer"


def test_a_team_member_without_lead_rights_cannot_even_see_the_lead_confirmations(
    project: Project, personas: Any, member_client: Client
) -> None:
    link = services.project_link_add(
        actor=personas.lead.user, project=project, kind="idea", ref_id=1, label="Idea", has_baseline=False
    )
    assert member_client.get(f"/o/alpha/projects/{project.pk}/links/{link.pk}/remove/").status_code == 403
    assert member_client.get(f"/o/alpha/projects/{project.pk}/archive/").status_code == 403
