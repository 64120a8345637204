"""Recurring surveys open numbered rounds with the same questions; results show the trend."""

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.surveys import services
from openqi.surveys.models import Survey
from openqi.surveys.selectors import survey_trend
from openqi.surveys.services.rounds import next_opening, series_rounds, survey_rounds_open
from openqi.surveys.tests.helpers import add_responses, open_survey

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2030, 1, 7)  # in the future, so questions can still be added


def _weekly(personas: Any) -> Survey:
    survey = open_survey(personas, opens_on=MONDAY, closes_on=MONDAY + datetime.timedelta(days=4))
    Survey.objects.filter(pk=survey.pk).update(recurrence="weekly")
    survey.refresh_from_db()
    return survey


def test_periods_add_a_week_a_month_or_a_quarter_keeping_month_ends() -> None:
    assert next_opening(MONDAY, "weekly") == datetime.date(2030, 1, 14)
    assert next_opening(datetime.date(2026, 1, 31), "monthly") == datetime.date(2026, 2, 28)
    assert next_opening(datetime.date(2026, 11, 30), "quarterly") == datetime.date(2027, 2, 28)


def test_the_next_round_opens_when_its_period_begins_with_the_same_questions(personas: Any) -> None:
    survey = _weekly(personas)
    assert survey_rounds_open(today=MONDAY + datetime.timedelta(days=6)) == []
    [second] = survey_rounds_open(today=MONDAY + datetime.timedelta(days=7))
    assert (second.round_number, second.series_id, second.opens_on, second.closes_on) == (
        2,
        survey.pk,
        datetime.date(2030, 1, 14),
        datetime.date(2030, 1, 18),
    )
    assert [(q.kind, q.text) for q in second.questions.all()] == [(q.kind, q.text) for q in survey.questions.all()]
    assert second.marker_key and second.marker_key != survey.marker_key  # rounds cannot be matched
    assert survey_rounds_open(today=MONDAY + datetime.timedelta(days=8)) == []  # idempotent
    assert AuditEvent.objects.filter(action="survey.round_open").count() == 1
    assert [r.round_number for r in series_rounds(second)] == [1, 2]


def test_missed_periods_are_skipped_and_only_the_current_round_opens(personas: Any) -> None:
    _weekly(personas)
    [late] = survey_rounds_open(today=MONDAY + datetime.timedelta(days=30))
    assert (late.round_number, late.opens_on) == (2, datetime.date(2030, 2, 4))


def test_the_management_command_opens_due_rounds(personas: Any) -> None:
    survey = open_survey(personas)  # opened yesterday: next week's round is not due
    Survey.objects.filter(pk=survey.pk).update(recurrence="weekly")
    out = StringIO()
    call_command("surveys_daily", stdout=out)
    assert "Opened 0 survey rounds" in out.getvalue()


def test_a_round_may_not_stay_open_longer_than_its_period(personas: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.survey_create(
            actor=personas.lead.user,
            organisation=personas.org_a,
            title="Weekly pulse",
            teams=[],
            opens_on=MONDAY,
            closes_on=MONDAY + datetime.timedelta(days=7),
            recurrence="weekly",
        )
    assert "at most 7 days" in str(error.value)
    with pytest.raises(ValidationError):
        services.survey_create(
            actor=personas.lead.user,
            organisation=personas.org_a,
            title="Pulse",
            teams=[],
            opens_on=MONDAY,
            closes_on=MONDAY,
            recurrence="fortnightly",
        )


def test_the_trend_shows_each_rounds_score_suppressed_on_its_own(personas: Any) -> None:
    first = _weekly(personas)
    add_responses(first, 12, q1="Agree", q2="9")
    add_responses(first, 12, q1="Disagree", q2="3")
    add_responses(first, 11, q2="7")
    [second] = survey_rounds_open(today=MONDAY + datetime.timedelta(days=7))
    add_responses(second, 30, q1="Strongly agree")
    add_responses(second, 4, q1="Disagree")  # a small group: the agree share cannot be shown
    [third] = survey_rounds_open(today=MONDAY + datetime.timedelta(days=14))
    add_responses(third, 5, q1="Agree")  # fewer than k people in the round
    trend = survey_trend(organisation=personas.org_a, survey=third)
    likert, nps = trend[0], trend[1]
    assert [(p.survey.round_number, p.answered, p.score) for p in likert.points] == [
        (1, 24, 50),
        (2, 34, None),
        (3, None, None),
    ]
    assert [(p.answered, p.score) for p in nps.points] == [(35, 0), (None, None), (None, None)]
    # The first round's page shows no trend of rounds after it.
    assert survey_trend(organisation=personas.org_a, survey=first) == []


def test_the_results_page_shows_the_trend_table(personas: Any, lead_client: Client) -> None:
    first = _weekly(personas)
    add_responses(first, 12, q1="Agree")
    [second] = survey_rounds_open(today=MONDAY + datetime.timedelta(days=7))
    add_responses(second, 12, q1="Disagree")
    html = lead_client.get(f"/o/{personas.org_a.slug}/surveys/{second.pk}/results/").content.decode()
    assert "Trend across rounds" in html
    assert "round 2" in html
    assert "Round 1: " in html and ">100%<" in html and ">0%<" in html


def test_the_create_form_offers_recurrence(personas: Any, lead_client: Client) -> None:
    response = lead_client.post(
        f"/o/{personas.org_a.slug}/surveys/new/",
        {
            "title": "Monthly pulse",
            "opens_on-day": "1",
            "opens_on-month": "2",
            "opens_on-year": "2026",
            "closes_on-day": "5",
            "closes_on-month": "2",
            "closes_on-year": "2026",
            "recurrence": "monthly",
        },
    )
    assert response.status_code == 302
    assert Survey.objects.get(title="Monthly pulse").recurrence == "monthly"


def test_the_lead_list_of_surveys_is_paged(personas: Any, lead_client: Client) -> None:
    for n in range(27):
        services.survey_create(
            actor=personas.lead.user,
            organisation=personas.org_a,
            title=f"Pulse {n:02d}",
            teams=[],
            opens_on=MONDAY + datetime.timedelta(days=n),
            closes_on=MONDAY + datetime.timedelta(days=n),
        )
    first = lead_client.get(f"/o/{personas.org_a.slug}/surveys/").content.decode()
    assert "Pulse 26" in first and "Pulse 00" not in first and "2 of 2" in first
    second = lead_client.get(f"/o/{personas.org_a.slug}/surveys/?page=2").content.decode()
    assert "Pulse 00" in second


def test_a_lead_stops_a_survey_repeating_and_no_more_rounds_open(personas: Any, lead_client: Client) -> None:
    survey = _weekly(personas)
    [second] = survey_rounds_open(today=MONDAY + datetime.timedelta(days=7))
    page = lead_client.get(f"/o/{personas.org_a.slug}/surveys/{second.pk}/").content.decode()
    assert "Stop repeating" in page
    response = lead_client.post(f"/o/{personas.org_a.slug}/surveys/{second.pk}/stop-repeating/", follow=True)
    assert "will not repeat" in response.content.decode()
    assert not Survey.objects.exclude(recurrence="").exists()
    assert survey_rounds_open(today=MONDAY + datetime.timedelta(days=14)) == []
    assert AuditEvent.objects.filter(action="survey.recurrence_stop", actor=personas.lead.user).count() == 1
    assert survey.pk in AuditEvent.objects.get(action="survey.recurrence_stop").detail.values()


def test_only_leads_stop_a_survey_repeating(personas: Any, member_client: Client, outsider_client: Client) -> None:
    survey = _weekly(personas)
    url = f"/o/{personas.org_a.slug}/surveys/{survey.pk}/stop-repeating/"
    assert member_client.post(url).status_code == 403
    assert outsider_client.post(url).status_code == 404
    assert Survey.objects.get(pk=survey.pk).recurrence == "weekly"
