"""In headless Chromium: an admin changes a webhook (a refused address first) and makes a new
signing secret; the old one still signs for a day. Axe on every page."""

from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.api.tests.test_webhook_deliveries import subscribe
from openqi.conftest import TOTP_SECRET
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_changes_a_webhook_and_rotates_its_secret(live_server: Any, page: Any, personas: Any) -> None:
    webhook, _ = subscribe(personas, "https://hooks.example.org/openqi", events=["idea.answered"])
    sign_in(page, live_server, personas.admin.user.email, totp_secret=TOTP_SECRET)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/webhooks/{webhook.pk}/")
    page.get_by_role("link", name="Change this webhook").click()
    expect(page.get_by_role("heading", name="Change webhook")).to_be_visible()
    check_accessibility(page, "webhook-edit")

    page.get_by_label("Address (URL)").fill("https://169.254.169.254/latest/meta-data")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    check_accessibility(page, "webhook-edit-errors")

    page.get_by_label("Address (URL)").fill("https://hooks.example.org/board")
    page.get_by_label("Description (optional)").fill("Posts answers to the board channel.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Webhook ‘Intranet’ saved")).to_be_visible()
    expect(page.get_by_text("https://hooks.example.org/board")).to_be_visible()

    page.get_by_role("link", name="Make a new secret").click()
    expect(page.get_by_role("heading", name="Make a new signing secret for ‘Intranet’?")).to_be_visible()
    check_accessibility(page, "webhook-rotate-confirm")
    page.get_by_role("button", name="Make a new secret").click()
    expect(page.get_by_role("heading", name="New signing secret made")).to_be_visible()
    check_accessibility(page, "webhook-rotated")
    assert page.get_by_label("Signing secret").input_value().startswith("whsec_")

    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/webhooks/{webhook.pk}/")
    expect(page.get_by_text("also signs each message until")).to_be_visible()
    check_accessibility(page, "webhook-detail-rotated")
    page.get_by_role("button", name="Stop using the old secret").click()
    expect(page.get_by_text("The old secret signs nothing more")).to_be_visible()
