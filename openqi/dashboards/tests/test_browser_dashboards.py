"""Issue 14's dashboards in headless Chromium: a lead watches the organisation dashboard while a
new idea arrives (the tile changes without a reload), a member opens their team's dashboard, a
filter with a bad period shows the error summary, and an ICS executive opens the ICS dashboard.
axe on every page."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.factories import SystemMembershipFactory, UserFactory
from openqi.ideas.services import idea_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_idea_reaches_the_open_dashboard_without_a_reload(live_server: Any, browser: Any, personas: Any) -> None:
    org = personas.org_a
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{org.slug}/dashboards/")
    expect(page.get_by_role("heading", name="Organisation dashboard")).to_be_visible()
    shared = page.locator('[data-figure="ideas-1"]')
    expect(shared).to_have_text("0")
    check_accessibility(page, "dashboard-organisation")
    page.evaluate("window.__notReloaded = true")

    idea_submit(
        actor=personas.member.user,
        organisation=org,
        title="Label the commode chairs",
        problem="Staff cannot tell which are clean.",
        suggestion="A green tag after cleaning.",
        identity="named",
        team=personas.member.team,
    )
    expect(shared).to_have_text("1", timeout=15_000)
    expect(page.locator("#dashboard-status")).to_contain_text("Updated at")
    assert page.evaluate("window.__notReloaded") is True  # swapped in place, not reloaded

    page.get_by_text("Filter the dashboard").click()
    page.locator("#start-day").fill("2")
    page.locator("#start-month").fill("3")
    page.locator("#start-year").fill("2026")
    page.locator("#end-day").fill("1")
    page.locator("#end-month").fill("3")
    page.locator("#end-year").fill("2026")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("To must be the same as or after From")
    assert page.title().startswith("Error: ")
    check_accessibility(page, "dashboard-filter-errors")


def test_a_member_opens_their_team_dashboard_and_an_executive_the_ics(
    live_server: Any, browser: Any, personas: Any
) -> None:
    org = personas.org_a
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/{org.slug}/dashboards/")
    expect(page.get_by_role("heading", name=f"{personas.member.team.name} dashboard")).to_be_visible()
    check_accessibility(page, "dashboard-team")

    executive = UserFactory(email="exec@alpha.nhs.uk")
    SystemMembershipFactory(user=executive, system=org.system, role="executive")
    ics = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    sign_in(ics, live_server, executive.email)
    ics.get_by_role("link", name="ICS dashboard").first.click()
    expect(ics.get_by_role("heading", name=re.compile("dashboard$"))).to_be_visible()
    expect(ics.locator("#tile-ideas-table")).to_contain_text(org.name)
    check_accessibility(ics, "dashboard-ics")
