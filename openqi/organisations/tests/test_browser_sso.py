"""Single sign-on in a real browser against the loopback provider: the settings page and its Test
connection button, the refusal page and the linking page, each checked with axe (issue 21)."""

import re
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from playwright.sync_api import expect

from openqi.conftest import TOTP_SECRET, give_totp
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.factories import PASSWORD
from openqi.organisations.models import OrganisationSSO
from openqi.organisations.tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, LoopbackProvider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_sets_up_single_sign_on_and_tests_the_connection(
    live_server: Any, page: Any, personas: Any, idp: LoopbackProvider
) -> None:
    sign_in(page, live_server, personas.admin.user.email, totp_secret=TOTP_SECRET)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/")
    page.get_by_role("link", name="Single sign-on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Single sign-on for {personas.org_a.name}")
    check_accessibility(page, "sso-settings-empty")

    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the issuer URL")
    check_accessibility(page, "sso-settings-errors")

    page.get_by_label("Issuer").fill(idp.base_url)
    page.get_by_label("Client ID").fill(CLIENT_ID)
    page.get_by_label("Client secret").fill(CLIENT_SECRET)
    page.get_by_label("Button text", exact=False).fill("Sign in with Alpha NHSmail")
    page.get_by_label("Trust the provider's multi-factor authentication").check()
    page.get_by_label("acr values that mean", exact=False).fill("urn:nhs:mfa")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Single sign-on settings saved")).to_be_visible()
    expect(page.get_by_label("Trust the provider's multi-factor authentication")).to_be_checked()
    expect(page.get_by_text("Stored encrypted", exact=True)).to_be_visible()
    assert CLIENT_SECRET not in page.content()
    assert OrganisationSSO.objects.get(organisation=personas.org_a).acr_values() == ["urn:nhs:mfa"]

    page.get_by_role("button", name="Test connection").click()
    expect(page.locator("#connection-result")).to_contain_text("The connection works")
    check_accessibility(page, "sso-settings-tested")


def test_a_stranger_signing_in_by_sso_sees_how_to_get_access(
    live_server: Any, page: Any, personas: Any, idp: LoopbackProvider
) -> None:
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="alpha-nhsmail",
        name="Alpha NHSmail",
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        settings={"server_url": idp.base_url},
    )
    OrganisationSSO.objects.create(organisation=personas.org_a, social_app=app, button_text="Sign in with NHSmail")
    idp.person(sub="stranger", email="stranger@elsewhere.nhs.net")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in with NHSmail").click()
    page.wait_for_url(re.compile(r".*/login/callback/.*"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot sign in this way yet")
    expect(page.get_by_text("You need an invitation to join")).to_be_visible()
    check_accessibility(page, "sso-refused")

    page.goto(f"{live_server.url}/accounts/oidc/alpha-nhsmail/login/")
    check_accessibility(page, "sso-continue")

    # Signing in with a password beside an SSO button (the shared helper's "Sign in" matches both).
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/sso/alpha-nhsmail/link/")
    page.get_by_label("Email address").fill(personas.member.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r".*/accounts/sso/alpha-nhsmail/link/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Link single sign-on to your account")
    check_accessibility(page, "sso-link")

    # The link button goes to the provider and back (CSP lets the form lead there).
    idp.person(sub="member-at-nhsmail", email=personas.member.user.email)
    page.get_by_role("button", name="Sign in with NHSmail").click()
    expect(page.get_by_text("Your account is linked")).to_be_visible()
    assert SocialAccount.objects.get(provider="alpha-nhsmail").user == personas.member.user


def test_the_settings_page_of_a_shared_registration_says_so_and_shows_only_its_own_rule(
    live_server: Any, page: Any, personas: Any, idp: LoopbackProvider
) -> None:
    give_totp(personas.outsider.user)  # Beta's admin
    sign_in(page, live_server, personas.outsider.user.email, totp_secret=TOTP_SECRET)
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="shared-nhsmail",
        name="NHSmail",
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        settings={"server_url": idp.base_url},
    )
    OrganisationSSO.objects.create(
        organisation=personas.org_a, social_app=app, join_rule="domain", allowed_domains="alpha-trust.nhs.uk"
    )
    OrganisationSSO.objects.create(
        organisation=personas.org_b, social_app=app, join_rule="domain", allowed_domains="beta.nhs.uk"
    )
    page.goto(f"{live_server.url}/o/{personas.org_b.slug}/sso/")
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("shared with 1 other organisation on OpenQI")
    expect(page.get_by_label("Allowed email domains", exact=False)).to_have_value("beta.nhs.uk")
    assert "alpha-trust.nhs.uk" not in page.content() and personas.org_a.name not in page.content()
    check_accessibility(page, "sso-settings-shared")
