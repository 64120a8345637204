"""Leads archive a survey (asked first, Undo offered) and unarchive it; archived surveys leave the
list but show with "Show archived surveys". Removing a question asks first and the audit entry
holds the whole question."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.surveys import services
from openqi.surveys.models import Question, Survey
from openqi.surveys.tests.helpers import open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(personas: Any) -> Survey:
    today = timezone.localdate()
    survey = open_survey(personas)  # questions are added while it is open, then it closes
    Survey.objects.filter(pk=survey.pk).update(
        opens_on=today - datetime.timedelta(days=20), closes_on=today - datetime.timedelta(days=10)
    )
    survey.refresh_from_db()
    return survey


def test_archiving_a_survey_asks_first(closed: Survey, lead_client: Client) -> None:
    page = lead_client.get(f"/o/alpha/surveys/{closed.pk}/archive/")
    assert page.status_code == 200 and "Archive ‘Winter pressures’?" in page.content.decode()
    closed.refresh_from_db()
    assert not closed.is_archived


def test_an_archived_survey_leaves_the_list_and_comes_back_with_the_filter(closed: Survey, lead_client: Client) -> None:
    response = lead_client.post(f"/o/alpha/surveys/{closed.pk}/archive/", follow=True)
    text = response.content.decode()
    assert "Survey ‘Winter pressures’ archived" in text
    assert f'action="/o/alpha/surveys/{closed.pk}/unarchive/"' in text  # Undo
    assert "Winter pressures" not in lead_client.get("/o/alpha/surveys/").content.decode()
    assert "Winter pressures" in lead_client.get("/o/alpha/surveys/?archived=1").content.decode()
    assert lead_client.get(f"/o/alpha/surveys/{closed.pk}/results/").status_code == 200  # still reachable
    event = AuditEvent.objects.get(action="survey.archive")
    assert event.detail["title"] == "Winter pressures" and event.object_id == str(closed.pk)
    lead_client.post(f"/o/alpha/surveys/{closed.pk}/unarchive/")
    closed.refresh_from_db()
    assert not closed.is_archived
    assert AuditEvent.objects.filter(action="survey.unarchive").exists()


def test_an_open_or_repeating_survey_is_not_archived(personas: Any) -> None:
    lead = personas.lead.user
    with pytest.raises(ValidationError, match="people may be answering"):
        services.survey_archive(actor=lead, survey=open_survey(personas))
    today = timezone.localdate()
    repeating = services.survey_create(
        actor=lead,
        organisation=personas.org_a,
        title="Weekly",
        teams=[],
        opens_on=today + datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=5),
        recurrence="weekly",
    )
    with pytest.raises(ValidationError, match="Stop it repeating first"):
        services.survey_archive(actor=lead, survey=repeating)


def test_an_archived_survey_that_had_not_opened_never_opens(personas: Any) -> None:
    today = timezone.localdate()
    later = open_survey(
        personas, opens_on=today + datetime.timedelta(days=1), closes_on=today + datetime.timedelta(days=5)
    )
    services.survey_archive(actor=personas.lead.user, survey=later)
    later.refresh_from_db()
    assert not later.is_open(today + datetime.timedelta(days=2))


def test_only_leads_archive_surveys(closed: Survey, member_client: Client) -> None:
    assert member_client.post(f"/o/alpha/surveys/{closed.pk}/archive/").status_code == 403
    assert member_client.post(f"/o/alpha/surveys/{closed.pk}/unarchive/").status_code == 403


def test_removing_a_question_asks_first_and_the_audit_holds_the_whole_question(
    personas: Any, lead_client: Client
) -> None:
    today = timezone.localdate()
    survey = open_survey(
        personas, opens_on=today + datetime.timedelta(days=1), closes_on=today + datetime.timedelta(days=5)
    )
    shift = survey.questions.get(text="Shift")
    url = f"/o/alpha/surveys/{survey.pk}/questions/{shift.pk}/remove/"
    page = lead_client.get(url)
    assert page.status_code == 200 and "Remove question 3?" in page.content.decode()
    assert Question.objects.filter(pk=shift.pk).exists()
    lead_client.post(url)
    assert not Question.objects.filter(pk=shift.pk).exists()
    event = AuditEvent.objects.get(action="survey.question_remove")
    assert event.detail == {
        "survey": survey.pk,
        "position": 3,
        "kind": "single",
        "text": "Shift",
        "choices": ["Early", "Late", "Night"],
        "required": False,
    }
    assert [q.position for q in survey.questions.all()] == [1, 2, 3, 4]
