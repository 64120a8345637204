"""The ICS dashboard's cost does not grow with the number of organisations (issue 14, ADR 0034):
each tile is built for every organisation at once from queries grouped by organisation, and the
live version is three grouped counts. Every organisation here has ideas (one anonymous), a
campaign, a year of check-ins (so the first view publishes the weeks' decisions), projects with
PDSA cycles, measures, a champion and a training level, so every tile's queries run."""

import datetime
from dataclasses import replace
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openqi.checkins.aggregates import checkin_days_rebuild
from openqi.checkins.models import CheckIn, CheckInDecision
from openqi.conftest import client_for
from openqi.core.dashboard_tiles import DashboardScope, tile_spec, tile_specs
from openqi.factories import (
    MembershipFactory,
    OrganisationFactory,
    SystemFactory,
    SystemMembershipFactory,
    TeamFactory,
)
from openqi.ideas.models import Campaign, Idea
from openqi.measures.models import Measure
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Organisation
from openqi.projects.models import PdsaCycle, Project
from openqi.recognition.models import Champion
from openqi.training.models import Level

pytestmark = pytest.mark.django_db

# The ICS page's first view, whatever the number of organisations (an upper bound, so a new
# tile's few grouped queries need a deliberate change here, not a new query per organisation).
ICS_FIRST_VIEW_QUERIES = 80
ICS_LIVE_QUERIES = 12


def _organisation_with_data(system: Any, n: int) -> Any:
    organisation: Any = OrganisationFactory(system=system, name=f"Trust {n:02d}", slug=f"trust-{n:02d}")
    ward: Any = TeamFactory(organisation=organisation, name=f"Ward {n}")
    member: Any = MembershipFactory(organisation=organisation, team=ward, role="staff")
    today = timezone.localdate()
    Idea.objects.bulk_create(
        Idea(
            organisation=organisation,
            title=f"Idea {i}",
            problem="A problem",
            suggestion="A change",
            team=ward,
            identity="anonymous" if i == 0 else "named",
            submitted_on=today - datetime.timedelta(days=i),
        )
        for i in range(3)
    )
    Campaign.objects.create(
        organisation=organisation,
        title=f"Five ideas {n}",
        question="What would help?",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=10),
        target=5,
    )
    monday = today - datetime.timedelta(days=today.weekday())
    CheckIn.objects.bulk_create(
        CheckIn(
            organisation=organisation,
            team=ward,
            date=monday - datetime.timedelta(weeks=w, days=d),
            score=4,
            reasons=[],
        )
        for w in range(1, 30)
        for d in range(2)
        for _ in range(7)
    )
    checkin_days_rebuild(organisation=organisation)
    project = Project.objects.create(
        organisation=organisation, title=f"Project {n}", problem="A problem", team=ward, stage="test"
    )
    PdsaCycle.objects.create(
        project=project,
        organisation=organisation,
        number=1,
        objective="Test",
        question="Q",
        prediction="P",
        status="adopted",
        act_decision="adopt",
        completed_on=today,
    )
    Measure.objects.create(
        organisation=organisation, name=f"Falls {n}", measure_type="kpi", what_counted="Falls", unit="falls"
    )
    Champion.objects.create(
        organisation=organisation, user=member.user, team=ward, status="approved", focus="ideas", contact="x1234"
    )
    return organisation


def _ics(count: int) -> tuple[Any, Any]:
    system: Any = SystemFactory()
    Level.objects.create(system=system, name="Foundations", rank=1)
    Level.objects.create(system=system, name="Leader", rank=3)
    for n in range(count):
        _organisation_with_data(system, n)
    executive = SystemMembershipFactory(system=system, role="executive").user
    return system, client_for(executive)


def _first_view_queries(system: Any, client: Any) -> int:
    CheckInDecision.objects.filter(organisation__system=system).delete()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/system/dashboards/{system.slug}/")
    assert page.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("count", [2, 5], ids=["two-organisations", "five-organisations"])
def test_the_ics_dashboards_first_view_stays_within_its_query_budget(
    count: int, django_assert_max_num_queries: Any
) -> None:
    system, client = _ics(count)
    CheckInDecision.objects.filter(organisation__system=system).delete()
    cache.clear()
    with django_assert_max_num_queries(ICS_FIRST_VIEW_QUERIES):
        page = client.get(f"/system/dashboards/{system.slug}/").content.decode()
    assert "Trust 00" in page and f"Trust {count - 1:02d}" in page
    assert (
        CheckInDecision.objects.filter(organisation__system=system).order_by().values("organisation").distinct().count()
        == count
    )
    with django_assert_max_num_queries(ICS_LIVE_QUERIES):
        assert client.get(f"/system/dashboards/{system.slug}/live/").status_code == 200


def test_the_ics_dashboard_costs_the_same_queries_for_two_organisations_as_for_five() -> None:
    system, client = _ics(2)
    at_two = _first_view_queries(system, client)
    again_at_two = _first_view_queries(system, client)
    for n in range(2, 5):
        _organisation_with_data(system, n)
    at_five = _first_view_queries(system, client)
    assert at_two == again_at_two == at_five, (at_two, again_at_two, at_five)
    with CaptureQueriesContext(connection) as two_live:
        client.get(f"/system/dashboards/{system.slug}/live/")
    assert len(two_live.captured_queries) <= ICS_LIVE_QUERIES


def test_each_tile_built_for_several_organisations_says_what_it_says_for_each_alone() -> None:
    """The grouped builders are the per-organisation ones: the same figures, the same hidden
    cells (a week of seven check-ins stays hidden under k=11 in the organisation that has it)."""
    system, _client = _ics(3)
    quiet = Organisation.objects.get(system=system, slug="trust-02")
    CheckIn.objects.filter(organisation=quiet, date__gte=timezone.localdate() - datetime.timedelta(weeks=3)).filter(
        pk__in=CheckIn.objects.filter(organisation=quiet).values("pk")[:7]
    ).delete()
    checkin_days_rebuild(organisation=quiet)
    executive: Any = SystemMembershipFactory(system=system, role="executive").user
    scopes = [
        DashboardScope(
            access=OrgAccess(organisation=o, membership=None, is_system_admin=False),
            user_id=executive.pk,
            today=timezone.localdate(),
        )
        for o in Organisation.objects.filter(system=system).order_by("slug")
    ]

    def comparable(tile: Any) -> Any:  # chart presenters compare by identity: compare what they say
        return replace(tile, charts=[(c.title, c.summary) for c in tile.charts]) if tile is not None else None

    for spec in tile_specs():
        together = [comparable(t) for t in spec.build_many(scopes)]
        alone = [comparable(spec.build_one(scope)) for scope in scopes]
        assert together == alone, spec.key
    checkins = tile_spec("checkins")
    assert checkins is not None
    rows = [tile.table.rows for tile in checkins.build_many(scopes) if tile is not None]
    assert any("fewer than 11 responses" in row for table in rows for row in table)
    assert any(row[2] == "100%" for table in rows for row in table)
