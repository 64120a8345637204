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
    # Public surveys for patients, carers and the public (ADR 0033): the link is the invitation; the
    # kiosk address a lead keeps to staff. No account, rate-limited, one answer a session.
    "s/<str:token>/",
    "s/kiosk/<str:token>/",
    "s/kiosk/<str:token>/next/",
    # The ideas portal for patients and the public: no account, on purpose (rate-limited, moderated).
    "p/<slug:org_slug>/",
    "p/<slug:org_slug>/follow-up/",
    "p/<slug:org_slug>/you-said-we-did/",
    # Published improvement stories: public on purpose once an organisation lead publishes them.
    "p/<slug:org_slug>/stories/",
    "p/<slug:org_slug>/stories/<int:story_id>/",
    # A ward screen's read-only huddle board and its live version: the token in the address is the
    # credential (only its hash is stored; a lead revokes it), like a check-in kiosk's link.
    "b/<str:token>/",
    "b/<str:token>/live/",
    # The QI network's public front door (issue 15): anyone may read about it, join and see events.
    "network/",
    "network/<slug:system_slug>/",
    "network/<slug:system_slug>/join/",
    "network/<slug:system_slug>/join/confirm/<str:token>/",
    "network/<slug:system_slug>/sign-in/",
    "network/<slug:system_slug>/sign-in/<str:token>/",
    "network/<slug:system_slug>/sign-out/",
    "network/<slug:system_slug>/events/",
    "network/<slug:system_slug>/events/<int:event_id>/",
    "network/<slug:system_slug>/events/<int:event_id>/calendar.ics",
    "network/<slug:system_slug>/contact/",
    # System ideas (ADR 0029): anyone may share one, follow it with the code and read the answers.
    "network/<slug:system_slug>/system-ideas/share/",
    "network/<slug:system_slug>/system-ideas/follow-up/",
    "network/<slug:system_slug>/system-ideas/you-said-we-did/",
    # Past quarterly updates are public; unsubscribing is by a signed link in the email, without
    # sign-in (RFC 8058 one-click); network/tests/test_updates.py.
    "network/<slug:system_slug>/updates/",
    "network/<slug:system_slug>/updates/<int:update_id>/",
    "network/<slug:system_slug>/updates/unsubscribe/<str:token>/",
    # The network's resources library (ADR 0028): anyone may browse; a members-only or bookers-only
    # file is refused on download to anyone else (network/tests/test_resources.py).
    "network/<slug:system_slug>/resources/",
    "network/<slug:system_slug>/resources/<int:resource_id>/",
    "network/<slug:system_slug>/resources/<int:resource_id>/file/",
    # After an event: the emailed feedback link (the signed token is the credential, one answer per
    # booking), and the QR code's page (a signed link; the member's network sign-in marks them).
    "network/<slug:system_slug>/events/<int:event_id>/feedback/<str:token>/",
    "network/<slug:system_slug>/events/<int:event_id>/here/<str:token>/",
    # A member's calendar feed: the secret in its address is the key (calendar apps cannot sign in).
    "network/calendar/<str:token>.ics",
    # A network member's own pages: no OpenQI account, but the network's emailed-link sign-in
    # (network.views.common.member_view sends anyone else to it); network/tests/test_access.py.
    "network/<slug:system_slug>/events/<int:event_id>/book/",
    "network/<slug:system_slug>/events/<int:event_id>/accept/",
    "network/<slug:system_slug>/events/<int:event_id>/cancel/",
    "network/<slug:system_slug>/me/",
    "network/<slug:system_slug>/me/choices/",
    "network/<slug:system_slug>/me/consent/withdraw/",
    "network/<slug:system_slug>/me/consent/give/",
    "network/<slug:system_slug>/me/leave/",
    # A training certificate's check (issue 16): anyone holding the code sees only the name, the
    # course and the date (training/tests/test_completion.py proves nothing else shows).
    "training/verify/<str:code>/",
    # Volunteering as an expert by experience (issue 17): the public front door, and the
    # volunteer's own pages behind the emailed-link sign-in (coproduction.views.common.volunteer_view
    # sends anyone else to it); coproduction/tests/test_access.py.
    "involve/<slug:system_slug>/",
    "involve/<slug:system_slug>/volunteer/",
    "involve/<slug:system_slug>/confirm/<str:token>/",
    "involve/<slug:system_slug>/sign-in/",
    "involve/<slug:system_slug>/sign-in/<str:token>/",
    "involve/<slug:system_slug>/sign-out/",
    "involve/<slug:system_slug>/me/",
    "involve/<slug:system_slug>/me/change/",
    "involve/<slug:system_slug>/me/renew/",
    "involve/<slug:system_slug>/me/export/",
    "involve/<slug:system_slug>/me/delete/",
    "involve/<slug:system_slug>/me/invitations/<int:offer_id>/",
    # The API's guide, its OpenAPI document and explorer describe the API, not anyone's data;
    # `api/v1/` itself is a 404 that ninja needs to work out its own address.
    "api/",
    "api/v1/",
    "api/v1/openapi.json",
    "api/v1/explorer",
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
    # Linking single sign-on to a local account: only after proving that account (issue 21).
    "accounts/sso/<str:provider_id>/link/",
    # The ICS CQI team's network pages: system admins of that ICS only, 404 for anyone else
    # (network/tests/test_access.py).
    "network/<slug:system_slug>/team/members/",
    "network/<slug:system_slug>/team/system-ideas/",
    "network/<slug:system_slug>/team/system-ideas/<int:idea_id>/",
    "network/<slug:system_slug>/team/collaboratives/new/",
    "network/<slug:system_slug>/team/invitations/",
    "network/<slug:system_slug>/team/collaboratives/<int:collaborative_id>/",
    # A collaborative's page: members (staff and above) of the organisations taking part and the
    # CQI team; 404 for anyone else signed in (network/tests/test_collaboratives.py).
    "network/<slug:system_slug>/collaboratives/",
    "network/<slug:system_slug>/collaboratives/<int:collaborative_id>/",
    "network/<slug:system_slug>/team/enquiries/",
    "network/<slug:system_slug>/team/enquiries/<int:enquiry_id>/handled/",
    "network/<slug:system_slug>/team/domains/",
    "network/<slug:system_slug>/team/domains/<int:domain_id>/remove/",
    "network/<slug:system_slug>/team/events/new/",
    "network/<slug:system_slug>/team/events/<int:event_id>/",
    "network/<slug:system_slug>/team/events/<int:event_id>/guests/",
    "network/<slug:system_slug>/team/events/<int:event_id>/attendance/",
    "network/<slug:system_slug>/team/updates/",
    "network/<slug:system_slug>/team/updates/new/",
    "network/<slug:system_slug>/team/updates/<int:update_id>/",
    "network/<slug:system_slug>/team/updates/<int:update_id>/send/",
    # The ICS dashboard (issue 14): its system admins and executives only, 404 for anyone else
    # (dashboards/tests/test_access.py); the list sends a reader of one ICS straight to it.
    "system/dashboards/",
    "system/dashboards/<slug:system_slug>/",
    "system/dashboards/<slug:system_slug>/live/",
    "system/dashboards/<slug:system_slug>/export/<slug:key>/<slug:fmt>/",
    "network/<slug:system_slug>/team/resources/new/",
    "network/<slug:system_slug>/team/events/<int:event_id>/feedback/",
    "network/<slug:system_slug>/team/events/<int:event_id>/qr/",
    "network/<slug:system_slug>/team/resources/<int:resource_id>/remove/",
}
# Organisation data in the API: a bearer token, not a session (openqi/api/auth.py). Every such route
# is tested below: no token gets 401, another organisation's token 404.
API_ORG_PREFIX = "api/v1/o/<org_slug>"
# SCIM provisioning (ADR 0035): an organisation's SCIM token, not a session. Every route below: no
# token gets 401, another organisation's SCIM token 404, as SCIM error JSON.
SCIM_ORG_PREFIX = "scim/v2/o/<slug:org_slug>/"
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


def _api_routes() -> list[str]:
    return [r for r in _all_routes() if r.startswith(API_ORG_PREFIX)]


def _scim_routes() -> list[str]:
    return [r for r in _all_routes() if r.startswith(SCIM_ORG_PREFIX)]


def _fill(route: str, org_slug: str) -> str:
    route = route.replace("<slug:org_slug>", org_slug).replace("<org_slug>", org_slug)
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "1"), route)


def test_every_url_pattern_is_classified() -> None:
    unclassified = [
        r
        for r in _all_routes()
        if not r.startswith(THIRD_PARTY_PREFIXES)
        and not r.startswith("o/<slug:org_slug>/")
        and not r.startswith(API_ORG_PREFIX)
        and not r.startswith(SCIM_ORG_PREFIX)
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


def _api_send(method: str, url: str, token: str = "") -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "post":
        return Client().post(url, data="{}", content_type="application/json", headers=headers)
    return Client().get(url, headers=headers)


def test_api_routes_exist_to_be_checked() -> None:
    assert len(_api_routes()) >= 10


@pytest.mark.parametrize("route", _api_routes())
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_api_route_refuses_a_request_without_a_token(route: str, method: str, personas: Any) -> None:
    url = _fill(route, personas.org_a.slug)
    response = _api_send(method, url)
    assert response.status_code in (401, 405), f"{method.upper()} {url} gave {response.status_code}"
    if response.status_code == 405:  # no such method here: make sure the other one is guarded
        assert _api_send("post" if method == "get" else "get", url).status_code == 401


@pytest.mark.parametrize("route", _api_routes())
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_api_route_refuses_another_organisations_token(route: str, method: str, personas: Any) -> None:
    from openqi.api.tests.conftest import issue_token  # lazy: only this test needs the API's helper

    _, secret = issue_token(personas.outsider, role="org_admin", access="write")
    url = _fill(route, personas.org_a.slug)
    response = _api_send(method, url, secret)
    assert response.status_code in (404, 405), f"{method.upper()} {url} gave {response.status_code}"
    assert b"Alpha" not in response.content


def test_scim_routes_exist_to_be_checked() -> None:
    assert len(_scim_routes()) >= 10


SCIM_METHODS = ["get", "post", "put", "patch", "delete"]


def _scim_send(method: str, url: str, token: str = "") -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "get":
        return Client().get(url, headers=headers)
    return getattr(Client(), method)(url, data="{}", content_type="application/scim+json", headers=headers)


@pytest.mark.parametrize("route", _scim_routes())
@pytest.mark.parametrize("method", SCIM_METHODS)
def test_every_scim_route_refuses_a_request_without_a_token(route: str, method: str, personas: Any) -> None:
    url = _fill(route, personas.org_a.slug)
    response = _scim_send(method, url)
    assert response.status_code in (401, 405), f"{method.upper()} {url} gave {response.status_code}"
    assert response["Content-Type"] == "application/scim+json"


@pytest.mark.parametrize("route", _scim_routes())
@pytest.mark.parametrize("method", SCIM_METHODS)
def test_every_scim_route_refuses_another_organisations_scim_token(route: str, method: str, personas: Any) -> None:
    from openqi.api.tests.conftest import issue_token  # lazy: only this test needs the API's helper

    _, secret = issue_token(personas.outsider, role="org_admin", access="write", kind="service", scope="scim")
    url = _fill(route, personas.org_a.slug)
    response = _scim_send(method, url, secret)
    assert response.status_code in (404, 405), f"{method.upper()} {url} gave {response.status_code}"
    assert b"Alpha" not in response.content and b"alpha.nhs.uk" not in response.content
