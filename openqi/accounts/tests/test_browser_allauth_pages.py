"""The allauth pages reachable from a person's account, in headless Chromium with axe (issue 21):
confirming it is you (password, or authenticator code), turning the authenticator off, making new
recovery codes and email addresses."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.conftest import TOTP_SECRET
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_confirms_it_is_them_and_reaches_the_authenticator_pages(
    live_server: Any, page: Any, personas: Any
) -> None:
    sign_in(page, live_server, personas.admin.user.email, totp_secret=TOTP_SECRET)

    page.goto(f"{live_server.url}/accounts/2fa/totp/deactivate/")
    page.wait_for_url(re.compile(r".*/accounts/reauthenticate/\?next=.*"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    check_accessibility(page, "reauthenticate-password")

    page.get_by_role("link", name="Use your authenticator app or a recovery code").click()
    page.wait_for_url(re.compile(r".*/accounts/2fa/reauthenticate/\?next=.*"))
    expect(page.get_by_label("Security code")).to_be_visible()
    check_accessibility(page, "reauthenticate-authenticator")

    page.get_by_role("link", name="Use your password").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r".*/accounts/2fa/totp/deactivate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Turn off the authenticator app")
    check_accessibility(page, "authenticator-turn-off")

    page.get_by_role("link", name="Keep it on").click()
    page.wait_for_url(re.compile(r".*/accounts/2fa/$"))
    page.goto(f"{live_server.url}/accounts/2fa/recovery-codes/generate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Make new recovery codes")
    check_accessibility(page, "recovery-codes-new")
    page.get_by_role("button", name="Make new codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")

    page.goto(f"{live_server.url}/accounts/email/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Email addresses")
    check_accessibility(page, "email-addresses")
    page.get_by_role("button", name="Add email address").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    check_accessibility(page, "email-addresses-error")
