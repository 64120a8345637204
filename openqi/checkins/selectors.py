"""Reading check-ins. Every report goes through `suppression` with the organisation's k.

Reports use complete weeks only (Monday to Sunday, up to last Sunday): a bucket that still grows
would let someone who watches the page learn each new answer by difference. Team counts for a
four-week block come from one organisation-wide decision, so the overview and a team's page
always agree on what is shown.
"""

import datetime
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from django.db.models import Case, DateField, F, Sum, Value, When
from django.utils import timezone

from openqi.accounts.models import User
from openqi.anonymity import Bucket, Decision, effective_k, suppress, suppress_counts
from openqi.checkins.models import (
    GOOD_SCORES,
    CheckIn,
    CheckInDay,
    CheckInDayKey,
    CheckInMarker,
    CheckinSettings,
    CheckInWeek,
    CheckInWeekReason,
    KioskDevice,
    marker_digest,
)
from openqi.organisations.models import Organisation, Team
from openqi.spc import SeriesResult, analyse

WEEKS_SHOWN = 24
BLOCK_WEEKS = 4
COMMENT_WEEKS = 4


def checkin_settings_get(*, organisation: Organisation) -> CheckinSettings:
    """The organisation's settings, or the defaults (unsaved) when none have been chosen."""
    found = CheckinSettings.objects.filter(organisation=organisation).first()
    return found if found is not None else CheckinSettings(organisation=organisation)


def checkin_done_today(*, user: User, organisation: Organisation) -> bool:
    today = timezone.localdate()
    key = CheckInDayKey.objects.filter(date=today).values_list("key", flat=True).first()
    if key is None:
        return False
    digest = marker_digest(key=bytes.fromhex(key), organisation_id=organisation.pk, user_id=user.pk, day=today)
    return CheckInMarker.objects.filter(digest=digest).exists()


def checkin_get(*, organisation: Organisation, checkin_id: str) -> CheckIn | None:
    return CheckIn.objects.filter(organisation=organisation, pk=checkin_id).first()


def team_get(*, organisation: Organisation, team_id: int) -> Team | None:
    return Team.objects.filter(organisation=organisation, pk=team_id).first()


def kiosk_list(*, organisation: Organisation) -> list[KioskDevice]:
    return list(KioskDevice.objects.filter(organisation=organisation).select_related("team"))


def kiosk_get(*, organisation: Organisation, kiosk_id: int) -> KioskDevice | None:
    return KioskDevice.objects.filter(organisation=organisation, pk=kiosk_id).first()


# ---- calendar -------------------------------------------------------------------------------


def complete_weeks(*, today: datetime.date, count: int = WEEKS_SHOWN) -> list[datetime.date]:
    """Mondays of the last `count` complete weeks, oldest first."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    return [this_monday - datetime.timedelta(weeks=n) for n in range(count, 0, -1)]


def _blocks(weeks: list[datetime.date]) -> list[list[datetime.date]]:
    """Weeks in blocks of four, aligned so the newest block is always the last four weeks."""
    newest_first = list(reversed(weeks))
    blocks = [list(reversed(newest_first[i : i + BLOCK_WEEKS])) for i in range(0, len(newest_first), BLOCK_WEEKS)]
    return list(reversed(blocks))


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


# ---- teams ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamTree:
    teams: dict[int, Team]
    parent: dict[int, int | None]
    children: dict[int | None, list[int]]

    def subtree(self, team_id: int) -> list[int]:
        found = [team_id]
        for child in self.children.get(team_id, []):
            found += self.subtree(child)
        return found

    def outline(self) -> list[tuple[Team, int]]:
        ordered: list[tuple[Team, int]] = []

        def walk(parent: int | None, depth: int) -> None:
            for team_id in sorted(self.children.get(parent, []), key=lambda t: self.teams[t].name):
                ordered.append((self.teams[team_id], depth))
                walk(team_id, depth + 1)

        walk(None, 0)
        return ordered


def _team_tree(organisation: Organisation) -> TeamTree:
    teams = {t.pk: t for t in Team.objects.filter(organisation=organisation)}
    parent = {t.pk: t.parent_id for t in teams.values()}
    children: dict[int | None, list[int]] = {}
    for team_id, parent_id in parent.items():
        children.setdefault(parent_id, []).append(team_id)
    return TeamTree(teams=teams, parent=parent, children=children)


# ---- shared cells ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One displayed bucket: counts only when it may be shown."""

    label: str
    key: Hashable
    responses: int | None
    good: int | None
    status: str  # shown · empty · below_k · complementary

    @property
    def shown(self) -> bool:
        return self.status in ("shown", "empty")

    @property
    def good_share(self) -> float | None:
        if not self.responses or self.good is None:
            return None
        return self.good / self.responses


def _cell(label: str, key: Hashable, n: int, good: int, decision: Decision | None, k: int) -> Cell:
    """A bucket as displayed. `decision` is None when its parent is hidden, so it is hidden too."""
    if n == 0:
        return Cell(label=label, key=key, responses=0, good=0, status="empty")
    if decision is not None and decision.shows(key):
        return Cell(label=label, key=key, responses=n, good=good, status="shown")
    return Cell(label=label, key=key, responses=None, good=None, status="below_k" if n < k else "complementary")


# The aggregate columns of GOOD_SCORES (very good and good).
_GOOD = sum((F(f"score_{int(score)}") for score in GOOD_SCORES[1:]), F(f"score_{int(GOOD_SCORES[0])}"))


def _team_totals(organisation: Organisation, weeks: list[datetime.date]) -> dict:
    """(responses, good) by team over complete weeks, summed from the weekly aggregates."""
    rows = (
        CheckInWeek.objects.filter(organisation=organisation, week__gte=weeks[0], week__lte=weeks[-1])
        .values("team_id")
        .annotate(n=Sum("responses"), good=Sum(_GOOD))
        .order_by()
    )
    return {row["team_id"]: (row["n"], row["good"]) for row in rows}


def _team_totals_by_block(organisation: Organisation, blocks: list[list[datetime.date]]) -> dict:
    """`_team_totals` for each four-week block in one query: block Monday → team → counts."""
    block_of = Case(
        *(When(week__gte=b[0], week__lte=b[-1], then=Value(b[0])) for b in blocks),
        output_field=DateField(),
    )
    rows = (
        CheckInWeek.objects.filter(organisation=organisation, week__gte=blocks[0][0], week__lte=blocks[-1][-1])
        .annotate(block=block_of)
        .values("block", "team_id")
        .annotate(n=Sum("responses"), good=Sum(_GOOD))
        .order_by()
    )
    found: dict[datetime.date, dict] = {b[0]: {} for b in blocks}
    for row in rows:
        found[row["block"]][row["team_id"]] = (row["n"], row["good"])
    return found


def _daily_totals(organisation: Organisation, teams: set[int], start: datetime.date, end: datetime.date) -> dict:
    """(responses, good) by day for a set of teams."""
    rows = (
        CheckInDay.objects.filter(organisation=organisation, team_id__in=teams, date__gte=start, date__lte=end)
        .values("date")
        .annotate(n=Sum("responses"), good=Sum(_GOOD))
        .order_by()
    )
    return {row["date"]: (row["n"], row["good"]) for row in rows}


def _organisation_decision(
    tree: TeamTree, by_team: dict[int | None, tuple[int, int]], k: int
) -> tuple[Decision, dict[Hashable, tuple[int, int]]]:
    """Organisation → directorates → teams for one period, with complementary suppression."""
    root: Hashable = ("org",)
    sums: dict[Hashable, tuple[int, int]] = {}

    def subtotal(team_id: int) -> tuple[int, int]:
        n, good = by_team.get(team_id, (0, 0))
        for child in tree.children.get(team_id, []):
            cn, cg = subtotal(child)
            n, good = n + cn, good + cg
        sums[("team", team_id)] = (n, good)
        return n, good

    for top in tree.children.get(None, []):
        subtotal(top)
    sums[root] = (sum(v[0] for v in by_team.values()), sum(v[1] for v in by_team.values()))
    buckets = [Bucket(root, sums[root][0])] + [
        Bucket(("team", t), sums[("team", t)][0], parent=("team", tree.parent[t]) if tree.parent[t] else root)
        for t in tree.teams
    ]
    return suppress(buckets, k), sums


# ---- organisation overview ------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    team: Team | None
    depth: int
    cell: Cell


@dataclass(frozen=True)
class Overview:
    k: int
    start: datetime.date
    end: datetime.date
    total: Cell
    rows: list[OverviewRow]


def checkin_organisation_overview(*, organisation: Organisation, today: datetime.date | None = None) -> Overview:
    """Every team's good-day share over the last four complete weeks."""
    k = effective_k(checkin_settings_get(organisation=organisation).reporting_k)
    weeks = complete_weeks(today=today or timezone.localdate(), count=BLOCK_WEEKS)
    start, end = weeks[0], weeks[-1] + datetime.timedelta(days=6)
    tree = _team_tree(organisation)
    by_team = _team_totals(organisation, weeks)
    decision, sums = _organisation_decision(tree, by_team, k)
    total = _cell(organisation.name, ("org",), *sums[("org",)], decision, k)
    rows = [
        OverviewRow(
            team=team, depth=depth, cell=_cell(team.name, ("team", team.pk), *sums[("team", team.pk)], decision, k)
        )
        for team, depth in tree.outline()
    ]
    return Overview(k=k, start=start, end=end, total=total, rows=rows)


# ---- team report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    id: str
    week: datetime.date
    text: str


@dataclass
class TeamReport:
    k: int
    team: Team
    weeks: list[Cell]  # oldest first
    days: list[Cell]  # the last two complete weeks, oldest first
    reasons: list[tuple[str, int | None]]  # most often chosen first; None below k
    reasons_period: tuple[datetime.date, datetime.date]
    reasons_shown: bool
    comments: list[Comment]
    chart: SeriesResult
    chart_weeks: list[Cell] = field(default_factory=list)


def checkin_team_report(*, organisation: Organisation, team: Team, today: datetime.date | None = None) -> TeamReport:
    """A team (with the teams inside it) by week and day, reasons, comments and a p chart."""
    if team.organisation_id != organisation.pk:
        raise ValueError("The team belongs to another organisation.")
    settings = checkin_settings_get(organisation=organisation)
    k = effective_k(settings.reporting_k)
    weeks = complete_weeks(today=today or timezone.localdate())
    start, end = weeks[0], weeks[-1] + datetime.timedelta(days=6)
    tree = _team_tree(organisation)
    members = set(tree.subtree(team.pk))
    by_date = _daily_totals(organisation, members, start, end)
    by_block = _team_totals_by_block(organisation, _blocks(weeks))

    week_cells: dict[datetime.date, Cell] = {}
    block_shown: dict[datetime.date, bool] = {}
    day_cells: dict[datetime.date, Cell] = {}
    for block in _blocks(weeks):
        org_decision, _ = _organisation_decision(tree, by_block[block[0]], k)
        shown = org_decision.shows(("team", team.pk))
        block_shown[block[0]] = shown
        per_week = {w: _sum(by_date.get(w + datetime.timedelta(days=d), (0, 0)) for d in range(7)) for w in block}
        block_total = sum(n for n, _ in per_week.values())
        week_decision = (
            suppress_counts({w: n for w, (n, _) in per_week.items()}, total=block_total, k=k) if shown else None
        )
        for w in block:
            n, good = per_week[w]
            cell = _cell(f"{w.day} {w:%b %Y}", w, n, good, week_decision, k)
            week_cells[w] = cell
            days = {
                w + datetime.timedelta(days=d): by_date.get(w + datetime.timedelta(days=d), (0, 0)) for d in range(7)
            }
            day_decision = suppress_counts({d: v[0] for d, v in days.items()}, total=n, k=k) if cell.shown else None
            for d, (dn, dgood) in days.items():
                day_cells[d] = _cell(f"{d:%a} {d.day} {d:%b}", d, dn, dgood, day_decision, k)

    ordered_weeks = [week_cells[w] for w in weeks]
    last_two = [d for w in weeks[-2:] for d in (w + datetime.timedelta(days=i) for i in range(7))]

    # Reasons over the newest block, only when that block may be shown for this team.
    latest = _blocks(weeks)[-1]
    reasons_start, reasons_end = latest[0], latest[-1] + datetime.timedelta(days=6)
    latest_shown = block_shown[latest[0]] and any(week_cells[w].responses for w in latest)
    reasons: list[tuple[str, int | None]] = []
    if latest_shown:
        counter: Counter[str] = Counter(
            dict(
                CheckInWeekReason.objects.filter(
                    organisation=organisation, team_id__in=members, week__gte=latest[0], week__lte=latest[-1]
                )
                .values("reason")
                .annotate(n=Sum("count"))
                .order_by()
                .values_list("reason", "n")
            )
        )
        decision = suppress_counts({r: counter.get(r, 0) for r in settings.reasons}, k=k)
        ranked = sorted(settings.reasons, key=lambda r: (-counter.get(r, 0), r))
        reasons = [(r, counter.get(r, 0) if decision.shows(r) else None) for r in ranked]

    # Comments only from weeks that pass k, newest weeks first; the day is never shown.
    shown_weeks = [w for w in reversed(weeks) if week_cells[w].status == "shown"][:COMMENT_WEEKS]
    comments: list[Comment] = []
    if shown_weeks:
        found = CheckIn.objects.filter(
            organisation=organisation,
            team_id__in=members,
            hidden=False,
            date__gte=min(shown_weeks),
            date__lte=max(shown_weeks) + datetime.timedelta(days=6),
        ).exclude(comment="")
        for item in found:
            week = _monday(item.date)
            if week in shown_weeks:
                comments.append(Comment(id=str(item.pk), week=week, text=item.comment))
        # Newest week first; within a week by the random key, so the order hides the day.
        comments.sort(key=lambda c: (-c.week.toordinal(), c.id))

    chart = analyse(
        [c.good if c.status == "shown" else None for c in ordered_weeks],
        chart="p",
        n=[c.responses if c.status == "shown" else None for c in ordered_weeks],
        improvement="increase",
    )
    return TeamReport(
        k=k,
        team=team,
        weeks=ordered_weeks,
        days=[day_cells[d] for d in last_two],
        reasons=reasons,
        reasons_period=(reasons_start, reasons_end),
        reasons_shown=latest_shown,
        comments=comments,
        chart=chart,
        chart_weeks=ordered_weeks,
    )


def _sum(values: Iterable[tuple[int, int]]) -> tuple[int, int]:
    n = good = 0
    for a, b in values:
        n, good = n + a, good + b
    return n, good
