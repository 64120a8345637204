"""Journeys in headless Chromium: a phone check-in, and a lead reading the suppressed results."""

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.checkins.models import CheckIn
from openqi.checkins.tests.helpers import add_checkins, last_week
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.factories import TeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_member_checks_in_from_a_phone_in_two_taps_and_cannot_check_in_twice(
    live_server: Any, phone: Any, personas: Any
) -> None:
    sign_in(phone, live_server, personas.member.user.email)
    phone.goto(f"{live_server.url}/o/{personas.org_a.slug}/check-in/")
    expect(phone.get_by_role("heading", name="How is work today?")).to_be_visible()
    check_accessibility(phone, "checkin-phone")
    # Both taps are on screen without scrolling on a 390 × 844 phone.
    assert phone.get_by_role("button", name="Send my answer", exact=True).bounding_box()["y"] < 844
    phone.get_by_label("Good", exact=True).tap()
    phone.get_by_role("button", name="Send my answer", exact=True).tap()
    expect(phone.get_by_role("heading", name="Thank you for checking in")).to_be_visible()
    check_accessibility(phone, "checkin-phone-thanks")
    assert CheckIn.objects.get().score == 4

    phone.goto(f"{live_server.url}/o/{personas.org_a.slug}/check-in/")
    expect(phone.get_by_role("heading", name="You have already checked in today")).to_be_visible()
    check_accessibility(phone, "checkin-phone-already")
    assert CheckIn.objects.count() == 1


def test_a_comment_with_an_nhs_number_is_refused_with_the_error_summary(
    live_server: Any, page: Any, personas: Any
) -> None:
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/check-in/")
    page.get_by_label("Bad", exact=True).check()
    page.locator("summary", has_text="Add reasons or a comment").click()
    page.get_by_label("Staffing").check()
    page.get_by_label("What would make tomorrow better? (optional)").fill("Patient 943 476 5919 waited")
    page.get_by_role("button", name="Send my answer with reasons").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    check_accessibility(page, "checkin-nhs-number-error")
    assert not CheckIn.objects.exists()


def test_a_lead_sees_the_team_view_and_a_suppressed_small_team(live_server: Any, page: Any, personas: Any) -> None:
    medicine = TeamFactory(organisation=personas.org_a, name="Medicine")
    big = TeamFactory(organisation=personas.org_a, name="Ward Big", parent=medicine)
    middle = TeamFactory(organisation=personas.org_a, name="Ward Middle", parent=medicine)
    small = TeamFactory(organisation=personas.org_a, name="Ward Small", parent=medicine)
    monday = last_week()
    for week in range(16):
        day = monday - datetime.timedelta(weeks=week)
        add_checkins(personas.org_a, big, 12, day=day, score=5, reasons=["Team working"])
        add_checkins(personas.org_a, big, 6 if week != 5 else 14, day=day, score=2, reasons=["Staffing"])
    add_checkins(personas.org_a, big, 1, day=monday, score=3, comment="More time for breaks, please")
    add_checkins(personas.org_a, middle, 15, day=monday)
    add_checkins(personas.org_a, small, 4, day=monday)

    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/check-in/")
    page.get_by_role("link", name=re.compile("See check-in results")).click()
    expect(page.get_by_role("heading", name="Check-ins")).to_be_visible()
    small_row = page.get_by_role("row", name=re.compile("Ward Small"))
    assert "Fewer than 11 responses" in small_row.inner_text()
    assert "Hidden to protect a smaller group" in page.get_by_role("row", name=re.compile("Ward Middle")).inner_text()
    check_accessibility(page, "checkin-overview")

    page.get_by_role("link", name="Ward Big").click()
    expect(page.get_by_role("heading", name="Ward Big")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("p chart of the weekly share"))).to_be_visible()
    expect(page.get_by_text("More time for breaks, please", exact=True)).to_be_visible()
    check_accessibility(page, "checkin-team")
    page.get_by_role("button", name=re.compile("Hide this comment")).click()
    expect(page.get_by_text("Comment hidden")).to_be_visible()
    expect(page.get_by_text("More time for breaks, please", exact=True)).to_have_count(0)
    check_accessibility(page, "checkin-team-after-hide")

    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/check-ins/teams/{small.pk}/")
    expect(page.get_by_text("Reasons are shown once")).to_be_visible()
    check_accessibility(page, "checkin-team-small")


def test_a_lead_sets_up_a_kiosk_and_a_tap_on_it_is_counted(live_server: Any, page: Any, personas: Any) -> None:
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/check-ins/settings/")
    check_accessibility(page, "checkin-settings")
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/check-ins/kiosks/")
    check_accessibility(page, "kiosk-list")
    page.get_by_role("button", name="Add a kiosk").click()
    check_accessibility(page, "kiosk-create")
    page.get_by_label("Device name").fill("Staff room tablet")
    page.get_by_label("Team").select_option(label="Ward 1")
    page.get_by_role("button", name="Create kiosk link").click()
    link = page.locator("code.openqi-kiosk-link").inner_text()
    check_accessibility(page, "kiosk-created")

    kiosk = page.context.browser.new_context(viewport={"width": 800, "height": 1280}).new_page()
    kiosk.goto(link)
    check_accessibility(kiosk, "kiosk")
    kiosk.get_by_role("button", name="Very good").click()
    expect(kiosk.get_by_text("Thank you. Your answer has been added.")).to_be_visible()
    check_accessibility(kiosk, "kiosk-thanks")
    kiosk.context.close()
    assert CheckIn.objects.get().team == personas.member.team


def test_a_member_sees_their_own_teams_weeks(live_server: Any, page: Any, personas: Any) -> None:
    add_checkins(personas.org_a, personas.member.team, 15, score=5)
    add_checkins(personas.org_a, personas.member.team, 5, day=last_week() - datetime.timedelta(weeks=1))
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/check-ins/my-team/")
    expect(page.get_by_role("heading", name="How work has been in Ward 1")).to_be_visible()
    check_accessibility(page, "checkin-my-team")
