"""The printable one-page report: aim, team, driver diagram, measures with icons (only those the
reader may see), PDSA timeline and learning."""

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Role
from openqi.projects import services
from openqi.projects.models import Project
from openqi.projects.presenters.report import lessons

pytestmark = pytest.mark.django_db


def _measure(personas: Any, name: str, **fields: Any) -> Any:
    return apps.get_model("measures", "Measure").objects.create(
        organisation=personas.org_a, name=name, measure_type="outcome", **fields
    )


def _finished_cycle(project: Project, personas: Any, objective: str, decision: str, learned: str) -> None:
    cycle = services.pdsa_cycle_plan(
        actor=personas.lead.user,
        project=project,
        objective=objective,
        question="Q",
        prediction="P",
        plan_when=datetime.date(2026, 1, 5),
    )
    services.pdsa_cycle_record_do(actor=personas.lead.user, cycle=cycle, what_happened="Done", observations="")
    services.pdsa_cycle_record_study(actor=personas.lead.user, cycle=cycle, results=learned)
    services.pdsa_cycle_complete(
        actor=personas.lead.user, cycle=cycle, decision=decision, next_steps="Spread it", completed_on=None
    )


def test_the_report_has_every_section_and_the_learning_of_finished_cycles(
    project_with_aim: Project, personas: Any, member_client: Client
) -> None:
    project = project_with_aim
    services.driver_node_add(actor=personas.lead.user, project=project, text="Safe environment")
    shared = _measure(personas, "Falls per 1,000 bed days", variation_icon="improvement_low", assurance_icon="pass")
    hidden = _measure(personas, "Secret team measure", visibility="team", team=personas.member.team)
    other_team = apps.get_model("organisations", "Team").objects.create(organisation=personas.org_a, name="Ward 2")
    hidden.team = other_team
    hidden.save()
    for measure in (shared, hidden):
        services.project_link_add(
            actor=personas.lead.user,
            project=project,
            kind="measure",
            ref_id=measure.pk,
            label="Our label" if measure is hidden else measure.name,
            has_baseline=True,
            evidence="sustained",
        )
    _finished_cycle(project, personas, "Cohort bay", "adopt", "Night falls fell from 3 to 1.")
    _finished_cycle(project, personas, "Slipper socks", "abandon", "Few patients wore them.")
    services.pdsa_cycle_plan(
        actor=personas.lead.user, project=project, objective="Still planned", question="Q", prediction="P"
    )
    response = member_client.get(f"/o/alpha/projects/{project.pk}/report/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "We aim to reduce falls with harm by 30%" in page
    assert "Driver diagram" in page and "Safe environment" in page
    assert "Special cause improvement: lower" in page and "Target consistently met" in page
    # The project's own label for a measure the reader may not see, never the measure's details.
    assert "Secret team measure" not in page and "Our label" in page and "Not available to you" in page
    assert "Night falls fell from 3 to 1." in page and "Few patients wore them." in page
    assert "PDSA cycles over time" in page
    assert "project-report.css" in page


def test_lessons_come_only_from_cycles_with_a_decision(project: Project, personas: Any) -> None:
    _finished_cycle(project, personas, "Adapted one", "adapt", "Half done in time.")
    services.pdsa_cycle_plan(actor=personas.lead.user, project=project, objective="Open", question="Q", prediction="P")
    found = lessons(list(project.pdsa_cycles.all()))
    assert [(item.objective, item.status) for item in found] == [("Adapted one", "adapted")]


def test_outsiders_get_404_and_partners_403_on_the_report(
    project: Project, personas: Any, outsider_client: Client
) -> None:
    url = f"/o/alpha/projects/{project.pk}/report/"
    assert outsider_client.get(url).status_code == 404
    partner = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER, user=UserFactory())
    services.project_member_add(actor=personas.lead.user, project=project, user=partner.user, role="partner")
    client = Client()
    client.force_login(partner.user)
    assert client.get(url).status_code == 403


def test_a_private_project_report_is_hidden_from_other_staff(project: Project, personas: Any) -> None:
    services.project_update(actor=personas.lead.user, project=project, visibility="private")
    stranger = MembershipFactory(organisation=personas.org_a, role=Role.STAFF, user=UserFactory())
    client = Client()
    client.force_login(stranger.user)
    assert client.get(f"/o/alpha/projects/{project.pk}/report/").status_code == 404
