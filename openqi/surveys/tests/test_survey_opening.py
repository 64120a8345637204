"""A survey is a draft until it has a question and a lead opens it (now, or on its opening date).
Staff never see a draft: it is not "open for you", its answer page does not exist for them."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.surveys import selectors, services
from openqi.surveys.models import Survey, SurveyState, SurveyStatus
from openqi.surveys.services.rounds import survey_rounds_open

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def draft(personas: Any, *, opens_on: datetime.date = TODAY, questions: int = 1, **kwargs: Any) -> Survey:
    survey = services.survey_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Handover",
        teams=[],
        opens_on=opens_on,
        closes_on=opens_on + 6 * DAY,
        **kwargs,
    )
    for n in range(questions):
        services.question_add(actor=personas.lead.user, survey=survey, kind="likert", text=f"Q{n}", choices=[])
    return survey


def test_a_new_survey_is_a_draft_that_staff_never_see(personas: Any, member_client: Client) -> None:
    survey = draft(personas)
    assert survey.state == SurveyState.DRAFT
    assert survey.status() == SurveyStatus.DRAFT and not survey.is_open()
    assert selectors.survey_list_open_for(user=personas.member.user, membership=personas.member) == []
    page = member_client.get(f"/o/{personas.org_a.slug}/surveys/")
    assert "Handover" not in page.content.decode()
    assert member_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/answer/").status_code == 404
    with pytest.raises(ValidationError, match="not open"):
        services.survey_respond(user=personas.member.user, survey=survey, team=None, answers={})


def test_opening_a_survey_without_a_question_is_refused_with_a_clear_message(
    personas: Any, lead_client: Client
) -> None:
    survey = draft(personas, questions=0)
    with pytest.raises(ValidationError, match=services.NEEDS_A_QUESTION):
        services.survey_open(actor=personas.lead.user, survey=survey)
    response = lead_client.post(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/open/", {"when": "now"}, follow=True)
    assert services.NEEDS_A_QUESTION in response.content.decode()
    survey.refresh_from_db()
    assert survey.state == SurveyState.DRAFT
    # The page offers no button that could only be refused: it says what to do instead.
    page = lead_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/").content.decode()
    assert "Add at least one question before you open the survey." in page
    assert "/open/" not in page


def test_a_lead_opens_a_survey_and_staff_can_answer_it(
    personas: Any, lead_client: Client, member_client: Client
) -> None:
    survey = draft(personas)
    page = lead_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/").content.decode()
    assert "This survey is a draft" in page and "Open the survey" in page
    response = lead_client.post(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/open/", {"when": "now"}, follow=True)
    assert "Survey open." in response.content.decode()
    survey.refresh_from_db()
    assert survey.status() == SurveyStatus.OPEN
    assert [s.pk for s, _ in selectors.survey_list_open_for(user=personas.member.user, membership=personas.member)] == [
        survey.pk
    ]
    assert member_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/answer/").status_code == 200
    event = AuditEvent.objects.get(action="survey.open")
    assert event.actor_id == personas.lead.user.pk


def test_a_scheduled_survey_opens_on_its_date_with_no_job_to_run(personas: Any) -> None:
    survey = draft(personas, opens_on=TODAY + 3 * DAY)
    survey = services.survey_open(actor=personas.lead.user, survey=survey)
    assert survey.status() == SurveyStatus.SCHEDULED
    assert survey.status_text() == "Scheduled"
    assert selectors.survey_list_open_for(user=personas.member.user, membership=personas.member) == []
    assert survey.is_open(TODAY + 3 * DAY)
    assert AuditEvent.objects.filter(action="survey.schedule").count() == 1


def test_open_now_brings_a_later_opening_date_forward_to_today(personas: Any) -> None:
    survey = draft(personas, opens_on=TODAY + 3 * DAY)
    services.survey_open(actor=personas.lead.user, survey=survey, now=True)
    assert survey.opens_on == TODAY and survey.is_open()  # the caller's own copy is opened too


def test_a_survey_cannot_be_opened_twice_or_after_its_closing_date(personas: Any) -> None:
    survey = services.survey_open(actor=personas.lead.user, survey=draft(personas))
    with pytest.raises(ValidationError, match="already been opened"):
        services.survey_open(actor=personas.lead.user, survey=survey)
    late = draft(personas, opens_on=TODAY - 10 * DAY)
    with pytest.raises(ValidationError, match="which has passed"):
        services.survey_open(actor=personas.lead.user, survey=late)


def test_a_draft_repeating_survey_opens_no_rounds_and_an_opened_one_does(personas: Any) -> None:
    survey = draft(personas, opens_on=TODAY - 7 * DAY, recurrence="weekly")
    Survey.objects.filter(pk=survey.pk).update(closes_on=TODAY - 1 * DAY)
    assert survey_rounds_open(today=TODAY) == []
    Survey.objects.filter(pk=survey.pk).update(state=SurveyState.OPENED)
    (new,) = survey_rounds_open(today=TODAY)
    assert new.state == SurveyState.OPENED and new.is_open()


def test_staff_are_refused_the_open_button(personas: Any, member_client: Client) -> None:
    survey = draft(personas)
    assert member_client.post(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/open/").status_code == 403
    survey.refresh_from_db()
    assert survey.state == SurveyState.DRAFT
