"""Two people (or two tabs) editing the same aim, project details, PDSA plan or study, or driver
box: changes to different fields both survive, a change to the same field is refused with both
versions shown, and the audit trail keeps old and new values (issue 24, point 2)."""

import datetime
from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.core.tests.form_fields import form_fields
from openqi.projects import services
from openqi.projects.models import DriverNode, PdsaCycle, Project
from openqi.projects.tests.conftest import future

pytestmark = pytest.mark.django_db


def open_twice(client: Client, url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The same edit page open in two tabs: each tab's form as the browser would submit it."""
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    return form_fields(first.content), form_fields(second.content)


def save(client: Client, url: str, data: dict[str, Any]) -> None:
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response)


def form_errors(response: Any) -> str:
    return response.content.decode()[:3000] if response.status_code == 200 else str(response.status_code)


def aim_url(project: Project) -> str:
    return f"/o/alpha/projects/{project.pk}/aim/"


# The aim


def test_two_people_changing_different_parts_of_an_aim_both_keep_their_change(
    project_with_aim: Project, lead_client: Client
) -> None:
    url = aim_url(project_with_aim)
    tab_a, tab_b = open_twice(lead_client, url)
    save(lead_client, url, {**tab_a, "what": "Reduce falls with harm at night"})
    save(lead_client, url, {**tab_b, "for_whom": "patients on Wards 9 and 10"})
    project_with_aim.refresh_from_db()
    assert project_with_aim.aim_what == "Reduce falls with harm at night"
    assert project_with_aim.aim_for_whom == "patients on Wards 9 and 10"


def test_two_people_changing_the_same_part_of_an_aim_are_asked_which_to_keep(
    project_with_aim: Project, lead_client: Client
) -> None:
    url = aim_url(project_with_aim)
    tab_a, tab_b = open_twice(lead_client, url)
    save(lead_client, url, {**tab_a, "what": "Reduce falls with harm at night"})
    response = lead_client.post(url, {**tab_b, "what": "Halve falls with harm", "unit": "falls"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved changes while you were editing" in page
    assert "Reduce falls with harm at night" in page and "Halve falls with harm" in page
    assert "Which version of ‘What are you trying to improve?’ do you want to keep?" in page
    # The error summary links to the choice, which is where the conflict is settled.
    assert 'href="#edit_resolve_what"' in page and 'id="edit_resolve_what"' in page
    project_with_aim.refresh_from_db()
    # Nothing of the second save was written, not even its change to another part.
    assert project_with_aim.aim_what == "Reduce falls with harm at night"
    assert project_with_aim.aim_unit == "%"


def test_choosing_keep_mine_saves_my_version_and_my_other_changes(
    project_with_aim: Project, lead_client: Client
) -> None:
    url = aim_url(project_with_aim)
    tab_a, tab_b = open_twice(lead_client, url)
    save(lead_client, url, {**tab_a, "what": "Reduce falls with harm at night", "for_whom": "night patients"})
    conflict = lead_client.post(url, {**tab_b, "what": "Halve falls with harm", "unit": "falls"})
    again = form_fields(conflict.content)
    # A part only the other person changed now shows their version, which is what stays saved.
    assert again["for_whom"] == "night patients"
    # The person re-edits their version in the box before keeping it.
    save(lead_client, url, {**again, "what": "Halve falls with harm by spring", "edit_resolve_what": "mine"})
    project_with_aim.refresh_from_db()
    assert project_with_aim.aim_what == "Halve falls with harm by spring"
    assert project_with_aim.aim_unit == "falls"
    # The other person's change to a part this person left alone survives.
    assert project_with_aim.aim_for_whom == "night patients"


def test_choosing_take_theirs_keeps_their_version_and_saves_my_other_changes(
    project_with_aim: Project, lead_client: Client
) -> None:
    url = aim_url(project_with_aim)
    tab_a, tab_b = open_twice(lead_client, url)
    save(lead_client, url, {**tab_a, "what": "Reduce falls with harm at night"})
    conflict = lead_client.post(url, {**tab_b, "what": "Halve falls with harm", "unit": "falls"})
    save(lead_client, url, {**form_fields(conflict.content), "edit_resolve_what": "theirs"})
    project_with_aim.refresh_from_db()
    assert project_with_aim.aim_what == "Reduce falls with harm at night"
    assert project_with_aim.aim_unit == "falls"


def test_saving_a_conflict_without_choosing_asks_again(project_with_aim: Project, lead_client: Client) -> None:
    url = aim_url(project_with_aim)
    tab_a, tab_b = open_twice(lead_client, url)
    save(lead_client, url, {**tab_a, "what": "Reduce falls with harm at night"})
    conflict = lead_client.post(url, {**tab_b, "what": "Halve falls with harm"})
    response = lead_client.post(url, form_fields(conflict.content))
    assert response.status_code == 200
    assert "Choose whether to keep your version of ‘What are you trying to improve?’ or take theirs" in (
        response.content.decode()
    )
    project_with_aim.refresh_from_db()
    assert project_with_aim.aim_what == "Reduce falls with harm at night"


def test_an_aim_edit_is_audited_with_old_and_new_values(project_with_aim: Project, lead_client: Client) -> None:
    url = aim_url(project_with_aim)
    (tab, _) = open_twice(lead_client, url)
    save(lead_client, url, {**tab, "what": "Reduce falls with harm at night"})
    event = AuditEvent.objects.filter(action="project.aim_set").latest("id")
    assert event.detail["changes"] == {"aim_what": ["Reduce falls with harm", "Reduce falls with harm at night"]}


# Project details


def test_project_details_merge_different_fields_and_refuse_the_same_field(
    project: Project, lead_client: Client
) -> None:
    url = f"/o/alpha/projects/{project.pk}/edit/"
    tab_a, tab_b = open_twice(lead_client, url)
    save(lead_client, url, {**tab_a, "title": "Fewer falls with harm on Ward 9"})
    save(lead_client, url, {**tab_b, "problem": "Falls with harm have tripled."})
    project.refresh_from_db()
    assert project.title == "Fewer falls with harm on Ward 9"
    assert project.problem == "Falls with harm have tripled."

    tab_a, tab_b = open_twice(lead_client, url)
    when = {"start_date-day": "3", "start_date-month": "2", "start_date-year": "2027"}
    save(lead_client, url, {**tab_a, "title": "Falls: Ward 9", "domains": ["safe", "timely"], **when})
    response = lead_client.post(url, {**tab_b, "title": "Ward 9 falls"})
    assert response.status_code == 200
    assert "Falls: Ward 9" in response.content.decode() and "Ward 9 falls" in response.content.decode()
    # The other person's changes to other fields now show in the form, so saving keeps them.
    shown = form_fields(response.content)
    assert sorted(shown["domains"]) == ["safe", "timely"]
    assert {k: shown[k] for k in when} == when
    save(lead_client, url, {**shown, "edit_resolve_title": "mine"})
    project.refresh_from_db()
    assert project.title == "Ward 9 falls" and project.domains == ["safe", "timely"]
    assert project.start_date == datetime.date(2027, 2, 3)
    save(lead_client, url, {**form_fields(lead_client.get(url).content), "title": "Falls: Ward 9"})
    project.refresh_from_db()
    assert project.title == "Falls: Ward 9"
    event = AuditEvent.objects.filter(action="project.update").latest("id")
    assert event.detail["changes"] == {"title": ["Ward 9 falls", "Falls: Ward 9"]}


# PDSA plan and study


@pytest.fixture
def cycle(project: Project, personas: Any) -> PdsaCycle:
    return services.pdsa_cycle_plan(
        actor=personas.lead.user,
        project=project,
        objective="Try a cohort bay",
        question="Will falls drop?",
        prediction="Fewer falls at night",
    )


def test_a_pdsa_plan_merges_different_fields_and_refuses_the_same_field(
    project: Project, cycle: PdsaCycle, lead_client: Client
) -> None:
    url = f"/o/alpha/projects/{project.pk}/pdsa/{cycle.pk}/plan/"
    tab_a, tab_b = open_twice(lead_client, url)
    save(lead_client, url, {**tab_a, "prediction": "Half as many falls at night"})
    save(lead_client, url, {**tab_b, "plan_who": "Night sister"})
    cycle.refresh_from_db()
    assert cycle.prediction == "Half as many falls at night"
    assert cycle.plan_who == "Night sister"

    tab_a, tab_b = open_twice(lead_client, url)
    save(lead_client, url, {**tab_a, "question": "Will falls at night drop?"})
    response = lead_client.post(url, {**tab_b, "question": "Will the cohort bay cut falls?"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Will falls at night drop?" in page and "Will the cohort bay cut falls?" in page
    cycle.refresh_from_db()
    assert cycle.question == "Will falls at night drop?"
    event = AuditEvent.objects.filter(action="pdsa.plan_update").latest("id")
    assert event.detail["changes"] == {"question": ["Will falls drop?", "Will falls at night drop?"]}


def test_a_pdsa_study_keeps_a_do_edit_and_refuses_a_second_version_of_the_results(
    project: Project, cycle: PdsaCycle, lead_client: Client, personas: Any
) -> None:
    lead = personas.lead.user
    services.pdsa_cycle_record_do(actor=lead, cycle=cycle, what_happened="Ran for a week", observations="")
    services.pdsa_cycle_record_study(actor=lead, cycle=cycle, results="Two falls, predicted four")
    url = f"/o/alpha/projects/{project.pk}/pdsa/{cycle.pk}/study/"
    tab_a, tab_b = open_twice(lead_client, url)
    # Another part of the cycle (Do) changes meanwhile: the study save leaves it alone.
    services.pdsa_cycle_record_do(actor=lead, cycle=cycle, what_happened="Ran for a week", observations="Busy")
    save(lead_client, url, {**tab_a, "results": "Two falls, predicted four: better than predicted"})
    cycle.refresh_from_db()
    assert cycle.do_observations == "Busy"
    response = lead_client.post(url, {**tab_b, "results": "Two falls against four predicted"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "better than predicted" in page and "Two falls against four predicted" in page
    cycle.refresh_from_db()
    assert cycle.study_results == "Two falls, predicted four: better than predicted"
    event = AuditEvent.objects.filter(action="pdsa.study").latest("id")
    assert event.detail["changes"] == {
        "study_results": ["Two falls, predicted four", "Two falls, predicted four: better than predicted"]
    }


# Driver boxes


def test_renaming_a_driver_box_keeps_a_move_and_refuses_a_second_rename(
    project: Project, lead_client: Client, personas: Any
) -> None:
    lead = personas.lead.user
    first = services.driver_node_add(actor=lead, project=project, text="Safer staffing")
    node = services.driver_node_add(actor=lead, project=project, text="Reliable checks")
    url = f"/o/alpha/projects/{project.pk}/drivers/{node.pk}/rename/"
    tab_a, tab_b = open_twice(lead_client, url)
    services.driver_node_move(actor=lead, node=node, direction="up")
    save(lead_client, url, {**tab_a, "text": "Reliable falls checks"})
    node.refresh_from_db()
    first.refresh_from_db()
    assert node.text == "Reliable falls checks" and node.position < first.position
    response = lead_client.post(url, {**tab_b, "text": "Reliable bedside checks"})
    assert response.status_code == 200
    assert "Reliable falls checks" in response.content.decode()
    assert DriverNode.objects.get(pk=node.pk).text == "Reliable falls checks"
    event = AuditEvent.objects.filter(action="driver.rename").latest("id")
    assert event.detail["changes"] == {"text": ["Reliable checks", "Reliable falls checks"]}


def test_saving_an_edit_page_unchanged_writes_nothing(
    project_with_aim: Project, cycle: PdsaCycle, lead_client: Client, personas: Any
) -> None:
    """What a page shows and what it sends back compare equal, so an untouched field never counts as
    a change (or it would overwrite, or conflict with, someone else's edit)."""
    project = project_with_aim
    services.project_update(actor=personas.lead.user, project=project, team=personas.member.team, start_date=future(1))
    node = services.driver_node_add(actor=personas.lead.user, project=project, text="Safer staffing")
    services.pdsa_cycle_update_plan(
        actor=personas.lead.user,
        cycle=cycle,
        objective="Try a cohort bay",
        question="Will falls drop?",
        prediction="Fewer falls\nat night",
        plan_when=future(3),
    )
    before = AuditEvent.objects.count()
    for url in (
        f"/o/alpha/projects/{project.pk}/edit/",
        aim_url(project),
        f"/o/alpha/projects/{project.pk}/pdsa/{cycle.pk}/plan/",
        f"/o/alpha/projects/{project.pk}/drivers/{node.pk}/rename/",
    ):
        save(lead_client, url, form_fields(lead_client.get(url).content))
    assert [e.detail for e in AuditEvent.objects.order_by("id")[before:]] == []
