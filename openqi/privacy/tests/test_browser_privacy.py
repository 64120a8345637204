"""A system admin erases a person through the pages, in headless Chromium with axe on each page."""

from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.accounts.models import User
from openqi.conftest import TOTP_SECRET
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.privacy.tests.conftest import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_system_admin_erases_a_person_after_typing_their_address_twice(
    live_server: Any, page: Any, person: Person
) -> None:
    sign_in(page, live_server, person.admin.email, totp_secret=TOTP_SECRET)
    page.goto(f"{live_server.url}/system/privacy/")
    check_accessibility(page, "privacy-home")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    check_accessibility(page, "privacy-home-errors")

    page.get_by_label("The person's email address").fill(person.email)
    page.get_by_label("Erase their personal data and account (right to erasure)").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=f"Erase {person.user.display_name}")).to_be_visible()
    check_accessibility(page, "privacy-erase-confirm")
    page.get_by_label("Type their email address again to confirm").fill(person.email)
    page.get_by_role("button", name="Erase this person").click()
    expect(page.get_by_role("heading", name="Personal data erased")).to_be_visible()
    check_accessibility(page, "privacy-erased")
    assert not User.objects.filter(email=person.email).exists()
