"""The suggested IHI progress score, its reasons, and the lead accepting or overriding it."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from openqi.audit.models import AuditEvent
from openqi.projects import selectors, services
from openqi.projects.models import Project
from openqi.projects.scoring import Evidence, progress_suggest

NOTHING = Evidence(
    has_aim=False,
    measures=0,
    measures_with_baseline=0,
    cycles_run=0,
    cycles_finished=0,
    cycles_adopted=0,
    measures_improving=0,
    measures_sustained=0,
)


def with_(**changes: Any) -> Evidence:
    return Evidence(**{**NOTHING.__dict__, **changes})


def test_a_new_project_scores_half_and_is_told_to_set_an_aim() -> None:
    suggestion = progress_suggest(NOTHING)
    assert suggestion.score == Decimal("0.5")
    assert suggestion.missing == "Set a specific, measurable aim to reach 1.0."


def test_each_piece_of_evidence_climbs_one_step_with_its_reason() -> None:
    full = with_(
        has_aim=True,
        measures=2,
        measures_with_baseline=1,
        cycles_run=3,
        cycles_finished=2,
        cycles_adopted=1,
    )
    suggestion = progress_suggest(full)
    assert suggestion.score == Decimal("3.0")
    assert suggestion.label == "Modest improvement"
    assert suggestion.reasons == (
        "The project has started (0.5).",
        "An aim is set (1.0).",
        "1 linked measure with a baseline (1.5).",
        "3 PDSA cycles run (2.0).",
        "2 PDSA cycles completed with a decision (2.5).",
        "1 change adopted (3.0).",
    )
    assert progress_suggest(with_(**{**full.__dict__, "measures_sustained": 1})).score == Decimal("4.0")


def test_the_score_stops_at_the_first_gap_in_the_evidence() -> None:
    # cycles without an aim do not count: the Model for Improvement starts with the aim
    assert progress_suggest(with_(cycles_run=4, cycles_adopted=2, cycles_finished=2)).score == Decimal("0.5")
    # an aim and PDSA cycles but no measure with a baseline stays at 1.0
    suggestion = progress_suggest(with_(has_aim=True, measures=1, cycles_run=1))
    assert suggestion.score == Decimal("1.0")
    assert suggestion.missing == "Link a measure with a baseline to reach 1.5."


@pytest.mark.django_db
def test_the_evidence_is_read_from_the_project(project_with_aim: Project, personas: Any) -> None:
    lead = personas.lead.user
    services.project_link_add(
        actor=lead, project=project_with_aim, kind="measure", ref_id=1, label="Falls", has_baseline=True
    )
    services.project_link_add(
        actor=lead, project=project_with_aim, kind="idea", ref_id=1, label="Idea", has_baseline=False
    )
    cycle = services.pdsa_cycle_plan(actor=lead, project=project_with_aim, objective="O", question="Q", prediction="P")
    services.pdsa_cycle_record_do(actor=lead, cycle=cycle, what_happened="x", observations="")
    evidence = selectors.progress_evidence(project=project_with_aim)
    assert (evidence.has_aim, evidence.measures, evidence.measures_with_baseline, evidence.cycles_run) == (
        True,
        1,
        1,
        1,
    )
    assert progress_suggest(evidence).score == Decimal("2.0")


@pytest.mark.django_db
def test_the_lead_accepts_the_suggestion_or_overrides_it_with_a_reason(project: Project, personas: Any) -> None:
    lead = personas.lead.user
    services.project_progress_set(actor=lead, project=project, score=Decimal("0.5"), suggested=Decimal("0.5"))
    assert AuditEvent.objects.filter(action="project.progress_accept").exists()
    with pytest.raises(ValidationError) as error:
        services.project_progress_set(actor=lead, project=project, score=Decimal("2.0"), suggested=Decimal("0.5"))
    assert error.value.message_dict == {"reason": ["Enter why the score differs from the suggested score"]}
    services.project_progress_set(
        actor=lead, project=project, score=Decimal("2.0"), suggested=Decimal("0.5"), reason="Tests run on paper"
    )
    project.refresh_from_db()
    assert project.progress_score == Decimal("2.0") and project.progress_set_at is not None
    event = AuditEvent.objects.get(action="project.progress_override")
    assert event.detail == {"score": "2.0", "suggested": "0.5", "reason": "Tests run on paper"}


@pytest.mark.django_db
def test_only_scores_on_the_ihi_scale_are_accepted() -> None:
    with pytest.raises(ValidationError):
        services.project_progress_set(
            actor=None,  # type: ignore[arg-type]
            project=Project(),
            score=Decimal("2.2"),
            suggested=Decimal("2.0"),
            reason="x",
        )


@pytest.mark.django_db
def test_the_project_page_asks_for_a_review_when_the_evidence_moves_on(
    project_with_aim: Project, personas: Any, lead_client: Any
) -> None:
    services.project_progress_set(
        actor=personas.lead.user, project=project_with_aim, score=Decimal("1.0"), suggested=Decimal("1.0")
    )
    url = f"/o/alpha/projects/{project_with_aim.pk}/"
    assert "review the score" not in lead_client.get(url).content.decode()
    services.project_link_add(
        actor=personas.lead.user, project=project_with_aim, kind="measure", ref_id=9, label="Falls", has_baseline=True
    )
    assert "The evidence has changed since: review the score." in lead_client.get(url).content.decode()
