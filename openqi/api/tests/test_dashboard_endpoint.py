"""The organisation dashboard's figures through the API: the same tiles and tables as the page
and its exports (k holds: anonymous ideas below k are hidden, never counted), for leads and
above, filtered by period and domain, and never another organisation's."""

from typing import Any

import pytest
from django.test import Client

from openqi.api.tests.conftest import ApiClient, Issue
from openqi.factories import MembershipFactory
from openqi.ideas.services import idea_submit
from openqi.organisations.models import Role

pytestmark = pytest.mark.django_db


def _ideas(personas: Any, count: int, identity: str, domains: list[str] | None = None) -> None:
    for i in range(count):
        idea_submit(
            actor=personas.member.user,
            organisation=personas.org_a,
            title=f"Idea {identity} {i}",
            problem="Something slows the ward down.",
            suggestion="Try a small change.",
            identity=identity,
            team=personas.member.team,
            domains=domains or [],
        )


def _tile(body: dict[str, Any], key: str) -> dict[str, Any]:
    return next(tile for tile in body["tiles"] if tile["key"] == key)


def _rows(tile: dict[str, Any]) -> dict[str, Any]:
    return {row[0]: row[1] for row in tile["table"]["rows"]}


def test_a_lead_reads_every_tile_with_anonymous_ideas_hidden_below_k(
    personas: Any, issue: Issue, lead_client: Client
) -> None:
    _ideas(personas, 3, "named")
    _ideas(personas, 4, "anonymous")
    response = ApiClient(issue(personas.lead, role="lead")).get("/o/alpha/dashboard")
    assert response.status_code == 200
    body = response.json()
    assert body["organisation"] == "alpha" and body["domain"] == ""
    ideas = _tile(body, "ideas")
    assert _rows(ideas)["All ideas"] == 7
    assert _rows(ideas)["Anonymous ideas"] == "hidden (fewer than 11)"
    assert ideas["summary"] and ideas["section"] == "Staff voice"
    # The same table as the page's CSV export, row for row.
    export = lead_client.get("/o/alpha/dashboards/export/ideas/csv/").content.decode("utf-8-sig").splitlines()
    assert export[0].split(",") == ideas["table"]["header"]
    assert len(export) - 1 == len(ideas["table"]["rows"])

    _ideas(personas, 7, "anonymous")  # now 11
    body = ApiClient(issue(personas.lead, role="lead")).get("/o/alpha/dashboard").json()
    assert _rows(_tile(body, "ideas"))["Anonymous ideas"] == 11


def test_the_domain_filter_narrows_the_ideas(personas: Any, issue: Issue) -> None:
    _ideas(personas, 2, "named", domains=["safe"])
    _ideas(personas, 3, "named", domains=["effective"])
    client = ApiClient(issue(personas.lead, role="lead"))
    body = client.get("/o/alpha/dashboard?domain=safe").json()
    assert body["domain"] == "safe"
    assert _rows(_tile(body, "ideas"))["All ideas"] == 2
    assert client.get("/o/alpha/dashboard?domain=nonsense").status_code == 422


def test_a_period_that_ends_before_it_starts_is_refused_with_a_field_error(personas: Any, issue: Issue) -> None:
    response = ApiClient(issue(personas.lead, role="lead")).get("/o/alpha/dashboard?start=2026-05-01&end=2026-04-01")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert "end" in response.content.decode()
    for bad in ("0", "1/4/2026", "2026-13-01"):
        assert ApiClient(issue(personas.lead, role="lead")).get(f"/o/alpha/dashboard?start={bad}").status_code == 422


@pytest.mark.parametrize("role", [Role.STAFF, Role.CHAMPION, Role.QI_COACH])
def test_the_dashboard_is_for_leads_and_above(personas: Any, issue: Issue, role: str) -> None:
    membership = MembershipFactory(organisation=personas.org_a, role=role)
    assert ApiClient(issue(membership, role=role)).get("/o/alpha/dashboard").status_code == 403


def test_a_lead_token_of_a_staff_role_is_refused(personas: Any, issue: Issue) -> None:
    assert ApiClient(issue(personas.lead, role="staff")).get("/o/alpha/dashboard").status_code == 403


def test_another_organisations_dashboard_is_not_found(personas: Any, issue: Issue) -> None:
    other = personas.org_b.slug
    assert ApiClient(issue(personas.lead, role="lead")).get(f"/o/{other}/dashboard").status_code == 404
