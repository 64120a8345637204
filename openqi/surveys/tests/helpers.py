import datetime
from typing import Any

from django.utils import timezone

from openqi.surveys.models import Survey, SurveyResponse
from openqi.surveys.services import question_add, survey_create, survey_open


def open_survey(personas: Any, teams: list[Any] | None = None, **dates: Any) -> Survey:
    today = timezone.localdate()
    survey = survey_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Winter pressures",
        teams=teams or [],
        opens_on=dates.get("opens_on", today - datetime.timedelta(days=1)),
        closes_on=dates.get("closes_on", today + datetime.timedelta(days=7)),
    )
    question_add(actor=personas.lead.user, survey=survey, kind="likert", text="I feel supported", choices=[])
    question_add(actor=personas.lead.user, survey=survey, kind="nps", text="Recommend as a place to work", choices=[])
    question_add(
        actor=personas.lead.user, survey=survey, kind="single", text="Shift", choices=["Early", "Late", "Night"]
    )
    question_add(
        actor=personas.lead.user, survey=survey, kind="multiple", text="Worries", choices=["Pay", "Rota", "Kit"]
    )
    question_add(actor=personas.lead.user, survey=survey, kind="text", text="One change", choices=[])
    return survey_open(actor=personas.lead.user, survey=survey)


def add_responses(survey: Survey, count: int, **answers: Any) -> None:
    """Answers by question position (q1 … q5)."""
    questions = list(survey.questions.all())
    stored = {str(questions[int(name[1:]) - 1].pk): value for name, value in answers.items()}
    SurveyResponse.objects.bulk_create(SurveyResponse(survey=survey, answers=stored) for _ in range(count))
