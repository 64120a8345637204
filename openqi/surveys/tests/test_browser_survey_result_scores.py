"""A lead reads a round of 35 answers: the share agreeing shows though every option is under k,
and the page says what it hid and why; at desktop and phone widths, with axe."""

from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.surveys.tests.helpers import add_responses, open_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_a_lead_sees_the_share_agreeing_and_why_the_rest_is_hidden(
    live_server: Any, browser: Any, personas: Any, width: int
) -> None:
    survey = open_survey(personas)
    for answer, n in {"Strongly agree": 8, "Agree": 9, "Neither agree nor disagree": 8, "Disagree": 10}.items():
        add_responses(survey, n, q1=answer)
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/surveys/{survey.pk}/results/")
    expect(page.get_by_text("Agree or strongly agree: 49% (17 of 35).")).to_be_visible()
    hidden = page.locator("#what-is-hidden")
    expect(hidden).to_contain_text("What is hidden and why")
    expect(hidden).to_contain_text("because fewer than 11 people gave them")
    check_accessibility(page, f"survey-results-scores-{width}")
    page.context.close()
