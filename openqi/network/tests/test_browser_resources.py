"""The resources library and event follow-up in a browser: the CQI team adds a resource (a refused
disguised file first), anyone browses and searches, the team shows the attendance QR code, a member
scans it and is marked here, an attendee gives feedback and the team reads it. axe (WCAG 2.2 AA) on
every page, error states included."""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from openqi.bookings.models import Booking, BookingStatus, Occasion
from openqi.conftest import TOTP_SECRET
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.network.models import Contact, Member
from openqi.network.resources import followup
from openqi.network.resources.models import Resource
from openqi.network.tests.conftest import Network, an_event
from openqi.network.tests.resource_files import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_team_adds_a_resource_and_anyone_finds_it(
    live_server: Any, browser: Any, network: Network, tmp_path: Path
) -> None:
    slug = network.system.slug
    disguised = tmp_path / "not-really.pdf"
    disguised.write_bytes(b"<html><script>alert(1)</script></html>")
    real = tmp_path / "Run chart guide.pdf"
    real.write_bytes(PDF_BYTES)

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_server, network.team_user.email, TOTP_SECRET)
    page.goto(f"{live_server.url}/network/{slug}/")
    page.get_by_role("link", name="Browse resources").click()
    expect(page.get_by_text("There are no resources yet.")).to_be_visible()
    check_accessibility(page, "network-resources-empty")
    page.get_by_role("link", name="Add a resource").click()
    check_accessibility(page, "network-resource-add")
    page.get_by_role("button", name="Add to the library").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    check_accessibility(page, "network-resource-add-errors")

    page.get_by_label("Title").fill("Run chart guide")
    page.get_by_label("What it is and who it helps").fill("How to draw and read a run chart, with the run rules.")
    page.get_by_label("Guide", exact=True).check()
    page.get_by_label("Statistical process control (SPC)").check()
    page.get_by_label("Frontline staff").check()
    page.get_by_label("Introductory").check()
    page.get_by_label("Members of the network").check()
    page.get_by_label("File to upload").set_input_files(str(disguised))
    page.get_by_role("button", name="Add to the library").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("is not a real .pdf file")
    check_accessibility(page, "network-resource-add-disguised")
    assert not Resource.objects.exists()

    page.get_by_label("File to upload").set_input_files(str(real))
    page.get_by_role("button", name="Add to the library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Run chart guide")
    check_accessibility(page, "network-resource-detail-team")
    resource = Resource.objects.get()
    assert resource.file_name == "Run chart guide.pdf"

    public = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    public.goto(f"{live_server.url}/network/{slug}/resources/")
    check_accessibility(public, "network-resources")
    public.get_by_label("Search resources").fill("run chart")
    public.get_by_label("QI method").select_option("spc")
    public.get_by_role("button", name="Search").click()
    expect(public.get_by_text("1 resource found")).to_be_visible()
    check_accessibility(public, "network-resources-search")
    public.get_by_role("link", name="Run chart guide").click()
    expect(public.get_by_text("This resource is for members of the network.")).to_be_visible()
    check_accessibility(public, "network-resource-members-only")
    response = public.request.get(f"{live_server.url}/network/{slug}/resources/{resource.pk}/file/", max_redirects=0)
    assert response.status == 302  # to the network's sign-in
    public.goto(f"{live_server.url}/network/{slug}/resources/?q=hackathon")
    expect(public.get_by_role("heading", name="No resources match")).to_be_visible()
    check_accessibility(public, "network-resources-no-match")

    page.goto(f"{live_server.url}/network/{slug}/resources/{resource.pk}/")
    page.get_by_role("link", name="Remove this resource").click()
    check_accessibility(page, "network-resource-remove")
    page.get_by_role("button", name="Remove resource").click()
    expect(page.get_by_text("‘Run chart guide’ is removed.")).to_be_visible()
    assert not Resource.objects.exists()


def _emailed_path(pattern: str) -> str:
    found = re.findall(r"https?://[^\s]+" + pattern + r"[^\s]*", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return re.sub(r"^https?://[^/]+", "", found[-1])


def test_qr_attendance_then_feedback_and_the_teams_results(live_server: Any, browser: Any, network: Network) -> None:
    slug = network.system.slug
    event = an_event(network, capacity=10)
    member = Member.objects.create(
        system=network.system,
        email="ann@example.org",
        name="Ann Attendee",
        contact=Contact.EVENTS,
        consent_wording="I agree.",
        consented_at=timezone.now(),
        verified_at=timezone.now(),
    )
    booking = Booking.objects.create(
        occasion=event.occasion, email=member.email, name=member.name, status=BookingStatus.CONFIRMED
    )
    starts = timezone.now() - timedelta(minutes=10)
    Occasion.objects.filter(pk=event.occasion_id).update(starts_at=starts, ends_at=starts + timedelta(hours=1))

    team = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(team, live_server, network.team_user.email, TOTP_SECRET)
    team.goto(f"{live_server.url}/network/{slug}/team/events/{event.pk}/")
    team.get_by_role("link", name="Attendance QR code").click()
    expect(team.get_by_role("heading", level=1)).to_have_text("Scan to say you are here")
    expect(team.get_by_role("img", name=re.compile("QR code for"))).to_be_visible()
    check_accessibility(team, "network-event-qr")
    here = f"/network/{slug}/events/{event.pk}/here/{followup.attendance_token(event)}/"

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(live_server.url + here)  # not signed in to the network: asked to sign in first
    phone.get_by_label("Email address").fill("ann@example.org")
    phone.get_by_role("button", name="Email me a link").click()
    phone.goto(live_server.url + _emailed_path("/sign-in/"))
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ann Attendee")
    phone.goto(live_server.url + here)  # scanned again, now signed in
    expect(phone.get_by_role("button", name="I am here")).to_be_visible()
    check_accessibility(phone, "network-attendance-here")
    phone.get_by_role("button", name="I am here").click()
    expect(phone.get_by_text("you are marked as here")).to_be_visible()
    booking.refresh_from_db()
    assert booking.attended is True

    # After the event: the feedback link from the email.
    Occasion.objects.filter(pk=event.occasion_id).update(
        starts_at=starts - timedelta(hours=3), ends_at=starts - timedelta(hours=2)
    )
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    visitor.goto(f"{live_server.url}/network/{slug}/events/{event.pk}/feedback/{followup.feedback_token(booking)}/")
    check_accessibility(visitor, "network-feedback")
    visitor.get_by_role("button", name="Send feedback").click()
    expect(visitor.locator(".nhsuk-error-summary")).to_be_visible()
    assert visitor.title().startswith("Error: ")
    check_accessibility(visitor, "network-feedback-errors")
    visitor.get_by_label("Very good").check()
    visitor.get_by_label("Yes").check()
    visitor.get_by_label("What went well? (optional)").fill("Real examples from our wards.")
    visitor.get_by_role("button", name="Send feedback").click()
    expect(visitor.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
    check_accessibility(visitor, "network-feedback-done")
    visitor.goto(f"{live_server.url}/network/{slug}/events/{event.pk}/feedback/broken/")
    check_accessibility(visitor, "network-feedback-expired")

    team.goto(f"{live_server.url}/network/{slug}/team/events/{event.pk}/")
    team.get_by_role("link", name="Feedback from attendees").click()
    expect(team.get_by_text("Real examples from our wards.")).to_be_visible()
    check_accessibility(team, "network-event-feedback")
    team.goto(f"{live_server.url}/network/{slug}/events/{event.pk}/")
    check_accessibility(team, "network-event-past-team")
