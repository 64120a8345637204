"""The API token pages: list, make (the secret shown once), revoke with a confirmation."""

import datetime
import re
from typing import Any

from django.test import Client
from django.utils import timezone

from openqi.api.models import ApiToken
from openqi.api.tests.conftest import ApiClient, issue_token
from openqi.core.submission import new_token


def _form(**overrides: str) -> dict[str, str]:
    expires = timezone.localdate() + datetime.timedelta(days=60)
    data = {
        "name": "Warehouse",
        "kind": "personal",
        "role": "staff",
        "access": "read",
        "expires_on-day": str(expires.day),
        "expires_on-month": str(expires.month),
        "expires_on-year": str(expires.year),
    }
    data.update(overrides)
    return data


def test_the_list_shows_my_tokens_with_last_use(personas: Any, member_client: Client) -> None:
    issue_token(personas.member, name="Nightly load")
    issue_token(personas.lead, name="Lead's own")
    html = member_client.get("/o/alpha/api-tokens/").content.decode()
    assert "Nightly load" in html and "Never" in html
    assert "Lead&#39;s own" not in html and "Lead's own" not in html


def test_making_a_token_shows_the_secret_once(personas: Any, member_client: Client) -> None:
    response = member_client.post("/o/alpha/api-tokens/new/", _form())
    assert response.status_code == 200
    html = response.content.decode()
    secret = re.search(r'value="(oqi_[0-9a-f]{8}_[A-Za-z0-9_-]+)"', html)
    assert secret is not None, "the page must show the token"
    token = ApiToken.objects.get()
    assert token.user == personas.member.user and token.digest == ApiToken.digest_of(secret.group(1))
    assert ApiClient(secret.group(1)).get("/o/alpha").status_code == 200
    assert secret.group(1) not in member_client.get("/o/alpha/api-tokens/").content.decode()


def test_sending_the_form_twice_makes_one_token_and_shows_no_secret_again(personas: Any, member_client: Client) -> None:
    data = {**_form(), "submission_token": new_token()}
    first = member_client.post("/o/alpha/api-tokens/new/", data)
    second = member_client.post("/o/alpha/api-tokens/new/", data)
    assert first.status_code == 200 and ApiToken.objects.count() == 1
    assert "oqi_" not in second.content.decode()


def test_a_role_above_mine_is_refused_on_the_form(personas: Any, member_client: Client) -> None:
    response = member_client.post("/o/alpha/api-tokens/new/", _form(role="lead"))
    assert response.status_code == 200
    assert "Error:" in response.content.decode() and not ApiToken.objects.exists()


def test_staff_are_not_offered_service_tokens(personas: Any, member_client: Client) -> None:
    html = member_client.get("/o/alpha/api-tokens/new/").content.decode()
    assert 'value="service"' not in html
    refused = member_client.post("/o/alpha/api-tokens/new/", _form(kind="service"))
    assert "Error:" in refused.content.decode() and not ApiToken.objects.exists()


def test_an_admin_makes_a_service_token(personas: Any, admin_client_a: Client) -> None:
    response = admin_client_a.post("/o/alpha/api-tokens/new/", _form(kind="service", role="lead", access="write"))
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert (token.kind, token.role, token.access) == ("service", "lead", "write")


def test_bad_input_shows_errors_and_makes_nothing(personas: Any, member_client: Client) -> None:
    response = member_client.post("/o/alpha/api-tokens/new/", _form(name="", **{"expires_on-year": "2001"}))
    html = response.content.decode()
    assert "Enter a name for the token" in html
    assert "Error:" in html and not ApiToken.objects.exists()
    past = member_client.post("/o/alpha/api-tokens/new/", _form(**{"expires_on-year": "2001"}))
    assert "The expiry date must be in the future" in past.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_refuses_the_token(personas: Any, member_client: Client) -> None:
    token, secret = issue_token(personas.member)
    url = f"/o/alpha/api-tokens/{token.pk}/revoke/"
    question = member_client.get(url).content.decode()
    assert "Revoke ‘Warehouse’?" in question
    assert ApiClient(secret).get("/o/alpha").status_code == 200
    response = member_client.post(url)
    assert response.status_code == 302
    assert ApiClient(secret).get("/o/alpha").status_code == 401
    assert member_client.get(url).status_code == 404


def test_nobody_revokes_someone_elses_token_from_the_page(personas: Any, lead_client: Client) -> None:
    token, _ = issue_token(personas.member)
    assert lead_client.post(f"/o/alpha/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_guide_lists_every_operation_without_javascript(db: Any) -> None:
    html = Client().get("/api/").content.decode()
    assert "/api/v1/o/{org_slug}/measures/data" in html and "OpenAPI 3.1" in html


def test_the_explorer_is_served_from_our_own_static_files(db: Any) -> None:
    html = Client().get("/api/v1/explorer").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()


def test_an_admin_makes_a_scim_provisioning_token(personas: Any, admin_client_a: Client) -> None:
    form = _form(kind="service", role="org_admin", access="write", scope="scim")
    assert admin_client_a.post("/o/alpha/api-tokens/new/", form).status_code == 200
    assert ApiToken.objects.get().scope == "scim"
    listed = admin_client_a.get("/o/alpha/api-tokens/").content.decode()
    assert "for SCIM provisioning" in listed


def test_a_scim_token_that_is_not_an_admins_write_service_token_is_refused(
    personas: Any, admin_client_a: Client
) -> None:
    response = admin_client_a.post("/o/alpha/api-tokens/new/", _form(kind="personal", access="read", scope="scim"))
    html = response.content.decode()
    assert "A SCIM provisioning token must be an organisation service token" in html
    assert "needs the organisation admin role" in html and not ApiToken.objects.exists()


def test_only_admins_are_offered_scim(personas: Any, member_client: Client) -> None:
    assert "SCIM provisioning" not in member_client.get("/o/alpha/api-tokens/new/").content.decode()
