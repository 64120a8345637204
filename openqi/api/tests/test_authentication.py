"""Who may call: no token, a dead token, another organisation's token, a read-only token, a token
above its person's current role, too many requests. Every use is audited."""

import datetime
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from openqi.api.models import ApiToken
from openqi.api.tests.conftest import ApiClient, Issue, issue_token
from openqi.audit.models import AuditEvent
from openqi.organisations.models import Membership


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"].startswith("https://")
    return body


def test_no_token_is_401_with_a_bearer_challenge(personas: Any) -> None:
    response = ApiClient().get("/o/alpha")
    _problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_made_up_token_is_401(personas: Any) -> None:
    _problem(ApiClient("oqi_deadbeef_notarealtoken").get("/o/alpha"), 401)


def test_a_valid_token_reads_its_organisation_and_the_use_is_audited(personas: Any, issue: Issue) -> None:
    token, secret = issue_token(personas.member)
    response = ApiClient(secret).get("/o/alpha")
    assert response.status_code == 200
    assert response.json()["name"] == "Alpha Hospitals NHS Trust"
    use = AuditEvent.objects.get(action="api.use")
    assert use.actor == personas.member.user and use.organisation_id == personas.org_a.pk
    assert use.detail["prefix"] == token.prefix and use.detail["path"] == "/api/v1/o/alpha"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_another_organisations_token_gets_404_and_the_refusal_is_audited(personas: Any, issue: Issue) -> None:
    secret = issue(personas.outsider)
    _problem(ApiClient(secret).get("/o/alpha"), 404)
    _problem(ApiClient(secret).get("/o/alpha/ideas"), 404)
    refused = AuditEvent.objects.filter(action="api.refused")
    assert refused.count() == 2
    assert {e.organisation_id for e in refused} == {personas.org_b.pk}


def test_an_expired_token_is_refused(personas: Any, issue: Issue) -> None:
    secret = issue(personas.member)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    body = _problem(ApiClient(secret).get("/o/alpha"), 401)
    assert "expired" in body["detail"]


def test_a_revoked_token_is_refused(personas: Any, issue: Issue) -> None:
    secret = issue(personas.member)
    ApiToken.objects.update(revoked_at=timezone.now())
    _problem(ApiClient(secret).get("/o/alpha"), 401)


def test_a_token_stops_working_when_its_person_leaves(personas: Any, issue: Issue) -> None:
    secret = issue(personas.member)
    Membership.objects.filter(pk=personas.member.pk).delete()
    _problem(ApiClient(secret).get("/o/alpha"), 401)


def test_a_token_never_acts_above_its_persons_current_role(personas: Any, issue: Issue) -> None:
    secret = issue(personas.lead, role="lead")
    assert ApiClient(secret).get("/o/alpha/reports/surveys").status_code == 200
    Membership.objects.filter(pk=personas.lead.pk).update(role="staff")
    _problem(ApiClient(secret).get("/o/alpha/reports/surveys"), 403)


def test_a_token_acts_with_its_own_role_when_that_is_lower(personas: Any, issue: Issue) -> None:
    secret = issue(personas.lead, role="staff")
    _problem(ApiClient(secret).get("/o/alpha/reports/surveys"), 403)


def test_a_read_only_token_cannot_write(personas: Any, issue: Issue) -> None:
    secret = issue(personas.member, access="read")
    body = {"title": "A", "problem": "B", "suggestion": "C", "identity": "named"}
    response = ApiClient(secret).post("/o/alpha/ideas", body)
    assert "read only" in _problem(response, 403)["detail"]
    assert AuditEvent.objects.filter(action="api.refused", detail__refused="read-only token").exists()


@override_settings(API_RATE_LIMIT_PER_MINUTE=3)
def test_a_token_over_its_rate_limit_gets_429_with_retry_after(personas: Any, issue: Issue) -> None:
    client = ApiClient(issue(personas.member))
    assert [client.get("/o/alpha").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/o/alpha")
    _problem(response, 429)
    assert 0 < int(response["Retry-After"]) <= 60
    # The limit is per token: another token of the same person is not held back.
    assert ApiClient(issue(personas.member)).get("/o/alpha").status_code == 200


@pytest.mark.parametrize("path", ["/openapi.json"])
def test_the_openapi_document_is_public(path: str, db: Any) -> None:
    assert ApiClient().get(path).status_code == 200
