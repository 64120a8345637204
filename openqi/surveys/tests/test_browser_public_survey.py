"""A carer answers a public survey on a phone with no account (an NHS number refused first); a lead
creates the survey, sees its link and QR code, and reads the results once k people have answered.
axe (WCAG 2.2 AA) on every page visited, error states included."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.surveys.models import Survey, SurveyResponse
from openqi.surveys.services import question_add

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def test_a_lead_makes_a_public_survey_a_carer_answers_on_a_phone_and_the_lead_sees_results(
    live_server: Any, page: Any, phone: Any, personas: Any
) -> None:
    page.set_default_timeout(60_000)  # a shared, loaded machine: the first page can take a while
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/surveys/new/")
    page.get_by_label("Survey title").fill("Carers on discharge")
    page.get_by_label("Patients, carers and the public").check()
    today = timezone.localdate()
    later = today + datetime.timedelta(days=30)
    for name, day in (("opens_on", today), ("closes_on", later)):
        page.locator(f"#{name}-day").fill(str(day.day))
        page.locator(f"#{name}-month").fill(str(day.month))
        page.locator(f"#{name}-year").fill(str(day.year))
    check_accessibility(page, "public-survey-create")
    page.get_by_role("button", name="Create survey").click()
    survey = Survey.objects.get(title="Carers on discharge")
    question_add(
        actor=personas.lead.user,
        survey=survey,
        kind="likert",
        text="I felt involved in planning the discharge",
        choices=[],
        required=True,
    )
    question_add(actor=personas.lead.user, survey=survey, kind="text", text="What would have helped?", choices=[])
    page.reload()
    page.get_by_role("button", name="Open the survey").click()
    expect(page.get_by_role("heading", name="Public link, QR code and kiosk")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for the public link to ‘Carers on discharge’")).to_be_visible()
    check_accessibility(page, "public-survey-edit")
    link = page.locator("#public-link").get_attribute("href")
    assert link and link.endswith(f"/s/{survey.public_token}/")

    # The carer, on a phone, with no account.
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Carers on discharge", level=1)).to_be_visible()
    check_accessibility(phone, "public-survey-phone")
    phone.get_by_label("Agree", exact=True).tap()
    phone.get_by_label("What would have helped? (optional)").fill("My NHS number is 943 476 5919")
    phone.get_by_role("button", name="Send my answers").tap()
    expect(phone.locator(".nhsuk-error-summary")).to_be_visible()
    assert phone.title().startswith("Error: ")
    check_accessibility(phone, "public-survey-phone-error")
    phone.get_by_label("What would have helped? (optional)").fill("A phone call the day before")
    phone.get_by_role("button", name="Send my answers").tap()
    expect(phone.get_by_role("heading", name="Thank you for your answers")).to_be_visible()
    check_accessibility(phone, "public-survey-phone-thanks")
    phone.goto(link)
    expect(phone.get_by_role("heading", name="You have already answered")).to_be_visible()
    assert SurveyResponse.objects.filter(survey=survey).count() == 1

    # Ten more carers: eleven answers reach k, and the lead sees the results.
    question = survey.questions.first()
    assert question is not None
    SurveyResponse.objects.bulk_create(
        SurveyResponse(survey=survey, answers={str(question.pk): "Agree"}, answered_on=today) for _ in range(10)
    )
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/surveys/{survey.pk}/results/")
    expect(page.get_by_text("11 responses.")).to_be_visible()
    expect(page.get_by_text("I felt involved in planning the discharge").first).to_be_visible()
    check_accessibility(page, "public-survey-results")
