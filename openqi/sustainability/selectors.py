"""Reads of sustainability assessments. Every read is scoped by the project (already checked by
`projects.access.project_access_get`) and its organisation."""

from dataclasses import dataclass

from django.db.models import QuerySet

from openqi.projects.models import Project
from openqi.sustainability.models import Assessment, IndividualScore, TeamScore
from openqi.sustainability.scoring import Result, Spread, result_of, spread_of, sustainability_model


def assessment_list(*, project: Project) -> QuerySet[Assessment]:
    return Assessment.objects.filter(project=project, organisation=project.organisation)


def assessment_get(*, project: Project, assessment_id: int) -> Assessment | None:
    return assessment_list(project=project).filter(pk=assessment_id).first()


def assessment_open(*, project: Project) -> Assessment | None:
    return assessment_list(project=project).filter(agreed_at__isnull=True).first()


def my_scores(*, assessment: Assessment, user_id: int) -> dict[str, tuple[int, str]]:
    rows = IndividualScore.objects.filter(
        assessment=assessment, organisation=assessment.organisation, user_id=user_id
    ).values_list("factor", "level", "note")
    return {factor: (level, note) for factor, level, note in rows}


def scorer_count(*, assessment: Assessment) -> int:
    return (
        IndividualScore.objects.filter(assessment=assessment, organisation=assessment.organisation)
        .values("user_id")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class FactorSpread:
    spread: Spread
    notes: tuple[str, ...]  # the reasons members gave, without their names


def assessment_spreads(*, assessment: Assessment) -> list[FactorSpread]:
    """Each factor's spread of individual levels and the reasons given, in the model's order."""
    chosen: dict[str, list[int]] = {}
    notes: dict[str, list[str]] = {}
    for factor, level, note in IndividualScore.objects.filter(
        assessment=assessment, organisation=assessment.organisation
    ).values_list("factor", "level", "note"):
        chosen.setdefault(factor, []).append(level)
        if note.strip():
            notes.setdefault(factor, []).append(note.strip())
    model = sustainability_model()
    return [
        FactorSpread(spread=spread_of(f, chosen.get(f.key, [])), notes=tuple(sorted(notes.get(f.key, []))))
        for f in model.factors
    ]


def team_levels(*, assessment: Assessment) -> dict[str, tuple[int, str]]:
    rows = TeamScore.objects.filter(assessment=assessment, organisation=assessment.organisation).values_list(
        "factor", "level", "note"
    )
    return {factor: (level, note) for factor, level, note in rows}


def assessment_result(*, assessment: Assessment) -> Result | None:
    """The agreed result, or None before the team has agreed."""
    if not assessment.is_agreed:
        return None
    levels = {factor: level for factor, (level, _) in team_levels(assessment=assessment).items()}
    return result_of(sustainability_model(), levels)


@dataclass(frozen=True)
class HistoryPoint:
    assessment: Assessment
    result: Result


def assessment_history(*, project: Project) -> list[HistoryPoint]:
    """Agreed assessments, oldest first, for the chart over time."""
    agreed = list(assessment_list(project=project).filter(agreed_at__isnull=False).order_by("agreed_at"))
    levels: dict[int, dict[str, int]] = {a.pk: {} for a in agreed}
    for assessment_id, factor, level in TeamScore.objects.filter(
        assessment__in=agreed, organisation=project.organisation
    ).values_list("assessment_id", "factor", "level"):
        levels[assessment_id][factor] = level
    model = sustainability_model()
    return [HistoryPoint(assessment=a, result=result_of(model, levels[a.pk])) for a in agreed]
