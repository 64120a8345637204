"""Reports read daily aggregates; their output is pinned for the seeded random data below.

`data/reports_golden.json` was first written by the raw-row selectors (before the aggregates), and
rewritten once when every figure came to be read from one decision per week over the whole team
tree (issue 11, defect 6; `openqi.anonymity.grid`). Rewrite it only with a deliberate change to
the anonymity rule, and say so in the commit."""

import datetime
import json
import random
from pathlib import Path
from typing import Any

import pytest

from openqi.checkins.models import DEFAULT_REASONS, CheckIn
from openqi.checkins.selectors import checkin_organisation_overview, checkin_team_report
from openqi.factories import OrganisationFactory, TeamFactory

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "data" / "reports_golden.json"
TODAY = datetime.date(2026, 6, 17)


def seed_random_organisation() -> Any:
    """Two directorates, six wards and a team on its own, plus answers without a team:
    26 weeks of random daily counts, small enough that many buckets are suppressed."""
    organisation = OrganisationFactory(name="Golden Trust", slug="golden")
    medicine = TeamFactory(organisation=organisation, name="Medicine")
    surgery = TeamFactory(organisation=organisation, name="Surgery")
    teams = [
        TeamFactory(organisation=organisation, name=f"Ward {i}", parent=medicine if i < 4 else surgery)
        for i in range(6)
    ]
    teams.append(TeamFactory(organisation=organisation, name="Pharmacy"))
    rng = random.Random(6)
    rows = []
    for days_ago in range(26 * 7, 0, -1):
        day = TODAY - datetime.timedelta(days=days_ago)
        for index, team in enumerate([*teams, None, medicine]):
            for _ in range(rng.randint(0, [6, 4, 2, 1, 5, 3, 1, 1, 1][index])):
                rows.append(
                    CheckIn(
                        organisation=organisation,
                        team=team,
                        date=day,
                        score=rng.randint(1, 5),
                        reasons=rng.sample(DEFAULT_REASONS, rng.choice([0, 1, 2])),
                        comment=rng.choice(["", "", "", "", "More staff", "Good shift"]),
                        hidden=rng.random() < 0.1,
                    )
                )
    CheckIn.objects.bulk_create(rows)
    return organisation


def _cell(cell: Any) -> list[Any]:
    return [cell.label, cell.status, cell.responses, cell.good]


def report_snapshot(organisation: Any) -> dict[str, Any]:
    overview = checkin_organisation_overview(organisation=organisation, today=TODAY)
    snapshot: dict[str, Any] = {
        "overview": [_cell(overview.total)] + [[row.team.name, row.depth, *_cell(row.cell)] for row in overview.rows],
        "teams": {},
    }
    for row in overview.rows:
        report = checkin_team_report(organisation=organisation, team=row.team, today=TODAY)
        snapshot["teams"][row.team.name] = {
            "weeks": [_cell(c) for c in report.weeks],
            "days": [_cell(c) for c in report.days],
            "reasons": [list(r) for r in report.reasons],
            "reasons_shown": report.reasons_shown,
            "comments": sorted([c.week.isoformat(), c.text] for c in report.comments),
            "chart": [[p.y, p.cl, p.lcl, p.ucl, p.point_type] for p in report.chart.points],
            "summary": report.chart.summary,
        }
    return snapshot


def test_reports_from_aggregates_match_the_raw_row_reports() -> None:
    organisation = seed_random_organisation()
    _rebuild(organisation)
    assert json.loads(json.dumps(report_snapshot(organisation))) == json.loads(GOLDEN.read_text())


def _rebuild(organisation: Any) -> None:
    try:
        from openqi.checkins.aggregates import checkin_days_rebuild
    except ImportError:  # the raw-row selectors, when the golden file was written
        return
    checkin_days_rebuild(organisation=organisation)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit("Run through pytest.")
