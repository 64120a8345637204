"""In headless Chromium: an admin adds a webhook, copies its secret once, sends a test event to a
real receiver that checks the signature, reads the delivery log, and deletes it. Axe on every page."""

from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.api.tests.webhook_receiver import Receiver
from openqi.api.webhooks.signing import signature_valid
from openqi.conftest import TOTP_SECRET
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_adds_a_webhook_tests_it_and_deletes_it(
    live_server: Any, page: Any, personas: Any, receiver: Receiver
) -> None:
    sign_in(page, live_server, personas.admin.user.email, totp_secret=TOTP_SECRET)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/api-tokens/")
    page.get_by_role("link", name="webhook").click()
    expect(page.get_by_role("heading", name="Webhooks")).to_be_visible()
    check_accessibility(page, "webhook-list-empty")

    page.get_by_role("button", name="Add a webhook").click()
    expect(page.get_by_role("heading", name="Add a webhook")).to_be_visible()
    check_accessibility(page, "webhook-create")
    page.get_by_role("button", name="Add webhook").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    check_accessibility(page, "webhook-create-errors")

    page.get_by_label("Name").fill("Intranet feed")
    page.get_by_label("Address (URL)").fill(receiver.url)
    page.get_by_label("An idea is answered (you said, we did)").check()
    page.get_by_label("A PDSA cycle is completed (adopt, adapt or abandon)").check()
    page.get_by_role("button", name="Add webhook").click()
    expect(page.get_by_role("heading", name="Webhook added")).to_be_visible()
    check_accessibility(page, "webhook-created")
    secret = page.get_by_label("Signing secret").input_value()
    assert secret.startswith("whsec_")

    page.get_by_role("link", name="Go to the webhook and send a test").click()
    expect(page.get_by_role("heading", name="Intranet feed")).to_be_visible()
    check_accessibility(page, "webhook-detail-empty")
    page.get_by_role("button", name="Send a test event").click()
    expect(page.get_by_text("Test event queued")).to_be_visible()
    expect(page.locator("table").get_by_text("Delivered")).to_be_visible()
    check_accessibility(page, "webhook-detail-log")
    [request] = receiver.requests
    headers = request.headers
    assert signature_valid(secret, headers["X-OpenQI-Timestamp"], request.body, headers["X-OpenQI-Signature"])

    page.get_by_role("link", name="Delete this webhook").click()
    expect(page.get_by_role("heading", name="Delete ‘Intranet feed’?")).to_be_visible()
    check_accessibility(page, "webhook-delete")
    page.get_by_role("button", name="Delete webhook").click()
    expect(page.get_by_text("Webhook ‘Intranet feed’ deleted")).to_be_visible()
    expect(page.get_by_text("has no webhooks yet")).to_be_visible()
