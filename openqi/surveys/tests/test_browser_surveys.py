"""A lead builds a pulse survey; a member answers it on a phone; axe on every page."""

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.surveys.models import SurveyResponse
from openqi.surveys.tests.helpers import add_responses, open_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_builds_a_survey_with_a_question(live_server: Any, page: Any, personas: Any) -> None:
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/surveys/")
    check_accessibility(page, "survey-list")
    page.get_by_role("button", name="Create a survey").click()
    page.get_by_role("button", name="Create survey").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    check_accessibility(page, "survey-create-error")
    page.get_by_label("Survey title").fill("Handover")
    today = timezone.localdate()
    later = today + datetime.timedelta(days=7)
    for prefix, day in (("opens_on", today), ("closes_on", later)):
        page.locator(f"#{prefix}-day").fill(str(day.day))
        page.locator(f"#{prefix}-month").fill(str(day.month))
        page.locator(f"#{prefix}-year").fill(str(day.year))
    page.get_by_role("button", name="Create survey").click()
    expect(page.get_by_role("heading", name="Handover")).to_be_visible()
    check_accessibility(page, "survey-edit")
    page.get_by_role("button", name="Add a question").click()
    check_accessibility(page, "survey-question-add")
    page.get_by_label("Question", exact=True).fill("Which shift do you work most?")
    page.get_by_label("Choose one", exact=True).check()
    page.get_by_label("Options (for ‘Choose one’ and ‘Choose any’)").fill("Early\nLate\nNight")
    page.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("Which shift do you work most?")).to_be_visible()


def test_a_member_answers_a_survey_on_a_phone_and_a_lead_reads_suppressed_results(
    live_server: Any, browser: Any, page: Any, personas: Any
) -> None:
    survey = open_survey(personas)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    sign_in(phone, live_server, personas.member.user.email)
    phone.goto(f"{live_server.url}/o/{personas.org_a.slug}/surveys/")
    phone.get_by_role("link", name="Winter pressures").click()
    check_accessibility(phone, "survey-answer-phone")
    phone.get_by_role("group", name="I feel supported (optional)").get_by_label("Agree", exact=True).check()
    phone.get_by_role("group", name=re.compile("Recommend")).get_by_label("9", exact=True).check()
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", name="Thank you for your answers")).to_be_visible()
    check_accessibility(phone, "survey-done-phone")
    context.close()
    assert SurveyResponse.objects.count() == 1

    add_responses(survey, 20, q1="Agree", q3="Early")
    add_responses(survey, 3, q1="Disagree", q3="Night")
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/surveys/{survey.pk}/results/")
    expect(page.get_by_text("24 responses")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^Disagree"))).to_contain_text("Fewer than 11 responses")
    check_accessibility(page, "survey-results")


def test_a_lead_reads_the_trend_the_breakdown_and_sends_a_reminder(live_server: Any, page: Any, personas: Any) -> None:
    from openqi.factories import MembershipFactory
    from openqi.organisations.models import Role
    from openqi.surveys.breakdowns import tally_record
    from openqi.surveys.models import Survey
    from openqi.surveys.services.rounds import survey_rounds_open

    today = timezone.localdate()
    first = open_survey(personas)
    Survey.objects.filter(pk=first.pk).update(
        recurrence="weekly", opens_on=today - datetime.timedelta(days=9), closes_on=today - datetime.timedelta(days=5)
    )
    add_responses(first, 12, q1="Agree")
    [second] = survey_rounds_open(today=today)
    for _ in range(11):
        MembershipFactory(organisation=personas.org_a, role=Role.STAFF, team=personas.member.team)
    question = second.questions.first()
    for _ in range(12):
        tally_record(survey=second, team=personas.member.team, role=Role.STAFF, answers={str(question.pk): "Agree"})
    add_responses(second, 12, q1="Agree")
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/surveys/{second.pk}/")
    check_accessibility(page, "survey-edit-reminder")
    page.get_by_role("button", name="Send a reminder now").click()
    expect(page.get_by_text("Reminder sent to everyone in the audience")).to_be_visible()
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/surveys/{second.pk}/results/")
    expect(page.get_by_role("heading", name="Trend across rounds")).to_be_visible()
    check_accessibility(page, "survey-results-trend")
    page.get_by_role("link", name="Results by team").click()
    expect(page.get_by_text("shown once the survey has closed")).to_be_visible()
    Survey.objects.filter(pk=second.pk).update(closes_on=today - datetime.timedelta(days=1))
    page.reload()
    expect(page.get_by_role("row", name=re.compile("^Ward 1")).first).to_contain_text("12")
    check_accessibility(page, "survey-breakdown-team")
