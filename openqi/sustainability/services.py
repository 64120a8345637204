"""Writes of sustainability assessments: start, score on your own, agree as a team."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.core.nhs_number import contains_nhs_number
from openqi.projects.access import ProjectAccess
from openqi.sustainability.models import Assessment, IndividualScore, TeamScore
from openqi.sustainability.scoring import LEVELS, diversity, sustainability_model
from openqi.sustainability.selectors import assessment_open, assessment_spreads, scorer_count

NOTE_MAX = 1000
ALREADY_AGREED = "The team has already agreed this assessment. Start a new one to score again."


def _check_levels(levels: Mapping[str, int], notes: Mapping[str, str]) -> None:
    errors: dict[str, str] = {}
    for factor in sustainability_model().factors:
        if levels.get(factor.key) not in LEVELS:
            errors[factor.key] = f"Choose a level for ‘{factor.name}’"
        note = notes.get(factor.key, "")
        if len(note) > NOTE_MAX:
            errors[f"{factor.key}_note"] = f"Your note must be {NOTE_MAX} characters or fewer"
        elif contains_nhs_number(note):
            errors[f"{factor.key}_note"] = "Remove the NHS number: no patient-identifiable information belongs here"
    unknown = set(levels) - set(sustainability_model().keys)
    if unknown:
        errors["__all__"] = "Score only the ten factors of the model"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assessment_start(*, actor: User, project_access: ProjectAccess) -> Assessment:
    project_access.require_lead()
    project = project_access.project
    if assessment_open(project=project) is not None:
        raise ValidationError("An assessment is already open for this project. Finish it before starting another.")
    assessment = Assessment.objects.create(organisation=project.organisation, project=project, created_by=actor)
    audit_log(actor=actor, action="sustainability.assessment_start", organisation=project.organisation, obj=assessment)
    return assessment


def _require_open(assessment: Assessment) -> None:
    if assessment.is_agreed:
        raise ValidationError(ALREADY_AGREED)


@transaction.atomic
def individual_scores_save(
    *,
    actor: User,
    project_access: ProjectAccess,
    assessment: Assessment,
    levels: Mapping[str, int],
    notes: Mapping[str, str],
) -> None:
    """One member's own levels for all ten factors, saved again if they change their mind."""
    project_access.require_edit()
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk, organisation=assessment.organisation)
    _require_open(assessment)
    _check_levels(levels, notes)
    now = timezone.now()
    for factor in sustainability_model().factors:
        IndividualScore.objects.update_or_create(
            assessment=assessment,
            organisation=assessment.organisation,
            user=actor,
            factor=factor.key,
            defaults={"level": levels[factor.key], "note": notes.get(factor.key, "").strip(), "updated_at": now},
        )
    audit_log(
        actor=actor, action="sustainability.individual_score", organisation=assessment.organisation, obj=assessment
    )


@transaction.atomic
def assessment_agree(
    *,
    actor: User,
    project_access: ProjectAccess,
    assessment: Assessment,
    levels: Mapping[str, int],
    notes: Mapping[str, str],
) -> Assessment:
    """The facilitated step: the team's agreed level per factor, after seeing the spread."""
    project_access.require_lead()
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk, organisation=assessment.organisation)
    _require_open(assessment)
    count = scorer_count(assessment=assessment)
    if count == 0:
        raise ValidationError("No one has scored yet. Ask the team to score on their own first.")
    _check_levels(levels, notes)
    for factor in sustainability_model().factors:
        TeamScore.objects.create(
            assessment=assessment,
            organisation=assessment.organisation,
            factor=factor.key,
            level=levels[factor.key],
            note=notes.get(factor.key, "").strip(),
        )
    assessment.diversity = diversity([s.spread for s in assessment_spreads(assessment=assessment)])
    assessment.individual_count = count
    assessment.agreed_at = timezone.now()
    assessment.agreed_by = actor
    assessment.save(update_fields=["diversity", "individual_count", "agreed_at", "agreed_by"])
    audit_log(
        actor=actor,
        action="sustainability.assessment_agree",
        organisation=assessment.organisation,
        obj=assessment,
        detail={"levels": dict(levels)},
    )
    return assessment


def assessment_require_visible(*, project_access: ProjectAccess) -> None:
    """Partners read a simplified project and take no part in scoring pages."""
    if project_access.is_partner:
        raise PermissionDenied("Sustainability assessments are for the project team.")
