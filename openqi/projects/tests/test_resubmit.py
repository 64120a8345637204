"""Issue 24, point 3: project forms sent twice with one submission token create one thing."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openqi.core.tests.resubmit import send_twice
from openqi.factories import MembershipFactory, OrganisationFactory, UserFactory
from openqi.organisations.models import Role
from openqi.projects import services
from openqi.projects.models import (
    DriverNode,
    Fishbone,
    FishboneCause,
    InvolvementEntry,
    PdsaCycle,
    ProcessMap,
    ProcessStep,
    Project,
    ProjectLink,
    ProjectMember,
    ProjectOrganisation,
    Story,
    WhyChain,
    WhyStep,
)

pytestmark = pytest.mark.django_db


def test_a_project_started_twice_is_started_once(personas: Any, lead_client: Client) -> None:
    data = {"title": "Fewer falls", "problem": "Falls doubled.", "visibility": "organisation"}
    first, _ = send_twice(lead_client, "/o/alpha/projects/new/", data, count=Project.objects.count)
    assert first["Location"] == f"/o/alpha/projects/{Project.objects.get().pk}/"


def test_a_pdsa_cycle_planned_twice_is_planned_once(project: Project, lead_client: Client) -> None:
    data = {"objective": "Try a falls sensor", "question": "Will it work?", "prediction": "Fewer falls"}
    first, _ = send_twice(lead_client, f"/o/alpha/projects/{project.pk}/pdsa/new/", data, count=PdsaCycle.objects.count)
    assert first["Location"].endswith(f"/pdsa/{PdsaCycle.objects.get().pk}/")


def test_a_closed_project_copied_twice_is_copied_once(project: Project, personas: Any, lead_client: Client) -> None:
    services.project_update(actor=personas.lead.user, project=project, stage="closed")
    url = f"/o/alpha/projects/{project.pk}/copy/"
    send_twice(lead_client, url, {"title": "Falls on Ward 7"}, count=Project.objects.count)


def test_a_driver_added_twice_is_added_once(project: Project, lead_client: Client) -> None:
    url = f"/o/alpha/projects/{project.pk}/drivers/add/"
    send_twice(lead_client, url, {"text": "Safer beds"}, count=DriverNode.objects.count)


def test_a_link_added_twice_is_added_once(project: Project, lead_client: Client) -> None:
    url = f"/o/alpha/projects/{project.pk}/links/"
    send_twice(lead_client, url, {"kind": "measure", "ref_id": "4", "label": "Falls"}, count=ProjectLink.objects.count)


def test_a_member_added_twice_is_added_once(project: Project, personas: Any, lead_client: Client) -> None:
    url = f"/o/alpha/projects/{project.pk}/members/"
    data = {"user": str(personas.member.user.pk), "role": "member"}
    send_twice(lead_client, url, data, count=ProjectMember.objects.count)


def test_fishbones_and_their_causes_sent_twice_are_made_once(project: Project, lead_client: Client) -> None:
    base = f"/o/alpha/projects/{project.pk}/causes/"
    send_twice(lead_client, base + "fishbones/new/", {"problem": "Falls at night"}, count=Fishbone.objects.count)
    fishbone = Fishbone.objects.get()
    send_twice(
        lead_client,
        base + f"fishbones/{fishbone.pk}/",
        {"category": "equipment", "text": "Broken bed alarms"},
        count=FishboneCause.objects.count,
    )


def test_five_whys_and_their_answers_sent_twice_are_made_once(project: Project, lead_client: Client) -> None:
    base = f"/o/alpha/projects/{project.pk}/causes/"
    send_twice(lead_client, base + "whys/new/", {"problem": "Late assessments"}, count=WhyChain.objects.count)
    chain = WhyChain.objects.get()
    send_twice(lead_client, base + f"whys/{chain.pk}/", {"answer": "No time"}, count=WhyStep.objects.count)


def test_process_maps_and_their_steps_sent_twice_are_made_once(project: Project, lead_client: Client) -> None:
    base = f"/o/alpha/projects/{project.pk}/process-maps/"
    send_twice(lead_client, base + "new/", {"title": "Night admission"}, count=ProcessMap.objects.count)
    process_map = ProcessMap.objects.get()
    send_twice(
        lead_client,
        base + f"{process_map.pk}/",
        {"kind": "action", "text": "Assess", "minutes": "30", "value_adding": "1"},
        count=ProcessStep.objects.count,
    )


def test_a_story_sent_twice_is_written_once(project: Project, lead_client: Client) -> None:
    words = {
        "title": "Fewer falls at night",
        "problem": "Falls at night were rising.",
        "tried": "A cohort bay with a nurse at night.",
        "results": "Falls halved in three months.",
        "lessons": "Start small, on one bay.",
        "chart_link": "none",
    }
    send_twice(lead_client, f"/o/alpha/projects/{project.pk}/stories/new/", words, count=Story.objects.count)


def test_a_change_package_adopted_twice_is_adopted_once(
    project: Project, personas: Any, outsider_client: Client
) -> None:
    services.project_update(actor=personas.lead.user, project=project, visibility="public")
    url = f"/o/beta/projects/adopt/{project.pk}/"
    data = {"title": "Falls at Beta", "problem": "Our falls.", "visibility": "organisation"}
    send_twice(outsider_client, url, data, count=Project.objects.filter(organisation=personas.org_b).count)


def test_a_partner_organisation_added_twice_is_added_once(project: Project, personas: Any, lead_client: Client) -> None:
    riverside = OrganisationFactory(name="Riverside Community NHS Trust", system=personas.org_a.system)
    url = f"/o/alpha/projects/{project.pk}/organisations/"
    send_twice(lead_client, url, {"organisation": str(riverside.pk)}, count=ProjectOrganisation.objects.count)


def test_involvement_recorded_twice_is_recorded_once(project: Project, personas: Any, lead_client: Client) -> None:
    partner = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER, user=UserFactory(full_name="Pat"))
    member = services.project_member_add(actor=personas.lead.user, project=project, user=partner.user, role="partner")
    day = timezone.localdate()
    data = {"member": str(member.pk), "date-day": day.day, "date-month": day.month, "date-year": day.year}
    data |= {"activity": "Ward walk-round", "hours": "1.5", "voucher": "20"}
    send_twice(lead_client, f"/o/alpha/projects/{project.pk}/involvement/", data, count=InvolvementEntry.objects.count)
