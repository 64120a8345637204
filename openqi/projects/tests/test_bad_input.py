"""Bad input shows the NHS error summary and saves nothing."""

from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.projects.models import PdsaCycle, Project, ProjectLink

pytestmark = pytest.mark.django_db


def assert_error_page(response: Any, *messages: str) -> None:
    html = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in html and "<title>Error: " in html
    for message in messages:
        assert message in html, message


def test_starting_a_project_without_a_title_or_problem_saves_nothing(personas: Any, lead_client: Client) -> None:
    response = lead_client.post(
        "/o/alpha/projects/new/",
        {"title": "", "problem": "", "visibility": "organisation", "end_date-day": "31", "end_date-month": "2"},
    )
    assert_error_page(
        response, "Enter a project title", "Enter the problem the project will tackle", "must include a year"
    )
    assert not Project.objects.exists() and not AuditEvent.objects.filter(action="project.create").exists()


def test_an_end_date_before_the_start_is_refused(personas: Any, lead_client: Client) -> None:
    data = {
        "title": "T",
        "problem": "P",
        "visibility": "organisation",
        **{"start_date-day": "2", "start_date-month": "3", "start_date-year": "2026"},
        **{"end_date-day": "1", "end_date-month": "3", "end_date-year": "2026"},
    }
    assert_error_page(lead_client.post("/o/alpha/projects/new/", data), "The end date must be the same as or after")
    assert not Project.objects.exists()


def test_an_incomplete_aim_lists_every_missing_part(project: Project, lead_client: Client) -> None:
    response = lead_client.post(
        f"/o/alpha/projects/{project.pk}/aim/",
        {"what": "Reduce falls", "amount": "lots", "by-day": "1", "by-month": "1", "by-year": "2020"},
    )
    assert_error_page(response, "Enter how much as a number, like 30")
    response = lead_client.post(
        f"/o/alpha/projects/{project.pk}/aim/",
        {"what": "Reduce falls", "amount": "30", "by-day": "1", "by-month": "1", "by-year": "2020"},
    )
    assert_error_page(
        response,
        "Enter the unit, like % or falls per 1,000 bed days",
        "must be in the future",
        "Enter who the aim is for",
    )
    project.refresh_from_db()
    assert project.aim_what == ""


def test_a_pdsa_plan_without_a_prediction_saves_nothing(project: Project, lead_client: Client) -> None:
    response = lead_client.post(
        f"/o/alpha/projects/{project.pk}/pdsa/new/", {"objective": "Try it", "question": "Will it work?"}
    )
    assert_error_page(response, "Enter your prediction: what do you think will happen?")
    assert not PdsaCycle.objects.exists()


def test_an_act_without_a_decision_saves_nothing(project: Project, personas: Any, lead_client: Client) -> None:
    from openqi.projects import services

    lead = personas.lead.user
    cycle = services.pdsa_cycle_plan(actor=lead, project=project, objective="O", question="Q", prediction="P")
    services.pdsa_cycle_record_do(actor=lead, cycle=cycle, what_happened="x", observations="")
    services.pdsa_cycle_record_study(actor=lead, cycle=cycle, results="y")
    response = lead_client.post(f"/o/alpha/projects/{project.pk}/pdsa/{cycle.pk}/act/", {"next_steps": ""})
    assert_error_page(response, "Choose adopt, adapt or abandon", "Enter what you will do next")
    cycle.refresh_from_db()
    assert cycle.status == "studying"


def test_a_link_with_a_bad_reference_or_a_duplicate_is_refused(project: Project, lead_client: Client) -> None:
    url = f"/o/alpha/projects/{project.pk}/links/"
    assert_error_page(
        lead_client.post(url, {"kind": "measure", "ref_id": "abc", "label": "Falls"}),
        "Enter the reference number as a whole number",
    )
    assert_error_page(
        lead_client.post(url, {"kind": "measure", "ref_id": "9" * 20, "label": "Falls"}),
        "Enter the reference number shown on the measure or idea",
    )
    assert lead_client.post(url, {"kind": "measure", "ref_id": "4", "label": "Falls"}).status_code == 302
    assert_error_page(lead_client.post(url, {"kind": "measure", "ref_id": "4", "label": "Falls"}), "already linked")
    assert ProjectLink.objects.count() == 1


def test_an_empty_driver_box_is_refused(project: Project, lead_client: Client) -> None:
    response = lead_client.post(f"/o/alpha/projects/{project.pk}/drivers/add/", {"text": "  "})
    assert_error_page(response, "Enter the text for the box")
    assert not project.driver_nodes.exists()


def test_a_measure_link_records_its_evidence_and_nothing_yet_is_a_choice(project: Project, lead_client: Client) -> None:
    url = f"/o/alpha/projects/{project.pk}/links/"
    assert 'value="none"' in lead_client.get(url).content.decode()
    lead_client.post(url, {"kind": "measure", "ref_id": "1", "label": "Falls", "evidence": "none"})
    lead_client.post(
        url, {"kind": "measure", "ref_id": "2", "label": "Harm", "has_baseline": "1", "evidence": "sustained"}
    )
    lead_client.post(url, {"kind": "idea", "ref_id": "3", "label": "Idea", "evidence": "sustained"})
    assert list(ProjectLink.objects.order_by("ref_id").values_list("evidence", "has_baseline")) == [
        ("", False),
        ("sustained", True),
        ("", False),  # only measures carry evidence
    ]


def test_nonsense_in_the_query_string_is_ignored_or_404(project: Project, lead_client: Client) -> None:
    huge = "9" * 30
    assert lead_client.get(f"/o/alpha/projects/?team={huge}&domain=x&stage=y").status_code == 200
    assert lead_client.get(f"/o/alpha/projects/{project.pk}/drivers/add/?parent={huge}").status_code == 404
    assert lead_client.get(f"/o/alpha/projects/{project.pk}/drivers/add/?parent=abc").status_code == 404
    assert lead_client.get(f"/o/alpha/projects/{project.pk}/pdsa/new/?idea={huge}&builds_on=x").status_code == 200
