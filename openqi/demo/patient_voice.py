"""Demo patient and carer voice (called by `seed_demo`; idempotent): Northfield's public carers'
survey about discharge, open for three months with enough answers each month to show results,
feeding a p chart linked to the discharge project (ADR 0033). Answers are written straight to the
table with their dates, as a kiosk and the public link would have stored them over the months."""

import datetime
import random

from django.utils import timezone

from openqi.accounts.models import User
from openqi.coproduction.survey_feeds import survey_feed_run, survey_feed_set
from openqi.demo.projects import DISCHARGE
from openqi.measures.models import Measure
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Membership, Organisation
from openqi.projects.models import LinkKind, Project, ProjectLink
from openqi.projects.services import project_link_add
from openqi.surveys.models import LIKERT_CHOICES, Audience, Survey, SurveyResponse
from openqi.surveys.services import question_add, survey_create, survey_open

TITLE = "Carers: going home from hospital"
MEASURE = "Carers who felt involved in planning the discharge"
INVOLVED = "I felt involved in planning the discharge of the person I care for"


def _month_start(day: datetime.date, back: int) -> datetime.date:
    year, month = day.year, day.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return datetime.date(year, month, 1)


def seed_patient_voice(*, northfield: Organisation, lead: User) -> None:
    if Survey.objects.filter(organisation=northfield, title=TITLE).exists():
        return
    today = timezone.localdate()
    survey = survey_create(
        actor=lead,
        organisation=northfield,
        title=TITLE,
        intro="Three short questions for carers of people who have been on our wards. It takes a minute and "
        "is anonymous.",
        teams=[],
        opens_on=today,
        closes_on=today + datetime.timedelta(days=60),
        audience=Audience.PUBLIC,
    )
    question_add(actor=lead, survey=survey, kind="likert", text=INVOLVED, choices=[], required=True)
    question_add(
        actor=lead,
        survey=survey,
        kind="single",
        text="Were you told who to contact after going home?",
        choices=["Yes", "No", "Not sure"],
    )
    question_add(actor=lead, survey=survey, kind="text", text="One thing that would have helped", choices=[])
    survey_open(actor=lead, survey=survey)
    first = _month_start(today, 3)
    Survey.objects.filter(pk=survey.pk).update(opens_on=first)
    involved, contact, _text = survey.questions.all()
    rng = random.Random(17)  # noqa: S311 (demo data, not security)
    responses = []
    # Exact numbers agreeing each month (a rising share), so both the agreeing and the rest are at
    # least k every month and each month's point shows on the chart.
    for back, (count, agreeing) in zip((3, 2, 1, 0), ((40, 17), (44, 22), (48, 29), (36, 23)), strict=True):
        start = _month_start(today, back)
        days = max(1, min((today - start).days + 1, 28))
        for index in range(count):
            answer = rng.choice(LIKERT_CHOICES[:2]) if index < agreeing else rng.choice(LIKERT_CHOICES[2:])
            responses.append(
                SurveyResponse(
                    survey=survey,
                    answers={str(involved.pk): answer, str(contact.pk): rng.choice(["Yes", "Yes", "No", "Not sure"])},
                    answered_on=start + datetime.timedelta(days=rng.randrange(days)),
                )
            )
    SurveyResponse.objects.bulk_create(responses)
    _feed(survey, northfield, lead)


def _feed(survey: Survey, northfield: Organisation, lead: User) -> None:
    project = Project.objects.filter(organisation=northfield, title=DISCHARGE).first()
    membership = Membership.objects.filter(organisation=northfield, user=lead).first()
    if project is None or membership is None:
        return
    measure, _ = Measure.objects.get_or_create(
        organisation=northfield,
        name=MEASURE,
        defaults={
            "measure_type": "process",
            "what_counted": "Carers answering ‘agree’ or ‘strongly agree’ in the public carers' survey",
            "numerator": "Answers ‘strongly agree’ or ‘agree’",
            "denominator": "All answers to the question",
            "frequency": "monthly",
            "chart_type": "p",
            "improvement": "increase",
            "owner": lead,
        },
    )
    if not ProjectLink.objects.filter(project=project, kind=LinkKind.MEASURE, ref_id=measure.pk).exists():
        project_link_add(
            actor=lead,
            project=project,
            kind=LinkKind.MEASURE,
            ref_id=measure.pk,
            label=measure.name,
            has_baseline=False,
            measure_type="process",
        )
    feed = survey_feed_set(
        actor=lead,
        access=OrgAccess(organisation=northfield, membership=membership, is_system_admin=False),
        survey=survey,
        question=survey.questions.get(text=INVOLVED),
        favourable=list(LIKERT_CHOICES[:2]),
        measure=measure,
    )
    survey_feed_run(actor=lead, feed=feed)
