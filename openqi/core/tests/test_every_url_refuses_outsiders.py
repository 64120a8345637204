"""Every URL pattern in the project is classified, and every organisation URL refuses outsiders.

New apps get this for free: a new pattern under /o/<org_slug>/ is tested automatically, and any
other new pattern must be added to PUBLIC or LOGIN_REQUIRED below, on purpose.
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# Prefixes of third-party URL trees that are not organisation data and guard themselves.
THIRD_PARTY_PREFIXES = ("accounts/", "django-admin/")
PUBLIC = {
    "",
    "accessibility/",
    "privacy/",
    "healthz",
    "readyz",
    "assets/<path:path>",
    "invitations/<str:token>/",
    "k/<str:token>/",
    # The ideas portal for patients and the public: no account, on purpose (rate-limited, moderated).
    "p/<slug:org_slug>/",
    "p/<slug:org_slug>/follow-up/",
    "p/<slug:org_slug>/you-said-we-did/",
    # Published improvement stories: public on purpose once an organisation lead publishes them.
    "p/<slug:org_slug>/stories/",
    "p/<slug:org_slug>/stories/<int:story_id>/",
}
LOGIN_REQUIRED = {
    "organisations/",
    "system/",
    "system/systems/new/",
    "system/organisations/new/",
    "system/tasks/",
    "system/privacy/",
    "system/privacy/erase/",
    "account/preferences/",
    # How long the session has left, and "Stay signed in" (a script asks; 401 when signed out).
    "account/session/",
    "notifications/",
    "notifications/<int:notification_id>/read/",
    "notifications/read-all/",
}
SAMPLE = {"int": "1", "slug": "sample", "str": "sample", "uuid": "00000000-0000-0000-0000-000000000000", "path": "x"}


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _all_routes() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def _org_routes() -> list[str]:
    return [r for r in _all_routes() if r.startswith("o/<slug:org_slug>/")]


def _fill(route: str, org_slug: str) -> str:
    route = route.replace("<slug:org_slug>", org_slug)
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "1"), route)


def test_every_url_pattern_is_classified() -> None:
    unclassified = [
        r
        for r in _all_routes()
        if not r.startswith(THIRD_PARTY_PREFIXES)
        and not r.startswith("o/<slug:org_slug>/")
        and r not in PUBLIC
        and r not in LOGIN_REQUIRED
    ]
    assert unclassified == [], f"Classify these URL patterns in {__file__}: {unclassified}"


def test_organisation_urls_exist_to_be_checked() -> None:
    assert len(_org_routes()) >= 8


@pytest.mark.parametrize("route", _org_routes())
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_gets_404_on_every_organisation_url(
    route: str, method: str, personas: Any, outsider_client: Client
) -> None:
    url = _fill(route, personas.org_a.slug)
    response = getattr(outsider_client, method)(url)
    assert response.status_code == 404, f"{method.upper()} {url} gave {response.status_code}"


@pytest.mark.parametrize("route", _org_routes())
def test_a_signed_out_visitor_is_sent_to_sign_in_from_every_organisation_url(route: str, personas: Any) -> None:
    url = _fill(route, personas.org_a.slug)
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("route", sorted(LOGIN_REQUIRED))
def test_a_signed_out_visitor_is_sent_to_sign_in_from_personal_pages(route: str, db: Any) -> None:
    response = Client().get(_fill(route, "sample"))
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("route", _org_routes())
def test_an_unknown_organisation_gives_404_even_to_members_elsewhere(
    route: str, personas: Any, lead_client: Client
) -> None:
    response = lead_client.get(_fill(route, "no-such-trust"))
    assert response.status_code == 404
