"""Reading check-ins. Every figure comes from `openqi.anonymity.grid` with the organisation's k.

Reports use complete weeks only (Monday to Sunday, up to last Sunday): a bucket that still grows
would let someone who watches the page learn each new answer by difference. Each complete week is
decided once for the whole team tree and its days (`week_decide`), and every page (the overview,
any team's page, its export, "my team") shows only what that decision allows, so no figures from
different pages can be subtracted to reveal fewer than k people (issue 11, defect 6). Decisions are
published once (`openqi.checkins.decisions`), so a team's page reads its own node's decision and its
own subtree's counts only. A total over
several weeks is shown only when each of its weeks is shown. Reasons are counted over fixed
four-week blocks, so they too never slide against each other.
"""

import datetime
import functools
from collections.abc import Hashable
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from openqi.accounts.models import User
from openqi.anonymity import effective_k, suppress_counts
from openqi.anonymity.grid import Tree, WeekDecision, weeks_shown
from openqi.checkins.decisions import (
    ROOT,
    Counts,
    DecisionTree,
    counts_read_of,
    node_of,
    reasons_shown_get,
    team_of,
    tree_digest,
    week_decisions_get_of,
)
from openqi.checkins.models import (
    CheckIn,
    CheckInDayKey,
    CheckInMarker,
    CheckinSettings,
    CheckInWeek,
    CheckInWeekReason,
    KioskDevice,
    marker_digest,
)
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Organisation, Team
from openqi.spc import SeriesResult, analyse

WEEKS_SHOWN = 24
BLOCK_WEEKS = 4
COMMENT_WEEKS = 4


def checkin_allowed(*, access: OrgAccess | None) -> bool:
    """Whether this reader has a place in the organisation to check in from: a system admin
    visiting has none. The check-in page and its header link both ask this."""
    return access is not None and access.membership is not None


def checkin_settings_get(*, organisation: Organisation) -> CheckinSettings:
    """The organisation's settings, or the defaults (unsaved) when none have been chosen."""
    found = CheckinSettings.objects.filter(organisation=organisation).first()
    return found if found is not None else CheckinSettings(organisation=organisation)


def checkin_settings_of(*, organisations: list[Organisation]) -> dict[int, CheckinSettings]:
    """Each organisation's settings, or the defaults (unsaved), by organisation id, in one query."""
    saved = {s.organisation_id: s for s in CheckinSettings.objects.filter(organisation__in=organisations)}
    return {o.pk: saved.get(o.pk) or CheckinSettings(organisation=o) for o in organisations}


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

# Reasons are counted over fixed four-week blocks counted from this Monday, so that the block
# shown never overlaps the one shown a week earlier (overlapping totals differ by a week).
BLOCK_EPOCH = datetime.date(2024, 1, 1)


def complete_weeks(*, today: datetime.date, count: int = WEEKS_SHOWN) -> list[datetime.date]:
    """Mondays of the last `count` complete weeks, oldest first."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    return [this_monday - datetime.timedelta(weeks=n) for n in range(count, 0, -1)]


def latest_complete_block(*, today: datetime.date) -> list[datetime.date]:
    """Mondays of the newest fixed four-week block that has ended, oldest first."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    blocks_done = (this_monday - BLOCK_EPOCH).days // (7 * BLOCK_WEEKS)
    start = BLOCK_EPOCH + datetime.timedelta(weeks=BLOCK_WEEKS * (blocks_done - 1))
    return [start + datetime.timedelta(weeks=n) for n in range(BLOCK_WEEKS)]


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _days(week: datetime.date) -> list[datetime.date]:
    return [week + datetime.timedelta(days=d) for d in range(7)]


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


def _team_tree(organisation: Organisation, *, with_teams: bool = True) -> TeamTree:
    """The organisation's teams as a tree. Without `with_teams` only the ids and parents are read
    (`teams` is empty): a team's page needs the shape, and building a model instance for each of
    an ICS trust's 1,050 teams was half of its selector's time."""
    if with_teams:
        teams = {t.pk: t for t in Team.objects.filter(organisation=organisation)}
        parent = {t.pk: t.parent_id for t in teams.values()}
    else:
        teams = {}
        parent = dict(Team.objects.filter(organisation=organisation).order_by().values_list("pk", "parent_id"))
    children: dict[int | None, list[int]] = {}
    for team_id, parent_id in parent.items():
        children.setdefault(parent_id, []).append(team_id)
    return TeamTree(teams=teams, parent=parent, children=children)


def team_tree_get(*, organisation: Organisation) -> TeamTree:
    return _team_tree(organisation)


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


# ---- one decision per week ------------------------------------------------------------------

_node = node_of


class Weeks:
    """The organisation's complete weeks, each decided once for the whole team tree and its days
    and published (`openqi.checkins.decisions`); every cell any page shows is read from here.

    Only the decisions and counts of `nodes` (every node when None) are read: a team's page needs
    its own node's decision and its own subtree's counts. Days are read and decided only for
    `day_weeks` (the weeks whose days a page shows): the other weeks are decided from the weekly
    aggregates as one bucket each, with the same result for their weeks."""

    k: int
    grid: Tree
    inside: dict[Hashable, list[Hashable]]
    digest: str
    day_weeks: list[datetime.date]
    week_own: Counts
    day_own: Counts
    decisions: dict[datetime.date, WeekDecision]

    def __init__(
        self,
        organisation: Organisation,
        tree: TeamTree,
        weeks: list[datetime.date],
        k: int,
        day_weeks: list[datetime.date] | None = None,
        *,
        digest: str,
        nodes: list[Hashable] | None = None,
    ) -> None:
        read = Weeks.read_of([(organisation, tree, k, digest)], weeks, day_weeks, nodes=nodes)[organisation.pk]
        self.__dict__.update(read.__dict__)

    @classmethod
    def read_of(
        cls,
        organisations: list[tuple[Organisation, TeamTree, int, str]],
        weeks: list[datetime.date],
        day_weeks: list[datetime.date] | None = None,
        *,
        nodes: list[Hashable] | None = None,
    ) -> dict[int, "Weeks"]:
        """Several organisations' weeks (each its own tree, k and digest), by organisation id,
        with their counts and decisions read in the same few queries whatever their number."""
        found: dict[int, Weeks] = {}
        for organisation, tree, k, digest in organisations:
            made = cls.__new__(cls)
            made.k = k
            made.grid, made.inside = _grid_and_subtrees(tree, digest)
            made.digest = digest
            made.day_weeks = [w for w in (day_weeks or []) if w in weeks]
            found[organisation.pk] = made
        counted = None
        if nodes is not None:
            counted = {m for made in found.values() for n in nodes if n in made.inside for m in made.inside[n]}
        orgs = [o for o, _t, _k, _d in organisations]
        chosen_days = [w for w in (day_weeks or []) if w in weeks]
        week_own = counts_read_of(organisations=orgs, daily=False, periods=weeks, nodes=counted)
        day_own = counts_read_of(organisations=orgs, daily=True, periods=chosen_days, nodes=counted)
        decisions = week_decisions_get_of(
            trees=[
                DecisionTree(organisation=o, grid=found[o.pk].grid, inside=found[o.pk].inside, digest=d, k=k)
                for o, _t, k, d in organisations
            ],
            weeks=weeks,
            day_weeks=chosen_days,
            nodes=nodes,
        )
        for org_id, made in found.items():
            made.week_own = week_own.get(org_id, {})
            made.day_own = day_own.get(org_id, {})
            made.decisions = decisions[org_id]
        return found

    @staticmethod
    def grid_of(tree: TeamTree) -> Tree:
        return Tree(root=ROOT, parent={_node(t): _node(p) if p is not None else ROOT for t, p in tree.parent.items()})

    def _total(self, own: dict, node: Hashable, periods: list[datetime.date]) -> tuple[int, int]:
        n = good = 0
        for member in self.inside[node]:
            for period in periods:
                a, b = own.get((member, period), (0, 0))
                n, good = n + a, good + b
        return n, good

    def _cell(self, label: str, key: Hashable, counts: tuple[int, int], shown: bool) -> Cell:
        n, good = counts
        if n == 0:
            return Cell(label=label, key=key, responses=0, good=0, status="empty")
        if shown:
            return Cell(label=label, key=key, responses=n, good=good, status="shown")
        return Cell(
            label=label, key=key, responses=None, good=None, status="below_k" if n < self.k else "complementary"
        )

    def week_cell(self, node: Hashable, week: datetime.date) -> Cell:
        shown = self.decisions[week].shows_week(node)
        return self._cell(f"{week.day} {week:%b %Y}", week, self._total(self.week_own, node, [week]), shown)

    def day_cell(self, node: Hashable, day: datetime.date) -> Cell:
        if _monday(day) not in self.day_weeks:
            raise ValueError("Days are read only for the weeks given as day_weeks.")
        shown = self.decisions[_monday(day)].shows_day(node, day)
        return self._cell(f"{day:%a} {day.day} {day:%b}", day, self._total(self.day_own, node, [day]), shown)

    def span_cell(self, node: Hashable, weeks: list[datetime.date], label: str) -> Cell:
        """Several weeks together: shown only when each week is, so it is their sum."""
        shown = weeks_shown([self.decisions[w] for w in weeks], node)
        return self._cell(label, node, self._total(self.week_own, node, weeks), shown)


@functools.lru_cache(maxsize=32)
def _shape(digest: str, parent: tuple[tuple[int, int | None], ...]) -> tuple[Tree, dict[Hashable, list[Hashable]]]:
    grid = Tree(root=ROOT, parent={_node(t): _node(p) if p is not None else ROOT for t, p in parent})
    return grid, grid.subtrees()


def _grid_and_subtrees(tree: TeamTree, digest: str) -> tuple[Tree, dict[Hashable, list[Hashable]]]:
    """The tree as the suppression grid sees it, with every node's subtree. The same tree gives
    the same digest (`tree_digest` hashes its shape), so a process works both out once per tree,
    not on every page (1,050 teams' subtrees on each read). Read-only: callers never change them."""
    return _shape(digest, tuple(sorted(tree.parent.items())))


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
    """Every team's good-day share over the last four complete weeks (shown when each week is)."""
    settings = checkin_settings_get(organisation=organisation)
    k = effective_k(settings.reporting_k)
    weeks = complete_weeks(today=today or timezone.localdate(), count=BLOCK_WEEKS)
    start, end = weeks[0], weeks[-1] + datetime.timedelta(days=6)
    tree = _team_tree(organisation)
    digest = tree_digest(parent=tree.parent, k=k, reasons=settings.reasons)
    decided = Weeks(organisation, tree, weeks, k, digest=digest)
    total = decided.span_cell(ROOT, weeks, organisation.name)
    rows = [
        OverviewRow(team=team, depth=depth, cell=decided.span_cell(_node(team.pk), weeks, team.name))
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
    today = today or timezone.localdate()
    weeks = complete_weeks(today=today)
    tree = _team_tree(organisation, with_teams=False)
    digest = tree_digest(parent=tree.parent, k=k, reasons=settings.reasons)
    node = _node(team.pk)
    decided = Weeks(organisation, tree, weeks, k, day_weeks=weeks[-2:], digest=digest, nodes=[node])
    members = set(tree.subtree(team.pk))

    ordered_weeks = [decided.week_cell(node, w) for w in weeks]
    week_cells = dict(zip(weeks, ordered_weeks, strict=True))
    days = [decided.day_cell(node, d) for w in weeks[-2:] for d in _days(w)]

    # Reasons over the newest fixed four-week block, only when the team's block may be shown;
    # each reason is suppressed over the whole tree at once, as the weeks are.
    block = latest_complete_block(today=today)
    reasons_start, reasons_end = block[0], block[-1] + datetime.timedelta(days=6)
    block_decided = (
        decided
        if all(w in decided.decisions for w in block)
        else Weeks(organisation, tree, block, k, digest=digest, nodes=[node])
    )
    block_cell = block_decided.span_cell(node, block, team.name)
    latest_shown = block_cell.status == "shown"
    reasons: list[tuple[str, int | None]] = []
    if latest_shown:
        reasons = _reasons(organisation, settings.reasons, block_decided, block, node)

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
        days=days,
        reasons=reasons,
        reasons_period=(reasons_start, reasons_end),
        reasons_shown=latest_shown,
        comments=comments,
        chart=chart,
        chart_weeks=ordered_weeks,
    )


def _reasons(
    organisation: Organisation,
    names: list[str],
    decided: Weeks,
    block: list[datetime.date],
    node: Hashable,
) -> list[tuple[str, int | None]]:
    """Each reason's count for `node` over the block, where the published decision for the block
    shows it (each reason suppressed over the whole tree, with complements, and hidden wherever a
    team's block is not shown); only the node's own subtree's reason counts are read."""
    shown = reasons_shown_get(
        organisation=organisation,
        grid=decided.grid,
        inside=decided.inside,
        digest=decided.digest,
        block=block,
        k=decided.k,
        names=names,
        node=node,
    )
    teams = [team_of(n) for n in decided.inside[node]]
    rows = CheckInWeekReason.objects.filter(organisation=organisation, week__gte=block[0], week__lte=block[-1])
    if node != ROOT:
        rows = rows.filter(team_id__in=teams)
    counts = dict(rows.values("reason").annotate(n=Sum("count")).order_by().values_list("reason", "n"))
    found: dict[str, int | None] = {r: (counts.get(r) or 0) if r in shown else None for r in names}
    # Ranked by what is shown only: an order by hidden counts would say which is larger.
    ranked = sorted(names, key=lambda r: (-(found[r] or 0), r))
    return [(r, found[r]) for r in ranked]


def checkin_responses_for_team_groups(
    *,
    organisation: Organisation,
    groups: dict[str, list[int]],
    start: datetime.date,
    end: datetime.date,
) -> dict[str, int | None]:
    """How many check-ins were made in each group of teams over the whole weeks between `start`
    and `end` (for a comparison such as teams with and without a champion). A group's count is
    None when it is below the organisation's k, or when showing it would give a hidden group away
    by subtraction from the total (complementary suppression, `openqi.anonymity`)."""
    return checkin_responses_for_team_groups_of(groups={organisation: groups}, start=start, end=end)[organisation.pk]


def checkin_responses_for_team_groups_of(
    *,
    groups: dict[Organisation, dict[str, list[int]]],
    start: datetime.date,
    end: datetime.date,
) -> dict[int, dict[str, int | None]]:
    """`checkin_responses_for_team_groups` of several organisations, by organisation id, from two
    queries whatever their number; each organisation's groups suppressed with its own k, apart."""
    organisations = list(groups)
    settings = checkin_settings_of(organisations=organisations)
    weeks = CheckInWeek.objects.filter(organisation__in=organisations, week__gte=_monday(start), week__lte=_monday(end))
    by_team = dict(
        weeks.filter(team__isnull=False).values_list("team_id").annotate(n=Sum("responses")).values_list("team_id", "n")
    )
    found = {}
    for organisation, named in groups.items():
        k = effective_k(settings[organisation.pk].reporting_k)
        counts: dict[Hashable, int] = {
            name: int(sum(by_team.get(team_id, 0) or 0 for team_id in team_ids)) for name, team_ids in named.items()
        }
        decision = suppress_counts(counts, total=sum(counts.values()), k=k)
        found[organisation.pk] = {
            str(name): (count if decision.shows(name) else None) for name, count in counts.items()
        }
    return found
