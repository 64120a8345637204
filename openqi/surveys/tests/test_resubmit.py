"""Issue 24, point 3: survey forms sent twice with one submission token create one thing."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openqi.core.tests.resubmit import send_twice
from openqi.surveys.models import Question, Survey, SurveyResponse
from openqi.surveys.tests.helpers import open_survey

pytestmark = pytest.mark.django_db


def test_a_survey_answer_sent_twice_is_counted_once(personas: Any, member_client: Client) -> None:
    survey = open_survey(personas)
    url = f"/o/{personas.org_a.slug}/surveys/{survey.pk}/answer/"
    q1 = survey.questions.first()
    assert q1 is not None
    _, second = send_twice(member_client, url, {f"q{q1.pk}": "Agree"}, count=SurveyResponse.objects.count)
    assert (second.status_code, second["Location"]) == (302, url)


def test_a_survey_created_twice_is_created_once(personas: Any, lead_client: Client) -> None:
    today = timezone.localdate()
    later = today + datetime.timedelta(days=7)
    data = {"title": "Handover", "intro": "", "opens_on-day": today.day, "opens_on-month": today.month}
    data |= {"opens_on-year": today.year, "closes_on-day": later.day, "closes_on-month": later.month}
    data |= {"closes_on-year": later.year}
    send_twice(lead_client, f"/o/{personas.org_a.slug}/surveys/new/", data, count=Survey.objects.count)


def test_a_question_added_twice_is_added_once(personas: Any, lead_client: Client) -> None:
    survey = open_survey(personas)
    send_twice(
        lead_client,
        f"/o/{personas.org_a.slug}/surveys/{survey.pk}/questions/new/",
        {"text": "Which shift?", "kind": "single", "choices": "Early\nLate"},
        count=Question.objects.count,
    )
