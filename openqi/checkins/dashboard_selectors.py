"""Check-ins on the leaders' dashboards (issue 14): the weekly good-day share and participation
of an organisation (or a team's subtree) as p charts, and this week's count so far, read from
the same published decisions as every check-in page (`selectors.Weeks`).

`checkin_dashboards` answers several organisations at once (the ICS dashboard) from queries
grouped by organisation, each organisation decided over its own tree with its own k exactly as
on its own page; `checkin_dashboard` is the same function for one organisation (ADR 0034).
"""

import datetime
from collections.abc import Hashable
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone

from openqi.anonymity import effective_k
from openqi.checkins.decisions import ROOT, counts_read_of, node_of, tree_digest
from openqi.checkins.models import CheckInWeek
from openqi.checkins.selectors import Cell, TeamTree, Weeks, checkin_settings_of, complete_weeks
from openqi.organisations.models import Membership, Organisation, Role, Team
from openqi.spc import SeriesResult, analyse


@dataclass
class CheckinDashboard:
    """Weekly good-day share and participation for the whole organisation or a team's subtree,
    read from the same published decisions as every check-in page (complete weeks only), with
    both as p charts. Participation is responses over the most there could be: one a day for
    each member placed in the teams (partners left out); a week whose share is hidden is a gap in
    both charts."""

    k: int
    weeks: list[Cell]  # oldest first
    headcount: int
    good_chart: SeriesResult
    participation_chart: SeriesResult
    participation: list[float | None]  # per week, None where hidden
    this_week: int | None  # responses so far this week; None below k
    this_week_start: datetime.date


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _trees_of(organisations: list[Organisation]) -> dict[int, TeamTree]:
    """Each organisation's team tree from one query: only the ids and parents (`teams` is empty),
    as the check-in pages read the shape, since a model instance for each of an ICS trust's
    1,050 teams was half of a selector's time."""
    parents: dict[int, dict[int, int | None]] = {o.pk: {} for o in organisations}
    rows = Team.objects.filter(organisation__in=organisations).order_by()
    for org_id, pk, parent_pk in rows.values_list("organisation_id", "pk", "parent_id"):
        parents[org_id][pk] = parent_pk
    trees = {}
    for org_id, parent in parents.items():
        children: dict[int | None, list[int]] = {}
        for team_id, parent_id in parent.items():
            children.setdefault(parent_id, []).append(team_id)
        trees[org_id] = TeamTree(teams={}, parent=parent, children=children)
    return trees


def checkin_dashboard(
    *,
    organisation: Organisation,
    team: Team | None = None,
    today: datetime.date | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> CheckinDashboard:
    """One organisation's (or one of its teams') figures: `checkin_dashboards` for it alone."""
    return checkin_dashboards(organisations=[organisation], team=team, today=today, start=start, end=end)[
        organisation.pk
    ]


def checkin_dashboards(
    *,
    organisations: list[Organisation],
    team: Team | None = None,
    today: datetime.date | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> dict[int, CheckinDashboard]:
    """Each organisation's figures, by organisation id, for the whole organisation (or, with one
    organisation, `team` and the teams inside it). The queries are the same few whatever the
    number of organisations: settings, trees, counts, decisions (and their first publication),
    headcounts and this week's counts, each grouped by organisation."""
    if team is not None and (len(organisations) != 1 or team.organisation_id != organisations[0].pk):
        raise ValueError("The team belongs to another organisation.")
    if not organisations:
        return {}
    settings = checkin_settings_of(organisations=organisations)
    trees = _trees_of(organisations)
    ks = {o.pk: effective_k(settings[o.pk].reporting_k) for o in organisations}
    today = today or timezone.localdate()
    weeks = complete_weeks(today=today)
    if start is not None:
        weeks = [w for w in weeks if w >= _monday(start)]
    if end is not None:
        weeks = [w for w in weeks if w + datetime.timedelta(days=6) <= end]
    node: Hashable = ROOT if team is None else node_of(team.pk)
    decided = (
        Weeks.read_of(
            [
                (
                    o,
                    trees[o.pk],
                    ks[o.pk],
                    tree_digest(parent=trees[o.pk].parent, k=ks[o.pk], reasons=settings[o.pk].reasons),
                )
                for o in organisations
            ],
            weeks,
            nodes=[node],
        )
        if weeks
        else {}
    )
    subtree = trees[organisations[0].pk].subtree(team.pk) if team is not None else None
    members = Membership.objects.filter(organisation__in=organisations).exclude(role=Role.PARTNER)
    if subtree is not None:
        members = members.filter(team_id__in=subtree)
    headcounts = dict(
        members.order_by().values("organisation_id").annotate(n=Count("pk")).values_list("organisation_id", "n")
    )
    # The week under way: a count of answers, never their scores, and only from k upwards.
    this_monday = _monday(today)
    current = counts_read_of(
        organisations=organisations,
        daily=False,
        periods=[this_monday],
        nodes=None if subtree is None else [node_of(t) for t in subtree],
    )
    found = {}
    for organisation in organisations:
        k = ks[organisation.pk]
        cells = [decided[organisation.pk].week_cell(node, w) for w in weeks] if weeks else []
        headcount = headcounts.get(organisation.pk, 0)
        possible = headcount * 7
        so_far = sum(n for n, _good in current.get(organisation.pk, {}).values())
        found[organisation.pk] = CheckinDashboard(
            k=k,
            weeks=cells,
            headcount=headcount,
            good_chart=analyse(
                [c.good if c.status == "shown" else None for c in cells],
                chart="p",
                n=[c.responses if c.status == "shown" else None for c in cells],
                improvement="increase",
            ),
            participation_chart=analyse(
                [min(c.responses or 0, possible) if c.status == "shown" and possible else None for c in cells],
                chart="p",
                n=[possible if c.status == "shown" and possible else None for c in cells],
                improvement="increase",
            ),
            participation=[
                min((c.responses or 0) / possible, 1.0) if c.status == "shown" and possible else None for c in cells
            ],
            this_week=so_far if so_far >= k else None,
            this_week_start=this_monday,
        )
    return found


def checkin_dashboard_version(*, organisation: Organisation) -> str:
    """Changes with every new check-in (for live dashboards): one sum over this week's counts."""
    return checkin_dashboard_versions(organisations=[organisation])[organisation.pk]


def checkin_dashboard_versions(*, organisations: list[Organisation]) -> dict[int, str]:
    """`checkin_dashboard_version` of each organisation, from one sum grouped by organisation."""
    this_monday = _monday(timezone.localdate())
    totals = dict(
        CheckInWeek.objects.filter(organisation__in=organisations, week=this_monday)
        .order_by()
        .values("organisation_id")
        .annotate(n=Sum("responses"))
        .values_list("organisation_id", "n")
    )
    return {o.pk: str(totals.get(o.pk) or 0) for o in organisations}
