import time
from typing import Any

import pytest
from allauth.socialaccount.models import SocialApp
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from openqi.accounts.services import user_disable
from openqi.conftest import client_for
from openqi.factories import PASSWORD
from openqi.organisations.models import OrganisationSSO


def test_the_sign_in_page_follows_the_nhs_pattern(db: Any) -> None:
    body = Client().get("/accounts/login/").content.decode()
    assert "<title>Sign in – OpenQI</title>" in body
    assert "novalidate" in body and 'id="id_login"' in body
    assert "openqi-demo" not in body  # demo accounts are listed only in demo mode


@override_settings(DEMO_MODE=True)
def test_demo_accounts_are_listed_in_demo_mode(db: Any) -> None:
    assert "lead@northfield.example" in Client().get("/accounts/login/").content.decode()


def test_a_wrong_password_shows_the_error_summary(personas: Any) -> None:
    response = Client().post("/accounts/login/", {"login": personas.member.user.email, "password": "not-the-password"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in – OpenQI</title>" in body
    assert "There is a problem" in body


def test_an_empty_sign_in_form_names_each_missing_field(db: Any) -> None:
    body = Client().post("/accounts/login/", {"login": "", "password": ""}).content.decode()
    assert 'href="#id_login"' in body and 'href="#id_password"' in body


@pytest.mark.parametrize("password", ["short-pw-1", "password1234", "123456789012345"])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted() -> None:
    validate_password("plum-kettle-harbour-47")


def test_the_session_ends_after_the_idle_timeout(personas: Any) -> None:
    client = client_for(personas.member.user)
    session = client.session
    session["auth_started"] = int(time.time())
    session["last_seen"] = int(time.time()) - 16 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_the_session_ends_after_the_absolute_timeout_even_when_active(personas: Any) -> None:
    client = client_for(personas.member.user)
    session = client.session
    session["auth_started"] = int(time.time()) - 13 * 60 * 60
    session["last_seen"] = int(time.time())
    session.save()
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_an_active_session_continues(personas: Any) -> None:
    client = client_for(personas.member.user)
    session = client.session
    session["auth_started"] = int(time.time()) - 60
    session["last_seen"] = int(time.time()) - 60
    session.save()
    assert client.get("/").status_code == 200


def test_disabling_a_user_ends_their_sessions(personas: Any) -> None:
    client = client_for(personas.member.user)
    assert client.get(f"/o/{personas.org_a.slug}/").status_code == 200
    user_disable(actor=personas.admin.user, user=personas.member.user)
    response = client.get(f"/o/{personas.org_a.slug}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_admin_without_two_factor_must_set_it_up_first(personas: Any) -> None:
    personas.admin.user.authenticator_set.all().delete()
    client = Client()
    client.post("/accounts/login/", {"login": personas.admin.user.email, "password": PASSWORD})
    response = client.get(f"/o/{personas.org_a.slug}/members/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password again before any change to two-factor settings
    reauth = client.get("/accounts/2fa/totp/activate/")
    assert reauth["Location"].startswith("/accounts/reauthenticate/")
    assert "Confirm it is you" in client.get(reauth["Location"]).content.decode()
    page = client.post(reauth["Location"], {"password": PASSWORD}, follow=True).content.decode()
    assert "Set up two-factor authentication" in page and "Setup key" in page


def test_staff_do_not_need_two_factor(personas: Any, member_client: Client) -> None:
    assert member_client.get("/").status_code == 200


def test_brute_force_sign_in_attempts_are_locked_out(personas: Any) -> None:
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"login": personas.member.user.email, "password": "wrong-password-x"})
    response = client.post("/accounts/login/", {"login": personas.member.user.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_signed_in_pages_are_not_stored_and_carry_a_csp_nonce(personas: Any, member_client: Client) -> None:
    response = member_client.get("/")
    assert response["Cache-Control"] == "no-store"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_the_sign_in_page_offers_each_organisations_single_sign_on(personas: Any) -> None:
    # Signing in through a real provider is tested in organisations/tests/test_sso_sign_in.py.
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="alpha-entra",
        name="Alpha NHSmail",
        client_id="x",
        secret="y",
        settings={"server_url": "https://login.example/v2.0"},
    )
    OrganisationSSO.objects.create(organisation=personas.org_a, social_app=app)
    body = Client().get("/accounts/login/").content.decode()
    assert "Sign in with NHSmail" in body


def test_sso_never_connects_to_an_existing_account_by_email() -> None:
    from django.conf import settings

    assert settings.SOCIALACCOUNT_EMAIL_AUTHENTICATION is False
    assert settings.SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT is False
    assert settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["OAUTH_PKCE_ENABLED"] is True


def test_preferences_are_saved_and_validated(personas: Any, member_client: Client) -> None:
    bad = member_client.post("/account/preferences/", {"full_name": "Sam", "email_frequency": "hourly"})
    assert "There is a problem" in bad.content.decode()
    ok = member_client.post("/account/preferences/", {"full_name": "Sam Smith", "email_frequency": "daily"})
    assert ok.status_code == 302
    personas.member.user.refresh_from_db()
    assert personas.member.user.email_frequency == "daily"
