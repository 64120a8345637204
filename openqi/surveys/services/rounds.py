"""Recurring pulse surveys: each period a new round opens with the same questions.

`manage.py surveys_daily` (run daily by the deployment's scheduler, like `send_digests`,
ADR 0003) calls `survey_rounds_open`. Every round is a `Survey` of its own: its own dates, its own
marker key (so a person's markers in two rounds cannot be matched) and its own responses; rounds
point at the first round (`series`) and are numbered, so results can show a trend across them.
"""

import calendar
import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.surveys.models import Question, Recurrence, Survey, SurveyState

# The longest a round may stay open: rounds of one survey never overlap.
LONGEST_ROUND = {Recurrence.WEEKLY: 7, Recurrence.MONTHLY: 28, Recurrence.QUARTERLY: 90}


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_opening(opens_on: datetime.date, recurrence: str) -> datetime.date:
    if recurrence == Recurrence.WEEKLY:
        return opens_on + datetime.timedelta(weeks=1)
    if recurrence == Recurrence.MONTHLY:
        return add_months(opens_on, 1)
    if recurrence == Recurrence.QUARTERLY:
        return add_months(opens_on, 3)
    raise ValueError(f"Not a recurrence: {recurrence!r}")


def series_rounds(survey: Survey) -> list[Survey]:
    """Every round of the survey's series, first round first (a one-off survey is its own series)."""
    root = survey.series_id or survey.pk
    return list(
        Survey.objects.filter(Q(pk=root) | Q(series_id=root), organisation_id=survey.organisation_id).order_by(
            "round_number"
        )
    )


@transaction.atomic
def survey_rounds_open(*, today: datetime.date | None = None) -> list[Survey]:
    """Open the next round of every recurring survey whose next period has begun. Idempotent: a
    round is opened once; when the scheduler missed whole periods, only the current one opens."""
    today = today or timezone.localdate()
    latest: dict[int, Survey] = {}
    # A series opens its next round only once a lead has opened it: a draft repeats nothing.
    for survey in (
        Survey.objects.exclude(recurrence="")
        .filter(state=SurveyState.OPENED)
        .select_related("organisation")
        .order_by("round_number")
    ):
        latest[survey.series_id or survey.pk] = survey
    opened = []
    for root_id, last in latest.items():
        length = last.closes_on - last.opens_on
        opens_on = next_opening(last.opens_on, last.recurrence)
        while opens_on + length < today:  # a period that has already ended is skipped
            opens_on = next_opening(opens_on, last.recurrence)
        if opens_on > today or not last.questions.exists():
            continue
        new = Survey.objects.create(
            organisation=last.organisation,
            title=last.title,
            intro=last.intro,
            opens_on=opens_on,
            closes_on=opens_on + length,
            created_by=last.created_by,
            recurrence=last.recurrence,
            auto_remind=last.auto_remind,
            series_id=root_id,
            state=SurveyState.OPENED,
            round_number=last.round_number + 1,
        )
        new.teams.set(last.teams.all())
        Question.objects.bulk_create(
            Question(
                survey=new,
                position=q.position,
                kind=q.kind,
                text=q.text,
                choices=q.choices,
                required=q.required,
            )
            for q in last.questions.all()
        )
        audit_log(
            actor=None,
            action="survey.round_open",
            organisation=last.organisation,
            obj=new,
            detail={"round": new.round_number, "series": root_id},
        )
        opened.append(new)
    return opened


@transaction.atomic
def survey_recurrence_stop(*, actor: User, survey: Survey) -> int:
    """Stop a repeating survey: no further rounds open. Rounds already open run to their close."""
    root = survey.series_id or survey.pk
    stopped = (
        Survey.objects.filter(Q(pk=root) | Q(series_id=root), organisation_id=survey.organisation_id)
        .exclude(recurrence="")
        .update(recurrence="")
    )
    if stopped:
        audit_log(
            actor=actor,
            action="survey.recurrence_stop",
            organisation=survey.organisation,
            obj=survey,
            detail={"series": root},
        )
    return stopped
