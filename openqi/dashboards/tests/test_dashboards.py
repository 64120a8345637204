"""What the dashboards show and how: the tile registry, filters, the live version, exports in
the audit trail, peer benchmarking of like measures across an ICS, and the header link."""

import datetime
from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for, give_totp
from openqi.core import dashboard_tiles as tiles
from openqi.core.dashboard_tiles import DashboardScope, Table, TileData, TileSpec, tile_register, tile_specs
from openqi.factories import MembershipFactory, SystemMembershipFactory, TeamFactory
from openqi.ideas.services import idea_submit
from openqi.measures.models import Measure

pytestmark = pytest.mark.django_db


def _idea(personas: Any, title: str = "Quieter night shifts", domains: list[str] | None = None) -> None:
    idea_submit(
        actor=personas.member.user,
        organisation=personas.org_a,
        title=title,
        problem="Alarms wake patients.",
        suggestion="Dim the alarms at night.",
        identity="named",
        team=personas.member.team,
        domains=domains or [],
    )


def test_another_app_adds_a_tile_through_the_registry_and_a_key_cannot_be_taken_twice(
    personas: Any, lead_client: Client
) -> None:
    def training(scope: DashboardScope) -> TileData:
        return TileData(
            key="training",
            title="People trained",
            section="Improvement work",
            summary=f"Nobody in {scope.organisation.name} is trained yet.",
            table=Table("People trained by level", ["Level", "People"], [["Foundations", 0]]),
        )

    spec = TileSpec("training", "People trained", "Improvement work", 90, training)
    tile_register(spec)
    try:
        page = lead_client.get(f"/o/{personas.org_a.slug}/dashboards/").content.decode()
        assert "Nobody in Alpha Hospitals NHS Trust is trained yet." in page
        export = lead_client.get(f"/o/{personas.org_a.slug}/dashboards/export/training/csv/")
        assert export.content.decode("utf-8-sig").splitlines() == ["Level,People", "Foundations,0"]
        with pytest.raises(ValueError, match="already registered"):
            tile_register(TileSpec("training", "Other", "Improvement work", 1, lambda scope: None))
    finally:
        tiles._tiles.pop("training")  # the registry's own storage, reset for other tests
    assert "training" not in [s.key for s in tile_specs()]


def test_filters_narrow_ideas_by_domain_and_a_bad_period_is_explained_and_ignored(
    personas: Any, lead_client: Client
) -> None:
    _idea(personas, "Safer hand-overs", ["safe"])
    _idea(personas, "Faster discharge letters", ["timely"])
    base = f"/o/{personas.org_a.slug}/dashboards/"
    page = lead_client.get(base, {"domain": "safe"}).content.decode()
    assert 'data-figure="ideas-1">1<' in page
    bad = lead_client.get(
        base,
        {
            "start-day": "2",
            "start-month": "3",
            "start-year": "2026",
            "end-day": "1",
            "end-month": "3",
            "end-year": "2026",
        },
    ).content.decode()
    assert "There is a problem" in bad
    assert "To must be the same as or after From" in bad
    assert 'data-figure="ideas-1">2<' in bad  # nothing filtered by a period that is not one
    future = datetime.date.today() + datetime.timedelta(days=40)
    page = lead_client.get(
        base,
        {
            "start-day": "1",
            "start-month": "1",
            "start-year": "2020",
            "end-day": str(future.day),
            "end-month": str(future.month),
            "end-year": str(future.year),
        },
    ).content.decode()
    assert 'data-figure="ideas-1">2<' in page


def test_the_team_filter_narrows_to_the_team_and_the_teams_inside_it(personas: Any, lead_client: Client) -> None:
    _idea(personas)
    base = f"/o/{personas.org_a.slug}/dashboards/"
    other = TeamFactory(organisation=personas.org_a, name="Ward 2")
    assert 'data-figure="ideas-1">0<' in lead_client.get(base, {"team": str(other.pk)}).content.decode()
    assert 'data-figure="ideas-1">1<' in lead_client.get(base, {"team": str(personas.member.team.pk)}).content.decode()


def test_the_live_address_answers_304_until_a_new_idea_arrives(personas: Any, lead_client: Client) -> None:
    url = f"/o/{personas.org_a.slug}/dashboards/live/"
    first = lead_client.get(url)
    etag = first["ETag"]
    assert lead_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    _idea(personas)
    changed = lead_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_every_export_is_in_the_audit_trail(personas: Any, lead_client: Client) -> None:
    lead_client.get(f"/o/{personas.org_a.slug}/dashboards/export/projects/csv/?domain=safe")
    event = AuditEvent.objects.get(action="dashboard.export")
    assert event.organisation_id == personas.org_a.pk
    assert event.detail["file"] == "dashboard-alpha-projects.csv"


def test_unknown_tiles_and_formats_are_not_found(personas: Any, lead_client: Client) -> None:
    base = f"/o/{personas.org_a.slug}/dashboards/export/"
    assert lead_client.get(f"{base}nothing/csv/").status_code == 404
    assert lead_client.get(f"{base}ideas/pdf/").status_code == 404


def _kpi(organisation: Any, name: str, value: float, **extra: Any) -> Measure:
    return Measure.objects.create(
        organisation=organisation,
        name=name,
        measure_type="kpi",
        what_counted="Days lost to sickness as a percentage of available days",
        unit="%",
        chart_type="i",
        latest_value=value,
        latest_period=datetime.date(2026, 10, 1),
        **extra,
    )


def test_the_ics_compares_like_measures_across_organisations_and_leaves_team_only_ones_out(personas: Any) -> None:
    _kpi(personas.org_a, "Sickness absence", 5.2)
    _kpi(personas.org_b, "Staff sickness", 4.4)
    _kpi(personas.org_b, "Ward sickness (team only)", 9.9, visibility="team", team=None)
    executive = SystemMembershipFactory(system=personas.org_a.system, role="executive").user
    client = client_for(executive)
    page = client.get(f"/system/dashboards/{personas.org_a.system.slug}/").content.decode()
    assert "Peer benchmarking" in page
    assert "2 organisations measure “Sickness absence” the same way" in page
    assert "from 4.4 to 5.2 %" in page
    assert "9.9" not in page
    rows = client.get(f"/system/dashboards/{personas.org_a.system.slug}/export/benchmark/csv/")
    lines = rows.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Organisation,Measure,Latest value,Period"
    assert len(lines) == 3


def test_the_ics_dashboard_shows_each_organisation_side_by_side(personas: Any) -> None:
    _idea(personas)
    admin = SystemMembershipFactory(system=personas.org_a.system, role="system_admin").user
    give_totp(admin)
    page = client_for(admin).get(f"/system/dashboards/{personas.org_a.system.slug}/").content.decode()
    assert "Ideas by stage by organisation" in page
    assert personas.org_a.name in page and personas.org_b.name in page


def test_the_header_offers_dashboards_to_those_who_may_open_them(
    personas: Any, lead_client: Client, member_client: Client
) -> None:
    org_page = f"/o/{personas.org_a.slug}/ideas/"
    assert f'href="/o/{personas.org_a.slug}/dashboards/"' in lead_client.get(org_page).content.decode()
    assert f'href="/o/{personas.org_a.slug}/dashboards/"' in member_client.get(org_page).content.decode()
    no_team = client_for(MembershipFactory(organisation=personas.org_a, role="staff").user)
    assert f'href="/o/{personas.org_a.slug}/dashboards/"' not in no_team.get(org_page).content.decode()
    executive = SystemMembershipFactory(system=personas.org_a.system, role="executive").user
    assert 'href="/system/dashboards/"' in client_for(executive).get("/").content.decode()


def test_the_ics_page_keeps_each_organisations_figures_only_until_a_new_idea_arrives(personas: Any) -> None:
    executive = SystemMembershipFactory(system=personas.org_a.system, role="executive").user
    client = client_for(executive)
    url = f"/system/dashboards/{personas.org_a.system.slug}/"
    client.get(url)
    _idea(personas)
    rows = client.get(f"{url}export/ideas/csv/").content.decode("utf-8-sig")
    assert f"{personas.org_a.name},1," in rows
