"""Issue 14's reports in headless Chromium: a member asks for a newsletter and downloads it; a
lead watches a board report's progress move on its page without reloading, downloads it when it
is ready and schedules a monthly report. axe on every page."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.organisations.access import org_access_get
from openqi.reports import services
from openqi.reports.models import Report, Status
from openqi.reports.tests.helpers import answer, make_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_asks_for_a_newsletter_and_downloads_it(live_server: Any, browser: Any, personas: Any) -> None:
    answer(personas.org_a, "Brighter corridor lights", "We fitted brighter lights.", team=personas.member.team)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/alpha/reports/")
    check_accessibility(page, "reports-list-empty")
    page.get_by_role("button", name="Make a report").click()
    check_accessibility(page, "reports-create")
    page.get_by_role("button", name="Make the report").click()
    expect(page.get_by_role("link", name=re.compile("Choose which report to make"))).to_be_visible()
    check_accessibility(page, "reports-create-error")
    page.get_by_label("“You said, we did” newsletter").check()
    page.locator("select[name=team]").select_option(label="Ward 1")
    page.get_by_role("button", name="Make the report").click()
    expect(page.get_by_role("heading", name="Ready")).to_be_visible()
    check_accessibility(page, "reports-detail-ready")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download the PDF")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.goto(f"{live_server.url}/o/alpha/reports/")
    check_accessibility(page, "reports-list")


def test_a_lead_sees_progress_move_without_reloading_then_downloads_and_schedules(
    live_server: Any, browser: Any, personas: Any
) -> None:
    make_measure(personas.org_a, "Falls per 1,000 bed days", worse=True)
    access = org_access_get(user=personas.lead.user, org_slug="alpha")
    report = services.report_request(actor=personas.lead.user, access=access, kind="board", parameters={})
    ready = Report.objects.get(pk=report.pk)
    # As a worker would leave it half way through: the page shows the stage and the bar.
    Report.objects.filter(pk=report.pk).update(status=Status.BUILDING, progress=40, stage="Drawing charts (5 of 12)")
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/alpha/reports/{report.pk}/")
    expect(page.get_by_text("Progress: 40% – Drawing charts (5 of 12)")).to_be_visible()
    check_accessibility(page, "reports-detail-building")
    Report.objects.filter(pk=report.pk).update(status=Status.READY, progress=100, stage="")
    assert ready.status == Status.READY
    # live.js notices the new version and swaps the region in place: no reload.
    expect(page.get_by_role("link", name=re.compile("Download the PDF"))).to_be_visible(timeout=15000)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download the PDF")).click()
    assert download_info.value.suggested_filename == f"board-report-{report.pk}.pdf"
    page.goto(f"{live_server.url}/o/alpha/reports/schedules/")
    check_accessibility(page, "reports-schedules-empty")
    page.get_by_role("button", name="Schedule a monthly report").click()
    check_accessibility(page, "reports-schedule-create")
    page.get_by_label(re.compile("Leah|lead@alpha.nhs.uk")).first.check()
    page.get_by_role("button", name="Schedule the report").click()
    expect(page.get_by_text(re.compile("Scheduled: .*monthly on day 1"))).to_be_visible()
    check_accessibility(page, "reports-schedules")
