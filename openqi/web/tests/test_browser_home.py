"""The personal home in a browser, as a staff member and as a QI lead: "What needs you" with axe
at desktop and phone widths, and today's check-in in one tap by keyboard from the home page."""

from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.web.tests.test_home_needs import _idea, _measure, _project_with_cycles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _work(personas: Any) -> None:
    member = personas.member.user
    for i in range(7):
        _idea(personas.org_a, f"Night-time noise idea {i}")
    _idea(personas.org_a, "Water jugs at every bed", status="implemented")
    _idea(personas.org_a, "Clearer discharge letters", status="under_review", owner=member)
    _project_with_cycles(personas.org_a, member)
    _project_with_cycles(personas.org_a, personas.lead.user, role="lead")
    _measure(personas.org_a, "Falls per 1,000 bed days", "special_cause_concern", owner=member)
    _measure(personas.org_a, "Pressure ulcers", "special_cause_improvement", owner=personas.lead.user)


def test_a_staff_member_checks_in_in_one_tap_from_what_needs_you(live_server: Any, browser: Any, personas: Any) -> None:
    _work(personas)
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    sign_in(page, live_server, "member@alpha.nhs.uk")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="What needs you")).to_be_visible()
    expect(page.get_by_role("heading", name="Ideas you own (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Ideas waiting for the QI team")).to_have_count(0)
    expect(page.get_by_role("link", name="Clearer discharge letters", exact=False)).to_be_visible()
    check_accessibility(page, "home-staff")
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_accessibility(page, "home-staff-390")
    page.set_viewport_size({"width": 1280, "height": 1000})
    good = page.get_by_role("button", name="Good", exact=True)
    good.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you for checking in")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("You have checked in today.")).to_be_visible()
    expect(page.get_by_role("button", name="Good", exact=True)).to_have_count(0)
    check_accessibility(page, "home-staff-checked-in")
    page.context.close()


def test_a_lead_sees_the_ideas_waiting_for_the_qi_team(live_server: Any, browser: Any, personas: Any) -> None:
    _work(personas)
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    sign_in(page, live_server, "lead@alpha.nhs.uk")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Ideas waiting for the QI team (8)")).to_be_visible()
    expect(page.get_by_role("link", name="See all new ideas (8)")).to_be_visible()
    expect(page.get_by_role("heading", name="PDSA cycles to study (2)")).to_be_visible()
    expect(page.get_by_role("heading", name="Measures with a new signal (1)")).to_be_visible()
    check_accessibility(page, "home-lead")
    page.get_by_role("link", name="See all new ideas (8)").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/o/alpha/ideas/" in page.url
    page.context.close()
