"""The CQI team composes, previews and sends a quarterly update in a browser; a member unsubscribes
from the email's link; anyone reads the archive. axe (WCAG 2.2 AA) on every page, errors included."""

import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from openqi.conftest import TOTP_SECRET
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.network.models import Contact, Member, Update, UpdateStatus
from openqi.network.tests.conftest import Network, an_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_team_composes_previews_and_sends_an_update_and_a_member_unsubscribes(
    live_server: Any, browser: Any, network: Network
) -> None:
    slug = network.system.slug
    an_event(network)
    member = Member.objects.create(
        system=network.system,
        email="ann@example.org",
        name="Ann",
        contact=Contact.EVERYTHING,
        consent_wording="I agree.",
        consented_at=timezone.now(),
        verified_at=timezone.now(),
    )
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_server, network.team_user.email, TOTP_SECRET)
    page.goto(f"{live_server.url}/network/{slug}/")
    page.get_by_role("link", name="Quarterly updates").first.click()
    expect(page.get_by_text("1 member has chosen to hear updates by email.")).to_be_visible()
    check_accessibility(page, "network-team-updates")
    page.get_by_role("button", name="Compose an update").click()
    check_accessibility(page, "network-update-compose")
    page.get_by_role("button", name="Preview the update").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    check_accessibility(page, "network-update-compose-errors")
    page.get_by_label("Subject").fill("Winter update")
    page.get_by_label("Your message").fill("Hello everyone.\n\nA busy quarter.")
    page.get_by_role("button", name="Preview the update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview: Winter update")
    expect(page.get_by_role("link", name="Measurement for improvement")).to_be_visible()
    check_accessibility(page, "network-update-preview")
    page.get_by_role("button", name="Send the update").click()
    check_accessibility(page, "network-update-send-confirm")
    page.get_by_role("button", name="Send the update").click()
    expect(page.get_by_text("The update is being sent.")).to_be_visible()
    check_accessibility(page, "network-update-sent")
    update = Update.objects.get()
    assert update.status == UpdateStatus.SENT
    assert [m.to for m in mail.outbox if m.subject == "Winter update"] == [["ann@example.org"]]

    page.goto(f"{live_server.url}/network/{slug}/updates/")
    check_accessibility(page, "network-updates-archive")
    page.get_by_role("link", name="Winter update").click()
    expect(page.get_by_text("A busy quarter.")).to_be_visible()
    check_accessibility(page, "network-update-detail")

    message = next(m for m in mail.outbox if m.subject == "Winter update")
    link = re.sub(r"^https?://[^/]+", "", message.extra_headers["List-Unsubscribe"].strip("<>"))
    reader = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    reader.goto(live_server.url + link)
    check_accessibility(reader, "network-unsubscribe")
    reader.get_by_role("button", name="Unsubscribe").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    check_accessibility(reader, "network-unsubscribed")
    member.refresh_from_db()
    assert member.consent_withdrawn_at is not None
