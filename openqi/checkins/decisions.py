"""Each complete week's suppression decision, published once for the whole team tree.

`openqi.anonymity.grid.week_decide` needs every team's counts for the week; a page needs only its
own node's decision and its own subtree's counts. So the first reader of a week decides it from
every team's counts and stores the cells it shows (`CheckInDecision`, `CheckInShownCell`); later
readers read the stored cells of the nodes they show. Publication is one transaction: the header
row's unique constraint makes a concurrent first reader wait for the other's commit (PostgreSQL)
or for the write lock (SQLite) and then fail its insert, and it keeps the decision already
published, which is the same decision (same tree, k and counts). A decision is keyed by a digest
of the tree, k and the reasons, so a change to any of them leads to new decisions (ADR 0006,
"Published decisions"); aggregate writes to a week delete its decisions.
"""

import datetime
import functools
import hashlib
import json
import uuid
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet, Sum

from openqi.anonymity import Bucket, suppress
from openqi.anonymity.grid import Tree, WeekDecision, subtree_totals, week_decide, weeks_shown
from openqi.checkins.models import (
    GOOD_SCORES,
    CheckInDay,
    CheckInDecision,
    CheckInShownCell,
    CheckInWeek,
    CheckInWeekReason,
)
from openqi.organisations.models import Organisation

ROOT: Hashable = ("org",)
Counts = dict[tuple[Hashable, datetime.date], tuple[int, int]]

# The aggregate columns of GOOD_SCORES (very good and good).
GOOD = sum((F(f"score_{int(score)}") for score in GOOD_SCORES[1:]), F(f"score_{int(GOOD_SCORES[0])}"))


def node_of(team_id: int | None) -> Hashable:
    return ROOT if team_id is None else ("team", team_id)


def team_of(node: Hashable) -> int | None:
    return None if node == ROOT else node[1]  # type: ignore[index]


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_days(week: datetime.date) -> list[datetime.date]:
    return [week + datetime.timedelta(days=d) for d in range(7)]


def tree_digest(*, parent: Mapping[int, int | None], k: int, reasons: Sequence[str]) -> str:
    """What a decision depends on besides the counts: the tree's shape, k and the reasons."""
    text = json.dumps([k, sorted(reasons), sorted(parent.items())])
    return hashlib.sha256(text.encode()).hexdigest()


def _team_filter(nodes: Iterable[Hashable] | None) -> Q:
    """Rows of the given nodes' own answers (all rows when None)."""
    if nodes is None:
        return Q()
    chosen = set(nodes)
    ids = [team_of(n) for n in chosen if n != ROOT]
    found = Q(team_id__in=ids)
    return found | Q(team__isnull=True) if ROOT in chosen else found


def counts_read(
    *,
    organisation: Organisation,
    daily: bool,
    periods: Sequence[datetime.date],
    nodes: Iterable[Hashable] | None = None,
) -> Counts:
    """Own (responses, good) per (node, week) from `CheckInWeek`, or per (node, day) of the given
    weeks from `CheckInDay`; only the given nodes' rows when `nodes` is given."""
    if not periods:
        return {}
    model: type[CheckInDay | CheckInWeek] = CheckInDay if daily else CheckInWeek
    field = "date" if daily else "week"
    last = max(periods) + datetime.timedelta(days=6 if daily else 0)
    rows: Iterable[dict[str, Any]] = (
        model.objects.filter(organisation=organisation, **{f"{field}__gte": min(periods), f"{field}__lte": last})
        .filter(_team_filter(nodes))
        .values("team_id", period=F(field))
        .annotate(n=Sum("responses"), good=Sum(GOOD))
        .order_by()
    )
    wanted = set(periods)
    found: Counts = {}
    for row in rows:
        if (monday(row["period"]) if daily else row["period"]) not in wanted:
            continue
        key = (node_of(row["team_id"]), row["period"])
        a, b = found.get(key, (0, 0))
        found[key] = (a + row["n"], b + row["good"])
    return found


def _decide(
    grid: Tree,
    inside: Mapping[Hashable, list[Hashable]],
    weeks: Sequence[datetime.date],
    day_weeks: Sequence[datetime.date],
    week_own: Counts,
    day_own: Counts,
    k: int,
) -> dict[datetime.date, WeekDecision]:
    """Each week decided over the whole tree: by day for `day_weeks`, else as one bucket (a week's
    decision on its days never changes which nodes' weeks are shown)."""
    by_week: dict[datetime.date, dict[tuple[Hashable, Hashable], int]] = {week: {} for week in weeks}
    for (node, week), (n, _) in week_own.items():
        if week in by_week and week not in day_weeks:
            by_week[week][(node, ("week", week))] = n
    for (node, day), (n, _) in day_own.items():
        if monday(day) in by_week:
            by_week[monday(day)][(node, day)] = n
    found: dict[datetime.date, WeekDecision] = {}
    for week in weeks:
        days: list[Hashable] = list(week_days(week)) if week in day_weeks else [("week", week)]
        found[week] = week_decide(grid, week, days, by_week[week], k, inside)
    return found


def _publish(
    organisation: Organisation, digest: str, kind: str, period: datetime.date, cells: list[CheckInShownCell]
) -> None:
    """Store one decision and its shown cells, unless another reader has just stored it."""
    try:
        with transaction.atomic():
            decision = CheckInDecision.objects.create(organisation=organisation, tree=digest, kind=kind, period=period)
            for cell in cells:
                cell.decision = decision
            CheckInShownCell.objects.bulk_create(cells, batch_size=2000)
    except IntegrityError:
        pass  # published meanwhile by a concurrent reader: the same decision


def _forget_other_trees(organisation: Organisation, digest: str) -> None:
    CheckInDecision.objects.filter(organisation=organisation).exclude(tree=digest).delete()


def week_decisions_get(
    *,
    organisation: Organisation,
    grid: Tree,
    inside: Mapping[Hashable, list[Hashable]],
    digest: str,
    weeks: Sequence[datetime.date],
    day_weeks: Sequence[datetime.date],
    k: int,
    nodes: Iterable[Hashable] | None = None,
) -> dict[datetime.date, WeekDecision]:
    """Each complete week's decision, read for the given nodes (every node when None) from the
    published cells; weeks not yet published are decided over the whole tree and published."""
    kinds = {w: CheckInDecision.Kind.DAYS if w in day_weeks else CheckInDecision.Kind.WEEK for w in weeks}
    headers = {
        (kind, period): (pk, token)
        for pk, token, kind, period in CheckInDecision.objects.filter(
            organisation=organisation, tree=digest, period__in=list(weeks)
        ).values_list("pk", "token", "kind", "period")
    }
    present = {w: headers[(kinds[w], w)] for w in weeks if (kinds[w], w) in headers}
    missing = [w for w in weeks if w not in present]
    found: dict[datetime.date, WeekDecision] = {}
    if missing:
        missing_days = [w for w in missing if w in day_weeks]
        week_own = counts_read(organisation=organisation, daily=False, periods=missing)
        day_own = counts_read(organisation=organisation, daily=True, periods=missing_days)
        decided = _decide(grid, inside, missing, missing_days, week_own, day_own, k)
        _forget_other_trees(organisation, digest)
        for week, decision in decided.items():
            cells = [
                CheckInShownCell(team=team_of(node), days=_bits(week, decision.days.get(node, frozenset())))
                for node in decision.weeks
            ]
            _publish(organisation, digest, kinds[week], week, cells)
        found.update(decided)
    if present and nodes is not None:  # a few nodes: read their cells
        shown: dict[int, dict[Hashable, int]] = {pk: {} for pk, _ in present.values()}
        stored = CheckInShownCell.objects.filter(decision_id__in=[pk for pk, _ in present.values()])
        for decision_id, team, bits in _cells_of(stored, nodes).values_list("decision_id", "team", "days"):
            shown[decision_id][node_of(team)] = bits
        for week, (pk, _) in present.items():
            found[week] = _decision(week, kinds[week], shown[pk])
    elif present:  # every node: a publication never changes, so a process keeps what it read
        for week, (pk, token) in present.items():
            found[week] = _decision_read(week, kinds[week], pk, token)
    return found


def _decision(week: datetime.date, kind: str, shown: Mapping[Hashable, int]) -> WeekDecision:
    days = {node: _unbits(week, bits) for node, bits in shown.items()} if kind == CheckInDecision.Kind.DAYS else {}
    return WeekDecision(week=week, groups={}, weeks=frozenset(shown), days=days)


@functools.lru_cache(maxsize=256)
def _decision_read(week: datetime.date, kind: str, pk: int, token: uuid.UUID) -> WeekDecision:
    """Every node's cells of one publication; `token` names it (see `CheckInDecision.token`)."""
    cells = CheckInShownCell.objects.filter(decision_id=pk).values_list("team", "days")
    return _decision(week, kind, {node_of(team): bits for team, bits in cells})


def _cells_of(cells: QuerySet[CheckInShownCell], nodes: Iterable[Hashable] | None) -> QuerySet[CheckInShownCell]:
    if nodes is None:
        return cells
    chosen = set(nodes)
    found = Q(team__in=[team_of(n) for n in chosen if n != ROOT])
    return cells.filter(found | Q(team__isnull=True) if ROOT in chosen else found)


def _bits(week: datetime.date, days: Iterable[Hashable]) -> int:
    return sum(1 << (d - week).days for d in days if isinstance(d, datetime.date))


def _unbits(week: datetime.date, bits: int) -> frozenset[Hashable]:
    return frozenset(day for i, day in enumerate(week_days(week)) if bits & (1 << i))


def reasons_shown_get(
    *,
    organisation: Organisation,
    grid: Tree,
    inside: Mapping[Hashable, list[Hashable]],
    digest: str,
    block: Sequence[datetime.date],
    k: int,
    names: Sequence[str],
    node: Hashable,
) -> set[str]:
    """The reasons whose count over the block may be shown for `node`. Each reason is suppressed
    over the whole tree at once (with complements), hidden wherever a node's block is not shown;
    published once per block like the weeks."""
    header = CheckInDecision.objects.filter(
        organisation=organisation, tree=digest, kind=CheckInDecision.Kind.REASONS, period=block[0]
    ).first()
    if header is not None:
        return set(_cells_of(header.cells.all(), [node]).values_list("reason", flat=True))
    decisions = week_decisions_get(
        organisation=organisation, grid=grid, inside=inside, digest=digest, weeks=block, day_weeks=[], k=k
    )
    rows = (
        CheckInWeekReason.objects.filter(organisation=organisation, week__gte=block[0], week__lte=block[-1])
        .values("team_id", "reason")
        .annotate(n=Sum("count"))
        .order_by()
    )
    own: dict[str, dict[Hashable, int]] = {}
    for row in rows:
        per_node = own.setdefault(row["reason"], {})
        per_node[node_of(row["team_id"])] = per_node.get(node_of(row["team_id"]), 0) + row["n"]
    not_shown = [n for n in inside if not weeks_shown([decisions[w] for w in block], n)]
    cells: list[CheckInShownCell] = []
    for reason in names:
        totals = subtree_totals(grid, own.get(reason, {}), inside)
        buckets = [Bucket(ROOT, totals[ROOT])] + [Bucket(n, totals[n], parent=p) for n, p in grid.parent.items()]
        decision = suppress(buckets, k, hide=not_shown)
        cells += [CheckInShownCell(team=team_of(n), reason=reason) for n in inside if decision.shows(n)]
    _publish(organisation, digest, CheckInDecision.Kind.REASONS, block[0], cells)
    return {cell.reason for cell in cells if node_of(cell.team) == node}


def decisions_forget(*, organisation_id: int | None = None, week: datetime.date | None = None) -> None:
    """Delete published decisions whose counts may have changed: an organisation's (every one's
    when None), only those reading `week` when given (the week itself and the blocks holding it)."""
    found = CheckInDecision.objects.all()
    if organisation_id is not None:
        found = found.filter(organisation_id=organisation_id)
    if week is not None:
        found = found.filter(period__gt=week - datetime.timedelta(weeks=4), period__lte=week)
    found.delete()
