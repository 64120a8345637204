"""Errors that Django or django-ninja answer themselves under /api/v1/ are problem details too."""

import json
from typing import Any

import pytest
from django.test import Client

from openqi.api.tests.conftest import Issue


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("delete", "/api/v1/o/alpha/ideas", 405),
        ("put", "/api/v1/o/alpha", 405),
        ("get", "/api/v1/nothing-here", 404),
        ("get", "/api/v1/o/alpha/ideas/not-a-number", 404),
    ],
)
def test_django_and_ninja_refusals_are_problem_details(
    personas: Any, issue: Issue, method: str, path: str, status: int
) -> None:
    response = getattr(Client(), method)(path, headers={"Authorization": f"Bearer {issue(personas.member)}"})
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == status and body["instance"] == path and body["title"] and body["detail"]
    if status == 405:
        assert "GET" in response["Allow"]


def test_the_web_sites_own_pages_keep_their_html_404(personas: Any) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_the_api_documents_still_answer_as_before(db: Any) -> None:
    assert Client().get("/api/v1/openapi.json")["Content-Type"].startswith("application/json")
    assert Client().get("/api/v1/explorer")["Content-Type"].startswith("text/html")
