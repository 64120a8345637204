"""A demo monthly pulse survey for Northfield (called by `seed_demo`; idempotent).

Three closed monthly rounds with answers, so the trend across rounds and the breakdowns show, and
the current round open. A round has 55 to 70 answers (three wards of about thirty staff, answering
as a ward does when its manager asks), with support and the recommendation score rising round by
round: enough for the share agreeing and the net promoter score to show in every closed round
under k = 11, while single options still hide where few chose them. Answers go through the same tallies as real ones; a seeded generator keeps
them the same on every run."""

import datetime
import random

from django.utils import timezone

from openqi.accounts.models import User
from openqi.organisations.models import Organisation, Role, Team
from openqi.surveys.breakdowns import tally_record
from openqi.surveys.models import LIKERT_CHOICES, Survey, SurveyResponse
from openqi.surveys.services import question_add, survey_create, survey_open
from openqi.surveys.services.rounds import add_months, survey_rounds_open

TITLE = "Monthly staff pulse"


def seed_surveys(*, organisation: Organisation, lead: User, wards: list[Team]) -> None:
    if Survey.objects.filter(organisation=organisation, title=TITLE).exists():
        return
    today = timezone.localdate()
    first_open = add_months(today.replace(day=1), -3)
    later = today + datetime.timedelta(days=400)  # questions can only be added before it opens
    survey = survey_create(
        actor=lead,
        organisation=organisation,
        title=TITLE,
        intro="Four questions, once a month. Your answers are anonymous.",
        teams=[],
        opens_on=later,
        closes_on=later + datetime.timedelta(days=13),
        recurrence="monthly",
        auto_remind=True,
    )
    question_add(actor=lead, survey=survey, kind="likert", text="I feel supported by my manager", choices=[])
    question_add(actor=lead, survey=survey, kind="nps", text="How likely are you to recommend your team?", choices=[])
    question_add(
        actor=lead,
        survey=survey,
        kind="multiple",
        text="What got in the way this month?",
        choices=["Staffing", "Equipment", "IT systems", "Handover"],
    )
    question_add(actor=lead, survey=survey, kind="text", text="One thing that would help", choices=[])
    survey_open(actor=lead, survey=survey)  # scheduled for its (far) opening date, moved back below
    Survey.objects.filter(pk=survey.pk).update(opens_on=first_open, closes_on=first_open + datetime.timedelta(days=13))
    rounds = [Survey.objects.get(pk=survey.pk)]
    for month in (1, 2, 3):
        rounds += survey_rounds_open(today=add_months(first_open, month))
    rng = random.Random(2026)  # noqa: S311  (demo data, not security)
    questions = list(survey.questions.all())
    for number, current in enumerate(rounds):
        ids = {q.position: str(q.pk) for q in current.questions.all()}
        agree = 0.42 + 0.1 * number  # support improves round by round
        for _ in range(rng.randint(55, 70) if current.closes_on < today else rng.randint(5, 9)):
            answers: dict[str, object] = {
                ids[1]: LIKERT_CHOICES[rng.choice([0, 1])] if rng.random() < agree else rng.choice(LIKERT_CHOICES[2:]),
                ids[2]: str(min(10, max(0, round(rng.gauss(6.8 + number * 0.5, 1.9))))),
            }
            worries = [c for c in questions[2].choices if rng.random() < 0.35]
            if worries:
                answers[ids[3]] = worries
            SurveyResponse.objects.create(survey=current, answers=answers)
            tally_record(survey=current, team=rng.choice(wards), role=Role.STAFF, answers=answers)
