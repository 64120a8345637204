"""The champions tile of the leaders' dashboards (issue 19): champions per team against one per
team, and ideas and check-ins in teams with a champion and without one. Registered with
`core.dashboard_tiles` in this app's `ready()`, so the dashboards app does not need to know it.

Anonymous ideas count in a team's total as they do on the ideas tile; they are never used to say
who did anything. Check-in counts follow the check-ins' own k rule, with complementary suppression
between the two groups (`checkins.selectors.checkin_responses_for_team_groups`)."""

import datetime

from django.db.models import Count
from django.urls import reverse

from openqi.checkins.selectors import checkin_responses_for_team_groups_of
from openqi.core.dashboard_tiles import DashboardScope, Link, Table, TileData, scopes_common
from openqi.ideas.selectors.dashboard import idea_dashboard_ideas
from openqi.organisations.models import Organisation
from openqi.organisations.selectors import team_names_of
from openqi.recognition.selectors import champion_counts_by_team_of

# The usual aim, one champion in every team (a ward, a department); the tile counts against it.
TARGET_PER_TEAM = 1
PERIOD_DAYS = 90


def champions_tiles(scopes: list[DashboardScope]) -> list[TileData | None]:
    """Every organisation's tile from the same grouped queries (the ICS page); one organisation's
    or team's page calls this with its one scope."""
    common = scopes_common(scopes)
    organisations = [s.organisation for s in scopes]
    teams_of = team_names_of(organisations=organisations)
    per_team = champion_counts_by_team_of(organisations=organisations)
    champions = {org_id: sum(per_team.get(pk, 0) for pk, _ in teams) for org_id, teams in teams_of.items()}
    if common.team_ids is not None:
        wanted = set(common.team_ids)
        teams_of = {org_id: [(pk, n) for pk, n in teams if pk in wanted] for org_id, teams in teams_of.items()}
    end = common.end or common.today
    start = common.start or end - datetime.timedelta(days=PERIOD_DAYS)
    every_team = [pk for teams in teams_of.values() for pk, _name in teams]
    ideas = _ideas_by_team(organisations, common, start, end, every_team) if every_team else {}
    groups = {
        o: {
            "with": [pk for pk, _ in teams_of[o.pk] if per_team.get(pk, 0) >= 1],
            "without": [pk for pk, _ in teams_of[o.pk] if per_team.get(pk, 0) < 1],
        }
        for o in organisations
        if teams_of[o.pk]
    }
    checkins = checkin_responses_for_team_groups_of(groups=groups, start=start, end=end) if groups else {}
    return [
        _champions_tile(
            scope,
            teams_of[scope.organisation.pk],
            per_team,
            champions[scope.organisation.pk],
            ideas,
            checkins.get(scope.organisation.pk),
            start,
            end,
        )
        for scope in scopes
    ]


def _champions_tile(
    scope: DashboardScope,
    teams: list[tuple[int, str]],
    per_team: dict[int, int],
    champions: int,
    ideas: dict[int, int],
    checkins: dict[str, int | None] | None,
    start: datetime.date,
    end: datetime.date,
) -> TileData | None:
    if not teams or checkins is None:
        return None
    with_ids = [pk for pk, _ in teams if per_team.get(pk, 0) >= 1]
    without_ids = [pk for pk, _ in teams if per_team.get(pk, 0) < 1]
    rows: list[list[object]] = []
    for label, ids, group in (("With a champion", with_ids, "with"), ("Without a champion", without_ids, "without")):
        idea_count = sum(ideas.get(pk, 0) for pk in ids)
        shown = checkins[group]
        rows.append(
            [
                label,
                len(ids),
                idea_count,
                round(idea_count / len(ids), 1) if ids else "",
                "fewer than k" if shown is None and ids else (shown if ids else ""),
            ]
        )
    covered = len(with_ids)
    summary = (
        f"{covered} of {len(teams)} teams have a champion (aim: {TARGET_PER_TEAM} in every team); "
        f"in the {(end - start).days} days to {end:%d %B %Y}, teams with a champion shared "
        f"{rows[0][3] or 0} ideas each and teams without one {rows[1][3] or 0}."
    )
    return TileData(
        key="champions",
        title="Champions",
        section="People and capability",
        summary=summary,
        table=Table(
            "Ideas and check-ins in teams with and without a champion",
            ["Teams", "Number of teams", "Ideas shared", "Ideas per team", "Check-ins"],
            rows,
        ),
        figures=[
            ("Champions", champions),
            ("Teams with a champion", f"{covered} of {len(teams)}"),
        ],
        links=[Link("Champions directory", reverse("recognition:champion_list", args=[scope.organisation.slug]))],
        note="Check-in counts are shown only for groups of teams with enough check-ins to keep people anonymous.",
    )


def _ideas_by_team(
    organisations: list[Organisation],
    common: DashboardScope,
    start: datetime.date,
    end: datetime.date,
    team_ids: list[int],
) -> dict[int, int]:
    rows = (
        idea_dashboard_ideas(organisations=organisations, start=start, end=end, team_ids=team_ids, domain=common.domain)
        .values("team_id")
        .annotate(n=Count("id"))
    )
    return {row["team_id"]: row["n"] for row in rows}
