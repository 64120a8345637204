"""In headless Chromium: a member makes a token, copies it once, and revokes it; the guide and the
explorer load under the Content Security Policy with nothing from a CDN. Axe on every page."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openqi.api.models import ApiToken
from openqi.api.tests.conftest import ApiClient
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_makes_a_token_sees_it_once_and_revokes_it(live_server: Any, page: Any, personas: Any) -> None:
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/api-tokens/")
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    check_accessibility(page, "api-token-list-empty")

    page.get_by_role("button", name="Make a token").click()
    expect(page.get_by_role("heading", name="Make an API token")).to_be_visible()
    check_accessibility(page, "api-token-create")
    page.get_by_role("button", name="Make token").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    check_accessibility(page, "api-token-create-errors")

    expires = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Name").fill("Nightly warehouse load")
    page.get_by_label("Day").fill(str(expires.day))
    page.get_by_label("Month").fill(str(expires.month))
    page.get_by_label("Year").fill(str(expires.year))
    page.get_by_role("button", name="Make token").click()
    expect(page.get_by_role("heading", name="Token made")).to_be_visible()
    check_accessibility(page, "api-token-created")
    secret = page.get_by_label("Your token").input_value()
    assert ApiToken.objects.get().digest == ApiToken.digest_of(secret)
    assert ApiClient(secret).get(f"/o/{personas.org_a.slug}").status_code == 200

    page.get_by_role("link", name="Back to API tokens").click()
    expect(page.get_by_role("link", name="Revoke Nightly warehouse load")).to_be_visible()
    check_accessibility(page, "api-token-list")
    page.get_by_role("link", name="Revoke Nightly warehouse load").click()
    expect(page.get_by_role("heading", name="Revoke ‘Nightly warehouse load’?")).to_be_visible()
    check_accessibility(page, "api-token-revoke")
    page.get_by_role("button", name="Revoke token").click()
    expect(page.get_by_text("Token ‘Nightly warehouse load’ revoked")).to_be_visible()
    assert ApiClient(secret).get(f"/o/{personas.org_a.slug}").status_code == 401


def test_the_guide_and_the_explorer_load_without_csp_violations(live_server: Any, page: Any, db: Any) -> None:
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/api/")
    expect(page.get_by_role("heading", name="OpenQI API", exact=True)).to_be_visible()
    check_accessibility(page, "api-guide")
    # The explorer's own requests (the NHS.UK stylesheet of other pages names its web fonts' host).
    requested.clear()
    violations.clear()
    page.get_by_role("link", name="Interactive explorer").click()
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("OpenQI API")
    assert all(url.startswith(live_server.url) for url in requested), requested
    assert violations == []
