"""The single sign-on settings page and its Test connection button (issue 21)."""

from typing import Any

import pytest
import requests
from allauth.socialaccount.models import SocialApp
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for, give_totp
from openqi.factories import SystemMembershipFactory, UserFactory
from openqi.organisations.models import Membership, OrganisationSSO, Role, SystemRole
from openqi.organisations.services import invitation_create
from openqi.organisations.sso_settings import secret_reveal
from openqi.organisations.tests import oidc_provider
from openqi.organisations.tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, LoopbackProvider

pytestmark = pytest.mark.oidc

URL = "/o/alpha/sso/"


def settings_data(server_url: str, **overrides: str) -> dict[str, str]:
    return {
        "server_url": server_url,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "secret_env": "",
        "uid_field": "sub",
        "join_rule": "invitation",
        "allowed_domains": "",
        "required_claims": "",
        "default_role": "staff",
        "default_team": "",
        "button_text": "Sign in with Alpha NHSmail",
        **overrides,
    }


def test_only_admins_of_the_organisation_or_its_system_open_the_settings(
    personas: Any, outsider_client: Client
) -> None:
    assert client_for(personas.admin.user).get(URL).status_code == 200
    assert client_for(personas.lead.user).get(URL).status_code == 403
    assert client_for(personas.member.user).get(URL).status_code == 403
    assert outsider_client.get(URL).status_code == 404
    system_admin = UserFactory()
    give_totp(system_admin)
    SystemMembershipFactory(user=system_admin, system=personas.org_a.system, role=SystemRole.SYSTEM_ADMIN)
    assert client_for(system_admin).get(URL).status_code == 200


def test_saving_seals_the_secret_and_never_shows_it_again(personas: Any, idp: LoopbackProvider) -> None:
    client = client_for(personas.admin.user)
    response = client.post(URL, settings_data(idp.base_url, required_claims="tid = alpha-tenant"))
    assert response.status_code == 302
    sso = OrganisationSSO.objects.get(organisation=personas.org_a)
    app = sso.social_app
    assert app.secret.startswith("fernet:") and CLIENT_SECRET not in app.secret
    assert secret_reveal(app.secret) == CLIENT_SECRET
    assert app.settings["server_url"] == idp.base_url and app.settings["uid_field"] == "sub"
    assert sso.required_claims == {"tid": "alpha-tenant"}
    page = client.get(URL).content.decode()
    assert CLIENT_SECRET not in page and app.secret not in page
    assert "Stored encrypted" in page
    assert f"/accounts/oidc/{app.provider_id}/login/callback/" in page
    event = AuditEvent.objects.get(action="sso.configure")
    assert event.detail["secret_changed"] is True and CLIENT_SECRET not in str(event.detail)

    # Saved again without a secret: the stored one stays.
    assert client.post(URL, settings_data(idp.base_url, client_secret="")).status_code == 302
    assert secret_reveal(SocialApp.objects.get(pk=app.pk).secret) == CLIENT_SECRET


def test_a_secret_can_be_read_from_the_environment(
    personas: Any, idp: LoopbackProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENQI_ALPHA_SSO_SECRET", CLIENT_SECRET)
    client = client_for(personas.admin.user)
    client.post(URL, settings_data(idp.base_url, client_secret="", secret_env="OPENQI_ALPHA_SSO_SECRET"))
    app = SocialApp.objects.get()
    assert app.secret == "env:OPENQI_ALPHA_SSO_SECRET"
    assert "Read from the environment variable OPENQI_ALPHA_SSO_SECRET (set)" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"client_secret": ""}, "Enter the client secret, or the environment variable that holds it"),
        ({"join_rule": "domain"}, "Enter at least one email domain, or choose invitation only"),
        ({"default_role": "org_admin"}, "Select a valid choice"),
        ({"server_url": "http://idp.example.org"}, "Enter an issuer URL that starts with https://"),
        ({"required_claims": "tid"}, "Write each claim as name=value, one a line"),
        ({"secret_env": "not a name"}, "Enter an environment variable name in capitals"),
    ],
)
def test_bad_settings_say_what_is_wrong_and_save_nothing(
    personas: Any, idp: LoopbackProvider, overrides: dict[str, str], message: str
) -> None:
    response = client_for(personas.admin.user).post(URL, {**settings_data(idp.base_url), **overrides})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SocialApp.objects.exists() and not OrganisationSSO.objects.exists()


def test_test_connection_reports_a_working_provider(personas: Any, idp: LoopbackProvider) -> None:
    client = client_for(personas.admin.user)
    client.post(URL, settings_data(idp.base_url))
    body = client.post(f"{URL}test/").content.decode()
    assert "The connection works" in body
    assert "Fetched 1 signing key." in body


def test_test_connection_says_what_is_wrong(personas: Any, idp: LoopbackProvider) -> None:
    client = client_for(personas.admin.user)
    client.post(URL, settings_data(oidc_provider.closed_port_url()))
    body = client.post(f"{URL}test/").content.decode()
    assert "The connection has problems" in body and "Could not fetch" in body and "ConnectionError" in body

    app = SocialApp.objects.get()
    app.settings = {**app.settings, "server_url": f"{idp.base_url}/wrong"}
    app.save()
    body = client.post(f"{URL}test/").content.decode()
    assert "Could not fetch" in body and "HTTPError" in body


def test_test_connection_says_when_the_sealed_secret_cannot_be_read(
    personas: Any, idp: LoopbackProvider, settings: Any
) -> None:
    client = client_for(personas.admin.user)
    client.post(URL, settings_data(idp.base_url))
    settings.SSO_SECRET_KEY = "a-new-key-after-rotation"
    body = client.post(f"{URL}test/").content.decode()
    assert "The stored client secret cannot be decrypted" in body


def test_test_connection_before_saving_is_404(personas: Any) -> None:
    assert client_for(personas.admin.user).post(f"{URL}test/").status_code == 404


def test_a_provider_set_up_on_the_page_signs_an_invited_person_in(personas: Any, idp: LoopbackProvider) -> None:
    client_for(personas.admin.user).post(URL, settings_data(idp.base_url))
    provider_id = SocialApp.objects.get().provider_id
    invitation_create(
        actor=personas.admin.user,
        actor_role=Role.ORG_ADMIN,
        organisation=personas.org_a,
        email="new.starter@nhs.net",
        role=Role.CHAMPION,
    )
    idp.person(sub="nhsmail-starter", email="new.starter@nhs.net")
    browser = Client()
    assert "Sign in with Alpha NHSmail" in browser.get("/accounts/login/").content.decode()
    start = browser.post(f"/accounts/oidc/{provider_id}/login/")
    answer = requests.get(start["Location"], allow_redirects=False, timeout=5)
    callback = answer.headers["Location"].split("testserver", 1)[1]
    browser.get(callback)
    assert Membership.objects.get(user__email="new.starter@nhs.net").role == Role.CHAMPION
