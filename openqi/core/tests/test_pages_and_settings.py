import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("path", ["/", "/accessibility/", "/privacy/"])
def test_public_pages_render_in_the_nhs_layout(path: str, db: Any) -> None:
    response = Client().get(path)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="nhsuk-header' in body and 'class="nhsuk-skip-link"' in body
    assert "Accessibility statement" in body and "Privacy notice" in body
    assert " – OpenQI</title>" in body


def test_an_unknown_page_gives_a_friendly_404(db: Any) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_forbidden_page_gives_a_friendly_403(personas: Any, member_client: Client) -> None:
    response = member_client.get(f"/o/{personas.org_a.slug}/members/")
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


def test_the_health_check_answers(db: Any) -> None:
    assert Client().get("/healthz").json()["status"] == "ok"


def _run_with_production_env(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DEMO_MODE", "OPENQI_TESTING", "SECURE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="openqi.settings",
        SECRET_KEY="a-long-random-production-secret-key-for-the-deploy-check-0123456789abcdef",
        ALLOWED_HOSTS="openqi.example.nhs.uk",
        # A production database and shared cache (`check` connects to neither).
        DATABASE_URL="postgres://openqi@db.invalid:5432/openqi",
        CACHE_URL="redis://cache.invalid:6379/0",
    )
    env.update(extra)
    return subprocess.run(  # noqa: S603  (our own manage.py with a fixed argument list)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_the_deploy_check_is_clean_with_production_settings() -> None:
    result = _run_with_production_env("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _run_with_production_env("check", SECRET_KEY="")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_the_server_error_page_needs_no_database_and_says_nothing_was_saved() -> None:
    from django.test import RequestFactory

    from openqi.core.views import error_500

    response = error_500(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in body and "has not been saved" in body
