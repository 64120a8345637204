"""The training journey in headless Chromium, with axe on every page visited: a staff member
registers interest, books the three-hour course when a cohort opens, is marked attended, gets the
certificate (checked on the public page) and turns their challenge into a project; the lead sees
the capability dashboard move."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.training.models import TrainingRecord
from openqi.training.tests.conftest import make_cohort, make_course, start_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_register_interest_book_attend_get_a_certificate_and_start_a_project(
    live_server: Any, page: Any, personas: Any
) -> None:
    course = make_course(personas)
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/alpha/training/")
    check_accessibility(page, "training-home")
    page.get_by_role("link", name="Introduction to Quality Improvement").click()
    page.get_by_role("button", name="Register your interest").click()
    expect(page.get_by_text("we will tell you when a cohort opens").first).to_be_visible()
    check_accessibility(page, "training-course-interest")

    cohort = make_cohort(personas, course)  # the lead opens a cohort: the member is told
    page.goto(f"{live_server.url}/notifications/")
    check_accessibility(page, "training-notified")
    page.get_by_role("button", name=re.compile("You can now book")).first.click()
    page.get_by_label("The QI challenge you bring (optional)").fill("Patients fall at night on Ward 1")
    check_accessibility(page, "training-course-book")
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("You are booked").first).to_be_visible()
    check_accessibility(page, "training-record-booked")

    start_now(cohort)
    page.context.clear_cookies()
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/alpha/training/capability/")
    expect(page.get_by_role("row", name=re.compile(r"^Foundation 0 "))).to_be_visible()  # before: nobody yet
    page.goto(f"{live_server.url}/o/alpha/training/cohorts/{cohort.pk}/")
    check_accessibility(page, "training-cohort")
    page.get_by_role("link", name="Take attendance for session 1").click()
    page.get_by_label(personas.member.user.display_name).check()
    check_accessibility(page, "training-attendance")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved: 1 came").first).to_be_visible()
    page.goto(f"{live_server.url}/o/alpha/training/capability/")
    expect(page.get_by_role("row", name=re.compile(r"^Foundation 1 "))).to_be_visible()  # after: it moved
    check_accessibility(page, "training-capability")

    page.context.clear_cookies()
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/alpha/training/me/")
    expect(page.get_by_text("Completed", exact=True).first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download certificate")).click()
    assert download.value.suggested_filename.endswith(".pdf")
    record = TrainingRecord.objects.get(user=personas.member.user)
    page.goto(f"{live_server.url}/training/verify/{record.certificate_code}/")
    expect(page.get_by_role("heading", name="Certificate verified")).to_be_visible()
    check_accessibility(page, "training-verify")

    page.goto(f"{live_server.url}/o/alpha/training/me/")
    page.get_by_role("link", name="Turn your challenge into a project").click()
    check_accessibility(page, "training-challenge-project")
    page.get_by_label("Project title").fill("Fewer falls at night")
    page.get_by_role("button", name="Create the project").click()
    expect(page.get_by_role("heading", name="Fewer falls at night").first).to_be_visible()


def test_a_lead_adds_a_course_and_a_cohort(live_server: Any, page: Any, personas: Any) -> None:
    make_course(personas)
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/alpha/training/courses/new/")
    page.get_by_role("button", name="Add course").click()
    expect(page.get_by_text("Enter the course title").first).to_be_visible()
    check_accessibility(page, "training-course-errors")
    page.get_by_label("Title").fill("QI Leaders")
    page.get_by_label("Level").select_option(label="Leader")
    page.get_by_label("What the course covers").fill("Four days for people who will lead projects.")
    page.get_by_label("In person").check()
    page.get_by_label("Length").fill("4 days")
    page.get_by_label("Introduction to Quality Improvement").check()
    page.get_by_label("Learners must submit a project to complete").check()
    page.get_by_role("button", name="Add course").click()
    page.get_by_role("link", name="Add a cohort").click()
    page.get_by_label("Sessions").fill("15/03/2030 09:30-16:30\n22/03/2030 09:30-16:30")
    page.get_by_label("Places").fill("12")
    check_accessibility(page, "training-cohort-create")
    page.get_by_role("button", name="Open for booking").click()
    expect(page.get_by_text("Cohort open for booking").first).to_be_visible()
    page.goto(f"{live_server.url}/o/alpha/training/levels/")
    check_accessibility(page, "training-levels")
    page.goto(f"{live_server.url}/o/alpha/training/imports/new/")
    check_accessibility(page, "training-import")
    page.goto(f"{live_server.url}/o/alpha/training/capability/ics/")
    check_accessibility(page, "training-capability-ics")


def test_an_admin_reorders_renames_and_removes_levels(live_server: Any, page: Any, personas: Any) -> None:
    from openqi.conftest import TOTP_SECRET

    make_course(personas)  # at Foundation, so Foundation cannot be removed
    sign_in(page, live_server, personas.admin.user.email, totp_secret=TOTP_SECRET)
    page.goto(f"{live_server.url}/o/alpha/training/levels/")
    check_accessibility(page, "training-levels-admin")
    levels = page.locator("ol.nhsuk-list--number > li > strong")
    expect(levels).to_have_text(["Awareness", "Foundation", "Practitioner", "Leader", "Coach", "Sponsor"])

    page.get_by_role("button", name="Move up Coach").click()
    expect(page.get_by_text("Level ‘Coach’ moved up.").first).to_be_visible()
    expect(levels).to_have_text(["Awareness", "Foundation", "Practitioner", "Coach", "Leader", "Sponsor"])
    check_accessibility(page, "training-levels-moved")

    page.get_by_role("link", name="Change Practitioner").click()
    page.get_by_label("Name").fill("Silver")
    page.get_by_role("button", name="Save level").click()
    expect(levels).to_have_text(["Awareness", "Foundation", "Silver", "Coach", "Leader", "Sponsor"])

    page.get_by_role("link", name="Remove Foundation").click()
    expect(page.get_by_text("cannot be removed while 1 course in the ICS uses it")).to_be_visible()
    expect(page.get_by_role("button", name="Remove level")).to_have_count(0)
    check_accessibility(page, "training-level-remove-in-use")

    page.goto(f"{live_server.url}/o/alpha/training/levels/")
    page.get_by_role("link", name="Remove Sponsor").click()
    check_accessibility(page, "training-level-remove")
    page.get_by_role("button", name="Remove level").click()
    expect(page.get_by_text("Level ‘Sponsor’ removed").first).to_be_visible()
    expect(levels).to_have_text(["Awareness", "Foundation", "Silver", "Coach", "Leader"])
    check_accessibility(page, "training-levels-removed")
