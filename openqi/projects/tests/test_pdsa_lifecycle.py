"""PDSA cycles: plan with a prediction, do, study, act; chains and chart markers."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from openqi.audit.models import AuditEvent
from openqi.factories import OrganisationFactory
from openqi.projects import services
from openqi.projects.models import PdsaCycle, PdsaStatus, Project
from openqi.projects.selectors import pdsa_markers_for

pytestmark = pytest.mark.django_db


def plan(project: Project, lead: Any, **extra: Any) -> PdsaCycle:
    fields = {"objective": "Try a cohort bay", "question": "Will falls drop?", "prediction": "Fewer falls at night"}
    return services.pdsa_cycle_plan(actor=lead, project=project, **{**fields, **extra})


def run(cycle: PdsaCycle, lead: Any, decision: str) -> PdsaCycle:
    services.pdsa_cycle_record_do(actor=lead, cycle=cycle, what_happened="We did it", observations="")
    services.pdsa_cycle_record_study(actor=lead, cycle=cycle, results="As predicted")
    return services.pdsa_cycle_complete(
        actor=lead, cycle=cycle, decision=decision, next_steps="Next", completed_on=datetime.date(2026, 6, 1)
    )


def test_a_plan_needs_a_prediction(project: Project, personas: Any) -> None:
    with pytest.raises(ValidationError) as error:
        plan(project, personas.lead.user, prediction="  ")
    assert error.value.message_dict["prediction"] == ["Enter your prediction: what do you think will happen?"]
    assert not PdsaCycle.objects.exists()


def test_cycles_are_numbered_and_go_through_plan_do_study_act(project: Project, personas: Any) -> None:
    lead = personas.lead.user
    cycle = plan(project, lead)
    assert (cycle.number, cycle.status) == (1, PdsaStatus.PLANNED)
    services.pdsa_cycle_record_do(actor=lead, cycle=cycle, what_happened="Ran for a week", observations="Busy")
    assert cycle.status == PdsaStatus.DOING
    services.pdsa_cycle_record_study(actor=lead, cycle=cycle, results="Two falls, not five")
    assert cycle.status == PdsaStatus.STUDYING
    services.pdsa_cycle_complete(actor=lead, cycle=cycle, decision="adopt", next_steps="Every night")
    cycle.refresh_from_db()
    assert cycle.status == PdsaStatus.ADOPTED and cycle.completed_on is not None
    assert AuditEvent.objects.filter(action="pdsa.adopt", object_id=str(cycle.pk)).exists()
    assert plan(project, lead).number == 2


def test_steps_cannot_be_skipped_and_a_finished_cycle_is_closed(project: Project, personas: Any) -> None:
    lead = personas.lead.user
    cycle = plan(project, lead)
    with pytest.raises(ValidationError, match="Record what happened"):
        services.pdsa_cycle_record_study(actor=lead, cycle=cycle, results="?")
    services.pdsa_cycle_record_do(actor=lead, cycle=cycle, what_happened="x", observations="")
    with pytest.raises(ValidationError, match="Study the results"):
        services.pdsa_cycle_complete(actor=lead, cycle=cycle, decision="adopt", next_steps="x")
    run_cycle = run(plan(project, lead), lead, "abandon")
    assert run_cycle.status == PdsaStatus.ABANDONED
    with pytest.raises(ValidationError, match="complete"):
        services.pdsa_cycle_record_do(actor=lead, cycle=run_cycle, what_happened="again", observations="")


def test_adapt_and_abandon_are_audited_as_decisions(project: Project, personas: Any) -> None:
    lead = personas.lead.user
    run(plan(project, lead), lead, "adapt")
    run(plan(project, lead), lead, "abandon")
    assert set(AuditEvent.objects.filter(action__startswith="pdsa.a").values_list("action", flat=True)) == {
        "pdsa.adapt",
        "pdsa.abandon",
    }


def test_a_cycle_builds_on_an_earlier_cycle_of_the_same_project_only(project: Project, personas: Any) -> None:
    lead = personas.lead.user
    first = run(plan(project, lead), lead, "adapt")
    second = plan(project, lead, builds_on=first)
    assert second.builds_on == first
    other = services.project_create(actor=lead, organisation=project.organisation, title="Other", problem="P")
    with pytest.raises(ValidationError, match="earlier cycle"):
        plan(other, lead, builds_on=first)


def test_a_cycle_tests_a_change_idea_not_a_driver(project: Project, personas: Any) -> None:
    lead = personas.lead.user
    primary = services.driver_node_add(actor=lead, project=project, text="P")
    idea = services.driver_node_add(
        actor=lead,
        project=project,
        text="I",
        parent=services.driver_node_add(actor=lead, project=project, text="S", parent=primary),
    )
    assert plan(project, lead, change_idea=idea).change_idea == idea
    with pytest.raises(ValidationError, match="change idea"):
        plan(project, lead, change_idea=primary)


def test_markers_for_the_measures_chart_give_starts_and_decisions(project: Project, personas: Any) -> None:
    lead = personas.lead.user
    cycle = plan(project, lead, plan_when=datetime.date(2026, 5, 1))
    run(cycle, lead, "adopt")
    plan(project, lead)  # no start date and no decision: no markers
    markers = pdsa_markers_for(organisation=project.organisation, project_ids=[project.pk])
    assert [(m.date, m.kind) for m in markers] == [
        (datetime.date(2026, 5, 1), "start"),
        (datetime.date(2026, 6, 1), "adopt"),
    ]
    assert markers[1].label == "PDSA 1 adopted: Try a cohort bay"
    # scoped to the organisation: another organisation's id list gives nothing
    assert pdsa_markers_for(organisation=OrganisationFactory(), project_ids=[project.pk]) == []
