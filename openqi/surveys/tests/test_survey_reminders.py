"""Reminders reach audience members without a marker; answers never carry identity."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.models import AuditEvent
from openqi.factories import MembershipFactory, TeamFactory
from openqi.notifications.models import Notification
from openqi.organisations.models import Role
from openqi.surveys import services
from openqi.surveys.models import Survey, SurveyMarker, SurveyResponse
from openqi.surveys.services.reminders import survey_reminder_audience, survey_reminder_send, survey_reminders_due
from openqi.surveys.tests.helpers import open_survey

pytestmark = pytest.mark.django_db


def _answer(survey: Survey, membership: Any) -> SurveyResponse:
    question = survey.questions.first()
    assert question is not None
    return services.survey_respond(
        user=membership.user, survey=survey, team=membership.team, answers={f"q{question.pk}": "Agree"}
    )


def test_the_audience_is_members_without_a_marker(personas: Any) -> None:
    survey = open_survey(personas)
    other = MembershipFactory(organisation=personas.org_a, role=Role.STAFF)
    MembershipFactory(organisation=personas.org_a, role=Role.PARTNER)  # partners do not answer surveys
    _answer(survey, personas.member)
    people = survey_reminder_audience(survey=survey)
    assert personas.member.user not in people
    assert {other.user, personas.lead.user, personas.admin.user} == set(people)
    assert personas.outsider.user not in people


def test_the_audience_is_computed_from_markers_only(personas: Any) -> None:
    """Delete the marker and the person is reminded again, though their answer is still stored:
    nothing but the marker says they answered."""
    survey = open_survey(personas)
    _answer(survey, personas.member)
    assert personas.member.user not in survey_reminder_audience(survey=survey)
    SurveyMarker.objects.all().delete()
    assert SurveyResponse.objects.count() == 1
    assert personas.member.user in survey_reminder_audience(survey=survey)


def test_a_survey_for_chosen_teams_reminds_members_of_those_teams_and_teams_inside(personas: Any) -> None:
    ward = personas.member.team
    bay = TeamFactory(organisation=personas.org_a, name="Bay A", parent=ward)
    inside = MembershipFactory(organisation=personas.org_a, role=Role.STAFF, team=bay)
    elsewhere = MembershipFactory(
        organisation=personas.org_a, role=Role.STAFF, team=TeamFactory(organisation=personas.org_a, name="Ward 2")
    )
    survey = open_survey(personas, teams=[ward])
    people = survey_reminder_audience(survey=survey)
    assert set(people) == {personas.member.user, inside.user}
    assert elsewhere.user not in people


def test_a_reminder_notifies_emails_by_preference_and_is_audited_without_a_count(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    survey = open_survey(personas)
    User.objects.filter(pk=personas.admin.user.pk).update(email_frequency=User.EmailFrequency.NEVER)
    _answer(survey, personas.lead)
    with django_capture_on_commit_callbacks(execute=True):
        sent = survey_reminder_send(actor=personas.lead.user, survey=survey)
    assert sent == 2
    assert set(Notification.objects.values_list("user__email", flat=True)) == {
        personas.member.user.email,
        personas.admin.user.email,
    }
    assert [m.to for m in mail.outbox] == [[personas.member.user.email]]
    assert "/answer/" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="survey.reminder_send")
    assert event.actor == personas.lead.user
    assert "2" not in str(event.detail)


def test_one_reminder_a_day_and_only_while_open(personas: Any) -> None:
    survey = open_survey(personas)
    survey_reminder_send(actor=personas.lead.user, survey=survey)
    with pytest.raises(ValidationError, match="already sent today"):
        survey_reminder_send(actor=personas.lead.user, survey=survey)
    later = open_survey(personas, opens_on=timezone.localdate() + datetime.timedelta(days=3))
    with pytest.raises(ValidationError, match="only while the survey is open"):
        survey_reminder_send(actor=personas.lead.user, survey=later)


def test_a_scheduled_reminder_goes_two_days_before_closing(personas: Any) -> None:
    today = timezone.localdate()
    survey = open_survey(personas, opens_on=today - datetime.timedelta(days=3), closes_on=today)
    Survey.objects.filter(pk=survey.pk).update(auto_remind=True)
    assert survey_reminders_due(today=today) == []
    assert survey_reminders_due(today=today - datetime.timedelta(days=2)) == [survey]
    event = AuditEvent.objects.get(action="survey.reminder_send")
    assert event.actor is None and event.detail == {"scheduled": True}


def test_answering_never_links_identity_to_the_answer(personas: Any) -> None:
    survey = open_survey(personas)
    before = AuditEvent.objects.count()
    response = _answer(survey, personas.member)
    # `answered_on` is for public surveys only (ADR 0033): a staff response never has a date.
    assert {f.name for f in SurveyResponse._meta.get_fields()} == {"id", "survey", "answers", "answered_on"}
    assert response.answered_on is None
    assert AuditEvent.objects.count() == before  # answering is never audited
    assert not Notification.objects.exists()
    survey_reminder_send(actor=personas.lead.user, survey=survey)
    stored = [str(v) for v in Notification.objects.values_list("title", "body", "url")]
    assert not any(str(response.pk) in s or "Agree" in s for s in stored)
    assert {f.name for f in SurveyMarker._meta.get_fields()} == {"digest", "survey"}


def test_a_lead_sends_a_reminder_from_the_survey_page(personas: Any, lead_client: Client) -> None:
    survey = open_survey(personas)
    page = lead_client.get(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/").content.decode()
    assert "Send a reminder now" in page
    response = lead_client.post(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/remind/", follow=True)
    assert "Reminder sent to everyone in the audience who has not answered yet" in response.content.decode()
    assert "You can send another tomorrow" in response.content.decode()
    again = lead_client.post(f"/o/{personas.org_a.slug}/surveys/{survey.pk}/remind/", follow=True)
    assert "already sent today" in again.content.decode()


def test_staff_may_not_send_reminders_and_outsiders_get_404(
    personas: Any, member_client: Client, outsider_client: Client
) -> None:
    survey = open_survey(personas)
    url = f"/o/{personas.org_a.slug}/surveys/{survey.pk}/remind/"
    assert member_client.post(url).status_code == 403
    assert outsider_client.post(url).status_code == 404
    assert not Notification.objects.exists()
