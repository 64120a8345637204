"""Helpers for the API tests: tokens made through the service, and a client that sends them."""

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openqi.api.models import ApiToken
from openqi.api.services import token_issue
from openqi.api.tests.webhook_receiver import receiver  # noqa: F401  (a fixture for the webhook tests)
from openqi.organisations.access import org_access_get
from openqi.organisations.models import Membership

Issue = Callable[..., str]


def issue_token(
    membership: Membership,
    *,
    role: str = "staff",
    access: str = "read",
    kind: str = "personal",
    days: int = 30,
    name: str = "Warehouse",
    scope: str = "api",
) -> tuple[ApiToken, str]:
    org_access = org_access_get(user=membership.user, org_slug=membership.organisation.slug)
    assert org_access is not None
    return token_issue(
        actor=membership.user,
        access=org_access,
        kind=kind,
        name=name,
        role=role,
        token_access=access,
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
        scope=scope,
    )


@pytest.fixture
def issue() -> Issue:
    def make(membership: Membership, **kwargs: Any) -> str:
        return issue_token(membership, **kwargs)[1]

    return make


class ApiClient:
    """Plain HTTP against /api/v1/ with a bearer token, as any outside system would call it."""

    def __init__(self, secret: str = "") -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **headers: str) -> Any:
        return self.client.get(f"/api/v1{path}", headers={**self.headers, **headers})

    def post(self, path: str, body: Any, **headers: str) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            data=json.dumps(body, default=str),
            content_type="application/json",
            headers={**self.headers, **headers},
        )

    def send(self, method: str, path: str, body: Any = None) -> Any:
        if method == "post":
            return self.post(path, body if body is not None else {})
        return self.get(path)


@pytest.fixture
def wsgi_in_test_transaction() -> Any:
    """Requests sent straight to the WSGI application (Schemathesis, the SCIM client) inside a
    test's transaction: Django closes old database connections when a request starts and ends,
    which on PostgreSQL closed the test's own connection mid-test. Django's test client stops that
    for its requests; this does the same for these."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
