"""Issue 14's walk, as the people it is for, in headless Chromium with axe on every page: a lead
goes from the home page to the organisation's dashboard (where a new idea arrives without a
reload) and on to the board report; a member of staff from home to their team's dashboard and a
"you said, we did" newsletter; an ICS executive from home to the ICS dashboard; a system admin
from home to the ICS dashboard and an organisation's board report."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.conftest import TOTP_SECRET, give_totp
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.factories import SystemMembershipFactory, UserFactory
from openqi.ideas.services import idea_submit
from openqi.reports.tests.helpers import answer, make_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _board_report(page: Any, name: str) -> None:
    page.get_by_role("button", name="Make a report").click()
    check_accessibility(page, f"{name}-report-create")
    page.get_by_label(re.compile("board", re.I)).first.check()
    page.get_by_role("button", name="Make the report").click()
    expect(page.get_by_role("heading", name="Ready")).to_be_visible()
    check_accessibility(page, f"{name}-report-ready")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download the PDF")).click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_a_lead_walks_from_home_to_the_live_dashboard_and_the_board_report(
    live_server: Any, browser: Any, personas: Any
) -> None:
    make_measure(personas.org_a, "Falls per 1,000 bed days", worse=True)
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    sign_in(page, live_server, personas.lead.user.email)
    check_accessibility(page, "lead-home")
    page.get_by_role("link", name="Dashboards").first.click()
    expect(page.get_by_role("heading", name=re.compile("dashboard", re.I)).first).to_be_visible()
    check_accessibility(page, "lead-dashboard")
    ideas_table = page.locator("#tile-ideas-table")
    before = ideas_table.inner_text()
    idea_submit(
        actor=personas.member.user,
        organisation=personas.org_a,
        title="Quieter night-time ward rounds",
        problem="Patients are woken.",
        suggestion="Dim the lights at 11pm.",
        identity="named",
        team=personas.member.team,
    )
    # live.js swaps the tiles in place when the version changes: no reload.
    expect(ideas_table).not_to_have_text(before, timeout=20000)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/reports/")
    check_accessibility(page, "lead-reports")
    _board_report(page, "lead")


def test_staff_walk_from_home_to_their_team_dashboard_and_a_newsletter(
    live_server: Any, browser: Any, personas: Any
) -> None:
    answer(personas.org_a, "Brighter corridor lights", "We fitted brighter lights.", team=personas.member.team)
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    sign_in(page, live_server, personas.member.user.email)
    check_accessibility(page, "staff-home")
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/dashboards/")  # sent on to their team's
    expect(page.get_by_role("heading", name=f"{personas.member.team.name} dashboard")).to_be_visible()
    check_accessibility(page, "staff-team-dashboard")
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/reports/")
    page.get_by_role("button", name="Make a report").click()
    page.get_by_label("“You said, we did” newsletter").check()
    page.locator("select[name=team]").select_option(label=personas.member.team.name)
    page.get_by_role("button", name="Make the report").click()
    expect(page.get_by_role("heading", name="Ready")).to_be_visible()
    check_accessibility(page, "staff-newsletter-ready")


def test_an_executive_and_a_system_admin_walk_from_home_to_the_ics_dashboard(
    live_server: Any, browser: Any, personas: Any
) -> None:
    system = personas.org_a.system
    executive = UserFactory(email="exec@alpha.nhs.uk")
    SystemMembershipFactory(user=executive, system=system, role="executive")
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    sign_in(page, live_server, executive.email)
    check_accessibility(page, "executive-home")
    page.get_by_role("link", name="ICS dashboard").first.click()
    expect(page.locator("#tile-ideas-table")).to_contain_text(personas.org_a.name)
    check_accessibility(page, "executive-ics-dashboard")

    sysadmin = SystemMembershipFactory(system=system).user
    give_totp(sysadmin)
    admin = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    sign_in(admin, live_server, sysadmin.email, totp_secret=TOTP_SECRET)
    check_accessibility(admin, "sysadmin-home")
    # A system admin's header has more links than fit: this one may sit under "More".
    admin.goto(f"{live_server.url}/system/dashboards/")
    expect(admin.locator("#tile-ideas-table")).to_contain_text(personas.org_b.name)
    check_accessibility(admin, "sysadmin-ics-dashboard")
    admin.goto(f"{live_server.url}/o/{personas.org_a.slug}/reports/")
    check_accessibility(admin, "sysadmin-reports")
    _board_report(admin, "sysadmin")
