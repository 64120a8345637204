"""Deploy checks: `manage.py check --deploy` (and so `make serve`) refuses unsafe production settings.

Each message names the setting and how to fix it. Two opt-ins exist for trying the production
configuration on one machine: ALLOW_INSECURE_HTTP=1 (with SECURE=0, plain http on 127.0.0.1) and
ALLOW_SQLITE=1 (the embedded database); each then gives a warning instead of an error.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

# Values that ship in this repository (development default, .env.example, test settings).
_KNOWN_KEY_MARKERS = ("change-me", "insecure", "not-for-production", "django-insecure-")
_MIN_KEY_LENGTH = 50


def secret_key_is_weak(key: str) -> bool:
    return (
        len(key) < _MIN_KEY_LENGTH or len(set(key)) < 5 or any(marker in key.lower() for marker in _KNOWN_KEY_MARKERS)
    )


@register(Tags.security, deploy=True)
def production_settings_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if settings.DEBUG:
        messages.append(
            Error("DEBUG is on.", hint="Set DEBUG=0: debug pages show settings and code.", id="openqi.E001")
        )
    if secret_key_is_weak(settings.SECRET_KEY):
        messages.append(
            Error(
                "SECRET_KEY is weak or a published example.",
                hint="Set SECRET_KEY to at least 50 random characters, e.g. "
                "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
                id="openqi.E002",
            )
        )
    if settings.DEMO_MODE:
        messages.append(
            Error(
                "DEMO_MODE is on.",
                hint="Set DEMO_MODE=0: demo mode lists the demo accounts, whose password is published.",
                id="openqi.E003",
            )
        )
    if not settings.ALLOWED_HOSTS:
        messages.append(
            Error(
                "ALLOWED_HOSTS is empty.",
                hint="Set ALLOWED_HOSTS to the site's host names, e.g. openqi.example.nhs.uk.",
                id="openqi.E004",
            )
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        if settings.ALLOW_SQLITE:
            messages.append(
                Warning(
                    "Serving from SQLite (ALLOW_SQLITE=1).",
                    hint="Fine for a small trial; use PostgreSQL (DATABASE_URL) for a service.",
                    id="openqi.W005",
                )
            )
        else:
            messages.append(
                Error(
                    "DATABASE_URL is not set, so the database is the SQLite file.",
                    hint="Set DATABASE_URL=postgres://…, or ALLOW_SQLITE=1 to serve from SQLite on purpose.",
                    id="openqi.E005",
                )
            )
    if "locmem" in settings.CACHES["default"]["BACKEND"].lower() and settings.WEB_CONCURRENCY > 1:
        messages.append(
            Error(
                f"The cache is per-process memory but WEB_CONCURRENCY={settings.WEB_CONCURRENCY}.",
                hint="Sign-in rate limits would not be shared between workers: set CACHE_URL=redis://…, "
                "or WEB_CONCURRENCY=1.",
                id="openqi.E006",
            )
        )
    if not settings.SESSION_COOKIE_SECURE:
        if settings.ALLOW_INSECURE_HTTP:
            messages.append(
                Warning(
                    "Serving over plain HTTP (SECURE=0, ALLOW_INSECURE_HTTP=1): cookies are not marked secure.",
                    hint="Only for trying it on this machine; never on a network.",
                    id="openqi.W007",
                )
            )
        else:
            messages.append(
                Error(
                    "SECURE is off: session and CSRF cookies would travel over plain HTTP.",
                    hint="Serve over HTTPS with SECURE=1 (the default), or set ALLOW_INSECURE_HTTP=1 "
                    "to try it on this machine only.",
                    id="openqi.E007",
                )
            )
    if "*" in settings.ALLOWED_HOSTS:
        messages.append(
            Error("ALLOWED_HOSTS accepts any host ('*').", hint="List the site's host names.", id="openqi.E008")
        )
    return messages
