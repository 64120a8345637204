"""A survey stays a draft, unseen by staff, until a lead opens it; at desktop and phone widths."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.surveys import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_a_lead_opens_a_draft_survey_only_once_it_has_a_question(
    live_server: Any, browser: Any, personas: Any, width: int
) -> None:
    today = timezone.localdate()
    survey = services.survey_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Handover",
        teams=[],
        opens_on=today + datetime.timedelta(days=2),
        closes_on=today + datetime.timedelta(days=9),
    )
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, personas.lead.user.email)
    edit = f"{live_server.url}/o/{personas.org_a.slug}/surveys/{survey.pk}/"
    page.goto(edit)
    expect(page.get_by_text("This survey is a draft. Nobody else can see it until you open it.")).to_be_visible()
    expect(page.get_by_text("Add at least one question before you open the survey.")).to_be_visible()
    expect(page.get_by_role("button", name="Open it now")).to_have_count(0)
    check_accessibility(page, f"survey-draft-empty-{width}")
    services.question_add(actor=personas.lead.user, survey=survey, kind="likert", text="I feel supported", choices=[])
    page.goto(edit)
    expect(page.get_by_role("button", name="Schedule it to open on")).to_be_visible()
    check_accessibility(page, f"survey-draft-ready-{width}")

    member = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(member, live_server, personas.member.user.email)
    member.goto(f"{live_server.url}/o/{personas.org_a.slug}/surveys/")
    expect(member.get_by_text("There are no surveys for you to answer just now.")).to_be_visible()

    page.get_by_role("button", name="Open it now").click()
    expect(page.get_by_text("Survey open.")).to_be_visible()
    expect(page.locator(".nhsuk-caption-l")).to_contain_text("Open")
    check_accessibility(page, f"survey-opened-{width}")
    member.goto(f"{live_server.url}/o/{personas.org_a.slug}/surveys/")
    expect(member.get_by_role("link", name="Handover")).to_be_visible()
    context.close()
    member.context.close()
