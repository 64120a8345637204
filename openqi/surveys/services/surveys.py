"""Writes for pulse surveys. Building a survey is audited; answering it never is."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.core.nhs_number import contains_nhs_number
from openqi.organisations.models import Organisation, Team
from openqi.surveys.breakdowns import tally_record
from openqi.surveys.models import (
    Audience,
    Question,
    QuestionKind,
    Recurrence,
    Survey,
    SurveyMarker,
    SurveyResponse,
    SurveyState,
    SurveyStatus,
    new_link_token,
    survey_marker_digest,
)
from openqi.surveys.services.rounds import LONGEST_ROUND

ALREADY_ANSWERED = "You have already answered this survey. Thank you."
TEXT_MAX = 500


@transaction.atomic
def survey_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    intro: str = "",
    teams: list[Team],
    opens_on: datetime.date,
    closes_on: datetime.date,
    recurrence: str = "",
    auto_remind: bool = False,
    audience: str = Audience.STAFF,
) -> Survey:
    if audience not in Audience.values:
        raise ValidationError({"audience": "Choose who the survey is for"})
    public = audience == Audience.PUBLIC
    if public and teams:
        raise ValidationError({"teams": "A survey for patients, carers and the public is not for staff teams"})
    if public and recurrence:
        raise ValidationError(
            {"recurrence": "A survey for patients, carers and the public runs once: its link stays the same"}
        )
    if public and auto_remind:
        raise ValidationError({"auto_remind": "Patients, carers and the public have no accounts to remind"})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "The closing date must be on or after the opening date"})
    if recurrence not in Recurrence.values:
        raise ValidationError({"recurrence": "Choose how often the survey repeats"})
    if recurrence and (closes_on - opens_on).days + 1 > LONGEST_ROUND[Recurrence(recurrence)]:
        raise ValidationError(
            {
                "closes_on": f"A survey that repeats {Recurrence(recurrence).label.lower()} can be open for "
                f"at most {LONGEST_ROUND[Recurrence(recurrence)]} days, so that rounds do not overlap"
            }
        )
    if any(team.organisation_id != organisation.pk for team in teams):
        raise ValidationError({"teams": "Choose teams in this organisation"})
    survey = Survey.objects.create(
        organisation=organisation,
        title=title.strip(),
        intro=intro.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor,
        recurrence=recurrence,
        auto_remind=auto_remind,
        audience=audience,
        public_token=new_link_token() if public else None,
        kiosk_token=new_link_token() if public else None,
    )
    survey.teams.set(teams)
    audit_log(actor=actor, action="survey.create", organisation=organisation, obj=survey, detail={"audience": audience})
    return survey


NEEDS_A_QUESTION = "Add at least one question before you open the survey"


@transaction.atomic
def survey_open(*, actor: User, survey: Survey, now: bool = False, today: datetime.date | None = None) -> Survey:
    """Open a draft survey to its audience: at once when its opening date has come (or with `now`,
    which brings the opening date forward to today), otherwise on its opening date: it is then
    scheduled, and opens by its dates alone, with no job to run. A survey with no question cannot
    be opened: its audience would get a page with nothing to answer."""
    today = today or timezone.localdate()
    given, survey = survey, Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state != SurveyState.DRAFT:
        raise ValidationError("This survey has already been opened.")
    if survey.archived_at is not None:
        raise ValidationError("This survey is archived. Unarchive it first, then open it.")
    if not survey.questions.exists():
        raise ValidationError(NEEDS_A_QUESTION)
    if survey.closes_on < today:
        raise ValidationError(
            f"This survey was to close on {survey.closes_on:%-d %B %Y}, which has passed. "
            "Create it again with new dates."
        )
    if now and survey.opens_on > today:
        survey.opens_on = today
    survey.state = SurveyState.OPENED
    survey.save(update_fields=["state", "opens_on"])
    given.state, given.opens_on = survey.state, survey.opens_on  # the caller's copy is open too
    scheduled = survey.opens_on > today
    audit_log(
        actor=actor,
        action="survey.schedule" if scheduled else "survey.open",
        organisation=survey.organisation,
        obj=survey,
        detail={"opens_on": survey.opens_on.isoformat(), "closes_on": survey.closes_on.isoformat()},
    )
    return survey


def _check_editable(survey: Survey) -> None:
    if survey.responses.exists() or survey.status() == SurveyStatus.CLOSED:
        raise ValidationError("Questions cannot change once people have answered or the survey has closed.")


@transaction.atomic
def question_add(
    *, actor: User, survey: Survey, kind: str, text: str, choices: list[str], required: bool = False
) -> Question:
    _check_editable(survey)
    cleaned = list(dict.fromkeys(c.strip()[:100] for c in choices if c.strip()))
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if not 2 <= len(cleaned) <= 10:
            raise ValidationError({"choices": "Enter between 2 and 10 different options, one on each line"})
    else:
        cleaned = []
    position = survey.questions.count() + 1
    question = Question.objects.create(
        survey=survey, position=position, kind=kind, text=text.strip(), choices=cleaned, required=required
    )
    audit_log(actor=actor, action="survey.question_add", organisation=survey.organisation, obj=question)
    return question


@transaction.atomic
def question_remove(*, actor: User, survey: Survey, question: Question) -> None:
    if question.survey_id != survey.pk:
        raise PermissionDenied("That question belongs to another survey.")
    _check_editable(survey)
    # Everything needed to add the question back as it was.
    audit_log(
        actor=actor,
        action="survey.question_remove",
        organisation=survey.organisation,
        obj=question,
        detail={
            "survey": survey.pk,
            "position": question.position,
            "kind": question.kind,
            "text": question.text,
            "choices": list(question.choices),
            "required": question.required,
        },
    )
    question.delete()
    # Close the gap so the questions stay numbered 1, 2, 3…
    for position, later in enumerate(survey.questions.order_by("position", "pk"), start=1):
        if later.position != position:
            later.position = position
            later.save(update_fields=["position"])


def survey_in_audience(*, survey: Survey, team: Team | None) -> bool:
    """Whole-organisation surveys reach everyone; otherwise the chosen teams and teams inside them."""
    chosen = {t.pk for t in survey.teams.all()}  # prefetched by the lists that ask for many surveys
    if not chosen:
        return True
    while team is not None:
        if team.pk in chosen:
            return True
        team = team.parent
    return False


def clean_answers(survey: Survey, answers: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in survey.questions.all():
        name = f"q{question.pk}"
        value = answers.get(name)
        if value in (None, "", []):
            if question.required:
                errors[name] = "Answer this question"
            continue
        if question.kind == QuestionKind.MULTIPLE:
            values = value if isinstance(value, list) else [value]
            if any(v not in question.options for v in values):
                errors[name] = "Choose options from the list"
                continue
            cleaned[str(question.pk)] = [o for o in question.options if o in values]
        elif question.kind == QuestionKind.TEXT:
            text = str(value).strip()
            if len(text) > TEXT_MAX:
                errors[name] = f"Your answer must be {TEXT_MAX} characters or fewer"
            elif contains_nhs_number(text):
                errors[name] = (
                    "Your answer looks like it contains an NHS number. Remove it: no patient-identifiable "
                    "information belongs in OpenQI"
                )
            elif text:
                cleaned[str(question.pk)] = text
        else:
            if str(value) not in question.options:
                errors[name] = "Choose an answer from the list"
                continue
            cleaned[str(question.pk)] = str(value)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def survey_respond(
    *, user: User, survey: Survey, team: Team | None, answers: dict[str, Any], role: str | None = None
) -> SurveyResponse:
    """Record one anonymous response; the marker stops a second one without saying whose it is.
    Team and role are never stored with it: they only add it to the breakdown counts."""
    if not survey.is_open():
        raise ValidationError("This survey is not open.")
    if survey.is_public:
        raise PermissionDenied("This survey is answered through its public link.")
    if not survey_in_audience(survey=survey, team=team):
        raise PermissionDenied("This survey is for other teams.")
    survey_purge_closed()  # markers of surveys that have closed are never needed again
    cleaned = clean_answers(survey, answers)
    if not cleaned:
        raise ValidationError("Answer at least one question.")
    digest = survey_marker_digest(key=survey.marker_key, survey_id=survey.pk, user_id=user.pk)
    try:
        with transaction.atomic():
            SurveyMarker.objects.create(digest=digest, survey=survey)
    except IntegrityError:
        raise ValidationError(ALREADY_ANSWERED) from None
    tally_record(survey=survey, team=team, role=role, answers=cleaned)
    return SurveyResponse.objects.create(survey=survey, answers=cleaned)


@transaction.atomic
def survey_purge_closed(*, today: datetime.date | None = None) -> int:
    """Once a survey has closed, delete its markers and its key: nobody can then tell who answered."""
    today = today or timezone.localdate()
    closed = Survey.objects.filter(closes_on__lt=today)
    deleted, _ = SurveyMarker.objects.filter(survey__in=closed).delete()
    closed.exclude(marker_key="").update(marker_key="")
    return deleted


@transaction.atomic
def survey_archive(*, actor: User, survey: Survey) -> Survey:
    """Leave the leads' list; results, responses and the audit trail stay. A survey people may be
    answering now, or one that still repeats, is not archived."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.is_archived:
        raise ValidationError(f"‘{survey.title}’ is already archived.")
    if survey.is_open():
        raise ValidationError(
            f"‘{survey.title}’ is open until {survey.closes_on.day} {survey.closes_on:%B %Y}: people may be answering "
            "it. Archive it once it has closed."
        )
    if survey.recurrence:
        raise ValidationError(f"‘{survey.title}’ still repeats. Stop it repeating first, then archive it.")
    survey.archived_at = timezone.now()
    survey.save(update_fields=["archived_at"])
    audit_log(
        actor=actor,
        action="survey.archive",
        organisation=survey.organisation,
        obj=survey,
        detail={
            "title": survey.title,
            "opens_on": survey.opens_on.isoformat(),
            "closes_on": survey.closes_on.isoformat(),
        },
    )
    return survey


@transaction.atomic
def survey_unarchive(*, actor: User, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_archived:
        raise ValidationError(f"‘{survey.title}’ is not archived.")
    survey.archived_at = None
    survey.save(update_fields=["archived_at"])
    audit_log(
        actor=actor,
        action="survey.unarchive",
        organisation=survey.organisation,
        obj=survey,
        detail={"title": survey.title},
    )
    return survey
