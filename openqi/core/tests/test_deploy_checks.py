"""`manage.py check --deploy` (run by `make serve`) refuses unsafe production settings and names them."""

from typing import Any

import pytest
from django.test import override_settings

from openqi.core.checks import production_settings_check
from openqi.core.tests.test_pages_and_settings import _run_with_production_env

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")

SAFE = {
    "DEBUG": False,
    "SECRET_KEY": "q7Vb2kLx9RzT4mWcN8pYh3JsF6dGa1EuK5oXi0BnQwZrSt-_ElMv",
    "DEMO_MODE": False,
    "ALLOWED_HOSTS": ["openqi.example.nhs.uk"],
    "DATABASES": {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "openqi"}},
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}},
    "WEB_CONCURRENCY": 3,
    "SESSION_COOKIE_SECURE": True,
    "ALLOW_SQLITE": False,
    "ALLOW_INSECURE_HTTP": False,
}


def _ids(**changes: Any) -> list[str]:
    with override_settings(**{**SAFE, **changes}):
        return [message.id for message in production_settings_check()]


def test_safe_production_settings_raise_nothing() -> None:
    assert _ids() == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"DEBUG": True}, "openqi.E001"),
        ({"SECRET_KEY": "short"}, "openqi.E002"),
        ({"SECRET_KEY": "change-me-to-a-long-random-string-change-me-to-a-long-random"}, "openqi.E002"),
        ({"SECRET_KEY": "a" * 60}, "openqi.E002"),
        ({"DEMO_MODE": True}, "openqi.E003"),
        ({"ALLOWED_HOSTS": []}, "openqi.E004"),
        ({"DATABASES": {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}}, "openqi.E005"),
        ({"CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}}, "openqi.E006"),
        ({"SESSION_COOKIE_SECURE": False}, "openqi.E007"),
        ({"ALLOWED_HOSTS": ["*"]}, "openqi.E008"),
    ],
)
def test_each_unsafe_setting_is_refused_by_its_own_error(changes: dict[str, Any], expected: str) -> None:
    assert _ids(**changes) == [expected]


def test_sqlite_and_plain_http_are_allowed_only_by_explicit_opt_in_and_then_warned() -> None:
    ids = _ids(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}},
        ALLOW_SQLITE=True,
        SESSION_COOKIE_SECURE=False,
        ALLOW_INSECURE_HTTP=True,
    )
    assert ids == ["openqi.W005", "openqi.W007"]


def test_one_worker_may_use_the_per_process_cache() -> None:
    assert (
        _ids(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}, WEB_CONCURRENCY=1) == []
    )


def test_the_deploy_check_refuses_debug_and_demo_mode_and_says_which() -> None:
    result = _run_with_production_env("check", "--deploy", "--fail-level", "ERROR", DEBUG="1", DEMO_MODE="1")
    assert result.returncode != 0
    assert "openqi.E001" in result.stderr and "DEBUG is on" in result.stderr
    assert "openqi.E003" in result.stderr and "DEMO_MODE is on" in result.stderr
