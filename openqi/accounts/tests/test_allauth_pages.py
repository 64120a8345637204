"""Every allauth page a person can reach from their account is an OpenQI page in the NHS.UK design
system, not allauth's fallback shell (issue 21): email addresses, setting a first password after
signing up by single sign-on, confirming it is you with an authenticator code, turning the
authenticator off and making new recovery codes."""

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.template.loader import get_template
from django.test import Client

from openqi.conftest import client_for
from openqi.factories import PASSWORD, UserFactory


def nhs_page(response: Any, heading: str) -> str:
    body = response.content.decode()
    assert response.status_code == 200, body[:300]
    assert f'<h1 class="nhsuk-heading-l">{heading}</h1>' in body
    assert f"<title>{heading} – OpenQI</title>" in body
    assert "nhsuk-footer" in body  # OpenQI's layout, not the fallback shell
    assert "The few allauth pages" not in body and "allauth" not in body.lower()
    return body


def reauthenticated(user: Any) -> Client:
    """Signed in, and the password entered again just now (allauth asks before these changes)."""
    client = client_for(user)
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_email_addresses_page_is_an_nhs_page_and_its_buttons_still_act(personas: Any) -> None:
    member = personas.member.user
    EmailAddress.objects.update_or_create(user=member, email=member.email, defaults={"verified": True, "primary": True})
    client = client_for(member)
    body = nhs_page(client.get("/accounts/email/"), "Email addresses")
    assert member.email in body and "Main address" in body and "Confirmed" in body
    assert 'name="action_primary"' in body and 'name="action_add"' in body

    response = client.post("/accounts/email/", {"email": "", "action_add": ""})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    client.post("/accounts/email/", {"email": "second@alpha.nhs.uk", "action_add": ""})
    assert EmailAddress.objects.filter(user=member, email="second@alpha.nhs.uk", verified=False).exists()
    assert "Not confirmed" in client.get("/accounts/email/").content.decode()


def test_someone_who_signed_up_by_sso_sets_a_first_password_on_an_nhs_page(db: Any) -> None:
    person = UserFactory(email="sso.only@alpha.nhs.uk")
    person.set_unusable_password()
    person.save()
    client = client_for(person)
    body = nhs_page(client.get("/accounts/password/set/"), "Set a password")
    assert 'autocomplete="new-password"' in body
    response = client.post("/accounts/password/set/", {"password1": "a-long-new-passphrase-1", "password2": "x"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


def test_confirming_it_is_you_offers_the_authenticator_app_on_an_nhs_page(personas: Any) -> None:
    admin = personas.admin.user  # has an authenticator app
    client = client_for(admin)
    password_page = nhs_page(client.get("/accounts/reauthenticate/?next=/accounts/2fa/"), "Confirm it is you")
    assert "Use your authenticator app or a recovery code" in password_page
    code_page = nhs_page(client.get("/accounts/2fa/reauthenticate/?next=/accounts/2fa/"), "Confirm it is you")
    assert 'autocomplete="one-time-code"' in code_page
    assert "Use your password" in code_page and "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2F" in code_page
    response = client.post("/accounts/2fa/reauthenticate/", {"code": "000000"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


def test_turning_off_the_authenticator_app_is_an_nhs_confirmation_page(personas: Any) -> None:
    body = nhs_page(
        reauthenticated(personas.admin.user).get("/accounts/2fa/totp/deactivate/"), "Turn off the authenticator app"
    )
    assert "nhsuk-button--warning" in body


def test_making_new_recovery_codes_is_an_nhs_confirmation_page_and_makes_them(personas: Any) -> None:
    admin = personas.admin.user
    client = reauthenticated(admin)
    body = nhs_page(client.get("/accounts/2fa/recovery-codes/generate/"), "Make new recovery codes")
    assert "Make new codes" in body
    response = client.post("/accounts/2fa/recovery-codes/generate/")
    assert response.status_code == 302
    codes = Authenticator.objects.get(user=admin, type=Authenticator.Type.RECOVERY_CODES)
    assert len(RecoveryCodes(codes).get_unused_codes()) > 0
    body = nhs_page(client.get("/accounts/2fa/recovery-codes/generate/"), "Make new recovery codes")
    assert "unused codes will stop working" in body and "nhsuk-button--warning" in body


@pytest.mark.parametrize(
    "template",
    [
        "account/email.html",
        "account/password_set.html",
        "account/reauthenticate.html",
        "mfa/reauthenticate.html",
        "mfa/totp/deactivate_form.html",
        "mfa/recovery_codes/generate.html",
    ],
)
def test_openqis_jinja2_version_of_the_allauth_template_is_the_one_found(template: str) -> None:
    assert get_template(template).backend.name == "jinja2"  # type: ignore[attr-defined]
