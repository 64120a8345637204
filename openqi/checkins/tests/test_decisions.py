"""Each complete week's decision is published once and read back by every page."""

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openqi.checkins.decisions import _publish, decisions_forget
from openqi.checkins.models import CheckInDecision, CheckInShownCell
from openqi.checkins.selectors import checkin_organisation_overview, checkin_team_report
from openqi.checkins.services import checkin_decisions_publish
from openqi.checkins.tests.helpers import add_checkins, last_week
from openqi.factories import OrganisationFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def wards(personas: Any) -> dict[str, Any]:
    medicine = TeamFactory(organisation=personas.org_a, name="Medicine")
    found = {
        "medicine": medicine,
        "big": TeamFactory(organisation=personas.org_a, name="Ward Big", parent=medicine),
        "middle": TeamFactory(organisation=personas.org_a, name="Ward Middle", parent=medicine),
        "small": TeamFactory(organisation=personas.org_a, name="Ward Small", parent=medicine),
    }
    for weeks_ago, counts in ((0, (40, 15, 4)), (1, (30, 12, 12)), (3, (25, 3, 20))):
        week = last_week() - datetime.timedelta(weeks=weeks_ago)
        for offset, (name, count) in enumerate(zip(("big", "middle", "small"), counts, strict=True)):
            add_checkins(personas.org_a, found[name], count, day=week + datetime.timedelta(days=offset))
    return found


def _shown(report: Any) -> tuple[list[Any], list[Any], list[Any]]:
    return (
        [(c.status, c.responses, c.good) for c in report.weeks],
        [(c.status, c.responses, c.good) for c in report.days],
        report.reasons,
    )


def test_the_first_report_publishes_each_complete_week_and_a_second_reads_the_same_figures(
    personas: Any, wards: dict[str, Any]
) -> None:
    first = checkin_team_report(organisation=personas.org_a, team=wards["middle"])
    assert CheckInDecision.objects.filter(organisation=personas.org_a, kind="week").count() == 22
    assert CheckInDecision.objects.filter(organisation=personas.org_a, kind="days").count() == 2
    for name in ("middle", "small", "medicine", "big"):
        published = checkin_team_report(organisation=personas.org_a, team=wards[name])
        decisions_forget(organisation_id=personas.org_a.pk)
        decided_afresh = checkin_team_report(organisation=personas.org_a, team=wards[name])
        assert _shown(published) == _shown(decided_afresh)
    assert _shown(first) == _shown(checkin_team_report(organisation=personas.org_a, team=wards["middle"]))


def test_a_team_page_reads_the_published_decision_and_not_every_teams_counts(
    personas: Any, wards: dict[str, Any]
) -> None:
    checkin_team_report(organisation=personas.org_a, team=wards["big"])
    week = CheckInDecision.objects.get(organisation=personas.org_a, kind="days", period=last_week())
    CheckInShownCell.objects.filter(decision=week, team=wards["big"].pk).delete()  # as if it were hidden
    with CaptureQueriesContext(connection) as queries:
        report = checkin_team_report(organisation=personas.org_a, team=wards["big"])
    assert report.weeks[-1].status == "complementary"
    reads = " ".join(q["sql"] for q in queries.captured_queries if 'checkins_checkinweek"' in q["sql"])
    assert f"IN ({wards['big'].pk})" in reads.replace("%s", str(wards["big"].pk))


def test_a_check_in_added_to_a_complete_week_has_that_week_decided_again(personas: Any, wards: dict[str, Any]) -> None:
    before = checkin_team_report(organisation=personas.org_a, team=wards["small"])
    assert before.weeks[-1].status == "below_k"
    add_checkins(personas.org_a, wards["small"], 20, day=last_week())
    after = checkin_team_report(organisation=personas.org_a, team=wards["small"])
    assert after.weeks[-1].responses == 24


def test_a_new_team_makes_new_decisions_and_the_old_ones_are_deleted(personas: Any, wards: dict[str, Any]) -> None:
    checkin_organisation_overview(organisation=personas.org_a)
    old = set(CheckInDecision.objects.filter(organisation=personas.org_a).values_list("tree", flat=True))
    TeamFactory(organisation=personas.org_a, name="Ward New", parent=wards["medicine"])
    checkin_organisation_overview(organisation=personas.org_a)
    new = set(CheckInDecision.objects.filter(organisation=personas.org_a).values_list("tree", flat=True))
    assert len(old) == len(new) == 1
    assert old != new


def test_a_decision_published_twice_is_kept_once_without_an_error(personas: Any) -> None:
    organisation = OrganisationFactory()
    week = last_week()
    _publish(organisation, "t" * 64, "week", week, [CheckInShownCell(team=None)])
    _publish(organisation, "t" * 64, "week", week, [CheckInShownCell(team=None), CheckInShownCell(team=1)])
    decision = CheckInDecision.objects.get(organisation=organisation)
    assert decision.cells.count() == 1


def test_the_nightly_job_publishes_the_weeks_so_the_first_reader_decides_nothing(
    personas: Any, wards: dict[str, Any]
) -> None:
    call_command("checkins_purge", stdout=io.StringIO())
    published = CheckInDecision.objects.filter(organisation=personas.org_a).count()
    assert published == 24 + 2 + 1  # every week as one bucket, the last two by day, the reasons' block
    report = checkin_team_report(organisation=personas.org_a, team=wards["big"])
    checkin_organisation_overview(organisation=personas.org_a)
    assert CheckInDecision.objects.filter(organisation=personas.org_a).count() == published
    assert checkin_decisions_publish(organisation=personas.org_a) == 0
    decisions_forget(organisation_id=personas.org_a.pk)
    assert _shown(report) == _shown(checkin_team_report(organisation=personas.org_a, team=wards["big"]))
