"""Issue 15's journey in a browser: a person with no account finds the network on the front door,
joins, confirms their email, books an event, downloads its .ics, gets the reminder the day before
and is marked attended by the ICS CQI team; axe (WCAG 2.2 AA) on every page of the network, error
states included."""

import re
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from openqi.bookings.models import Booking, Occasion
from openqi.bookings.tasks import tomorrow_window
from openqi.conftest import TOTP_SECRET
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.network.tests.conftest import Network, an_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _emailed_path(pattern: str) -> str:
    found = re.findall(r"https?://[^\s]+" + pattern + r"[^\s]*", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return re.sub(r"^https?://[^/]+", "", found[-1])


def test_a_person_with_no_account_joins_books_downloads_the_ics_and_is_marked_attended(
    live_server: Any, page: Any, browser: Any, network: Network, tmp_path: Path
) -> None:
    slug = network.system.slug
    event = an_event(network, capacity=10, mode="in_person")
    an_event(network, capacity=5, days_ahead=14, mode="online")

    page.goto(f"{live_server.url}/")
    check_accessibility(page, "front-door")
    page.get_by_role("link", name=f"{network.system.name} QI network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quality improvement network")
    check_accessibility(page, "network-home")

    page.get_by_role("link", name="Join the network").click()
    check_accessibility(page, "network-join")
    page.get_by_role("button", name="Join the network").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    check_accessibility(page, "network-join-errors")
    page.get_by_label("Your name").fill("Pat Public")
    page.get_by_label("Email address").fill("pat@example.org")
    page.get_by_label("Co-production with patients and carers").check()
    page.get_by_label("Event invitations and quarterly updates").check()
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Join the network").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    check_accessibility(page, "network-check-email")

    page.goto(live_server.url + _emailed_path("/join/confirm/"))
    check_accessibility(page, "network-confirm")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pat Public")
    check_accessibility(page, "network-member-home")

    page.goto(f"{live_server.url}/network/{slug}/events/")
    check_accessibility(page, "network-events")
    page.get_by_role("link", name="Measurement for improvement").first.click()
    check_accessibility(page, "network-event")
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("You are booked on this event.")).to_be_visible()
    check_accessibility(page, "network-event-booked")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (.ics file)").click()
    saved = tmp_path / "event.ics"
    download_info.value.save_as(saved)
    ics = saved.read_text()
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Measurement for improvement" in ics
    assert "Riverside Education Centre" in ics

    # The day before, the hourly `bookings_scheduled` sends the reminder (once).
    tomorrow, _ = tomorrow_window(timezone.now())
    Occasion.objects.filter(pk=event.occasion_id).update(
        starts_at=tomorrow + timedelta(hours=10), ends_at=tomorrow + timedelta(hours=12)
    )
    mail.outbox.clear()
    call_command("bookings_scheduled", stdout=StringIO())
    call_command("bookings_scheduled", stdout=StringIO())
    reminders = [m for m in mail.outbox if "reminder" in m.subject]
    assert [m.to for m in reminders] == [["pat@example.org"]]
    assert "Measurement for improvement" in reminders[0].subject
    assert f"/network/{slug}/events/{event.pk}/" in reminders[0].body

    page.get_by_role("link", name="Cancel my place").click()
    check_accessibility(page, "network-cancel-confirm")
    page.get_by_role("link", name="Cancel", exact=True).click()

    page.goto(f"{live_server.url}/network/{slug}/me/choices/")
    check_accessibility(page, "network-choices")
    page.goto(f"{live_server.url}/network/{slug}/me/consent/withdraw/")
    check_accessibility(page, "network-consent-withdraw")
    page.goto(f"{live_server.url}/network/{slug}/me/leave/")
    check_accessibility(page, "network-leave")

    # The event happens; the CQI team takes attendance.
    occasion = event.occasion
    occasion.starts_at = timezone.now() - timedelta(minutes=10)
    occasion.ends_at = timezone.now() + timedelta(hours=1)
    occasion.save()
    team = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(team, live_server, network.team_user.email, TOTP_SECRET)
    team.goto(f"{live_server.url}/network/{slug}/team/events/{event.pk}/")
    check_accessibility(team, "network-team-event")
    team.get_by_label("Pat Public came").check()
    team.get_by_role("button", name="Save attendance").click()
    expect(team.get_by_text("Attendance is saved.")).to_be_visible()
    assert Booking.objects.get(email="pat@example.org").attended is True
    team.goto(f"{live_server.url}/network/{slug}/team/members/")
    expect(team.get_by_text("1 confirmed member.")).to_be_visible()
    check_accessibility(team, "network-team-members")
    team.goto(f"{live_server.url}/network/{slug}/team/domains/")
    check_accessibility(team, "network-team-domains")
    team.get_by_role("button", name="Add domain").click()
    expect(team.locator(".nhsuk-error-summary")).to_be_visible()
    check_accessibility(team, "network-team-domains-errors")
    team.get_by_role("link", name="Remove alpha.nhs.uk").click()
    check_accessibility(team, "network-team-domain-remove")
    team.goto(f"{live_server.url}/network/{slug}/team/events/new/")
    check_accessibility(team, "network-team-event-new")
    team.get_by_role("button", name="Publish event").click()
    expect(team.locator(".nhsuk-error-summary")).to_be_visible()
    check_accessibility(team, "network-team-event-new-errors")

    page.goto(f"{live_server.url}/network/{slug}/me/")
    expect(page.get_by_text("Attended")).to_be_visible()

    # Signing out and back in by an emailed link.
    page.get_by_role("button", name="Sign out of the network").click()
    page.goto(f"{live_server.url}/network/{slug}/sign-in/")
    check_accessibility(page, "network-sign-in")
    page.get_by_label("Email address").fill("pat@example.org")
    page.get_by_role("button", name="Email me a link").click()
    check_accessibility(page, "network-sign-in-sent")
    page.goto(live_server.url + _emailed_path("/sign-in/"))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pat Public")
    page.goto(f"{live_server.url}/network/{slug}/sign-in/not-a-real-link/")
    check_accessibility(page, "network-link-expired")
    page.goto(f"{live_server.url}/network/{slug}/events/?when=past")
    check_accessibility(page, "network-past-events")

    # Contact the CQI team: errors, the reference, and the team's inbox.
    page.goto(f"{live_server.url}/network/{slug}/")
    page.get_by_role("link", name="Contact the CQI team").click()
    check_accessibility(page, "network-contact")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    check_accessibility(page, "network-contact-errors")
    page.get_by_label("Your name").fill("Pat Public")
    page.get_by_label("Email address").fill("pat@example.org")
    page.get_by_label("Your message").fill("Is there parking at the venue?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your reference is")).to_be_visible()
    check_accessibility(page, "network-contact-done")
    team.goto(f"{live_server.url}/network/{slug}/team/enquiries/")
    expect(team.get_by_text("Is there parking at the venue?")).to_be_visible()
    check_accessibility(team, "network-team-enquiries")
