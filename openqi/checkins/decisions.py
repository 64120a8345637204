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
from dataclasses import dataclass
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
    return counts_read_of(organisations=[organisation], daily=daily, periods=periods, nodes=nodes).get(
        organisation.pk, {}
    )


def counts_read_of(
    *,
    organisations: Sequence[Organisation],
    daily: bool,
    periods: Sequence[datetime.date],
    nodes: Iterable[Hashable] | None = None,
) -> dict[int, Counts]:
    """`counts_read` of several organisations, by organisation id, in one query grouped by
    organisation (a node's team belongs to one organisation, so `nodes` may mix them; the
    organisation's own node, ROOT, then means each organisation's answers without a team)."""
    if not periods or not organisations:
        return {}
    model: type[CheckInDay | CheckInWeek] = CheckInDay if daily else CheckInWeek
    field = "date" if daily else "week"
    last = max(periods) + datetime.timedelta(days=6 if daily else 0)
    rows: Iterable[dict[str, Any]] = (
        model.objects.filter(organisation__in=organisations, **{f"{field}__gte": min(periods), f"{field}__lte": last})
        .filter(_team_filter(nodes))
        .values("organisation_id", "team_id", period=F(field))
        .annotate(n=Sum("responses"), good=Sum(GOOD))
        .order_by()
    )
    wanted = set(periods)
    found: dict[int, Counts] = {}
    for row in rows:
        if (monday(row["period"]) if daily else row["period"]) not in wanted:
            continue
        counts = found.setdefault(row["organisation_id"], {})
        key = (node_of(row["team_id"]), row["period"])
        a, b = counts.get(key, (0, 0))
        counts[key] = (a + row["n"], b + row["good"])
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
    tree = DecisionTree(organisation=organisation, grid=grid, inside=inside, digest=digest, k=k)
    return week_decisions_get_of(trees=[tree], weeks=weeks, day_weeks=day_weeks, nodes=nodes)[organisation.pk]


@dataclass(frozen=True)
class DecisionTree:
    """What an organisation's decisions depend on besides the counts (see `tree_digest`)."""

    organisation: Organisation
    grid: Tree
    inside: Mapping[Hashable, list[Hashable]]
    digest: str
    k: int


def week_decisions_get_of(
    *,
    trees: Sequence[DecisionTree],
    weeks: Sequence[datetime.date],
    day_weeks: Sequence[datetime.date],
    nodes: Iterable[Hashable] | None = None,
) -> dict[int, dict[datetime.date, WeekDecision]]:
    """`week_decisions_get` of several organisations, by organisation id, each decided over its
    own tree with its own k exactly as alone: the published headers, the missing weeks' counts,
    the publication and the shown cells are each read or written once for every organisation
    (`nodes` may mix organisations' nodes, as in `counts_read_of`)."""
    kinds = {w: CheckInDecision.Kind.DAYS if w in day_weeks else CheckInDecision.Kind.WEEK for w in weeks}
    found: dict[int, dict[datetime.date, WeekDecision]] = {t.organisation.pk: {} for t in trees}
    if not trees or not weeks:
        return found
    mine = Q(pk__in=[])
    for tree in trees:
        mine |= Q(organisation_id=tree.organisation.pk, tree=tree.digest)
    headers = {
        (org_id, kind, period): (pk, token)
        for pk, token, org_id, kind, period in CheckInDecision.objects.filter(mine, period__in=list(weeks)).values_list(
            "pk", "token", "organisation_id", "kind", "period"
        )
    }
    present = {
        t.organisation.pk: {
            w: headers[(t.organisation.pk, kinds[w], w)] for w in weeks if (t.organisation.pk, kinds[w], w) in headers
        }
        for t in trees
    }
    missing = {t.organisation.pk: [w for w in weeks if w not in present[t.organisation.pk]] for t in trees}
    unpublished = [t for t in trees if missing[t.organisation.pk]]
    if unpublished:
        every = sorted({w for t in unpublished for w in missing[t.organisation.pk]})
        orgs = [t.organisation for t in unpublished]
        week_own = counts_read_of(organisations=orgs, daily=False, periods=every)
        day_own = counts_read_of(organisations=orgs, daily=True, periods=[w for w in every if w in day_weeks])
        publications = []
        for tree in unpublished:
            org_id = tree.organisation.pk
            weeks_missing = missing[org_id]
            decided = _decide(
                tree.grid,
                tree.inside,
                weeks_missing,
                [w for w in weeks_missing if w in day_weeks],
                {key: v for key, v in week_own.get(org_id, {}).items() if key[1] in weeks_missing},
                {key: v for key, v in day_own.get(org_id, {}).items() if monday(key[1]) in weeks_missing},
                tree.k,
            )
            for week, decision in decided.items():
                cells = [
                    CheckInShownCell(team=team_of(node), days=_bits(week, decision.days.get(node, frozenset())))
                    for node in decision.weeks
                ]
                publications.append((tree, kinds[week], week, cells))
            found[org_id].update(decided)
        _forget_other_trees_of(unpublished)
        _publish_many(publications)
    read = {org_id: weeks_found for org_id, weeks_found in present.items() if weeks_found}
    if read and nodes is not None:  # a few nodes: read their cells
        shown: dict[int, dict[Hashable, int]] = {pk: {} for got in read.values() for pk, _ in got.values()}
        stored = CheckInShownCell.objects.filter(decision_id__in=list(shown))
        for decision_id, team, bits in _cells_of(stored, nodes).values_list("decision_id", "team", "days"):
            shown[decision_id][node_of(team)] = bits
        for org_id, got in read.items():
            for week, (pk, _) in got.items():
                found[org_id][week] = _decision(week, kinds[week], shown[pk])
    else:  # every node: a publication never changes, so a process keeps what it read
        for org_id, got in read.items():
            for week, (pk, token) in got.items():
                found[org_id][week] = _decision_read(week, kinds[week], pk, token)
    return found


def _forget_other_trees_of(trees: Sequence[DecisionTree]) -> None:
    stale = Q(pk__in=[])
    for tree in trees:
        stale |= Q(organisation_id=tree.organisation.pk) & ~Q(tree=tree.digest)
    CheckInDecision.objects.filter(stale).delete()


def _publish_many(publications: Sequence[tuple[DecisionTree, str, datetime.date, list[CheckInShownCell]]]) -> None:
    """Store several decisions and their shown cells in one transaction (two inserts); if another
    reader published any of them meanwhile, store each on its own, keeping what is there."""
    if not publications:
        return
    try:
        with transaction.atomic():
            headers = CheckInDecision.objects.bulk_create(
                [
                    CheckInDecision(organisation=tree.organisation, tree=tree.digest, kind=kind, period=period)
                    for tree, kind, period, _cells in publications
                ]
            )
            for header, (_tree, _kind, _period, cells) in zip(headers, publications, strict=True):
                for cell in cells:
                    cell.decision = header
            CheckInShownCell.objects.bulk_create(
                [cell for *_rest, cells in publications for cell in cells], batch_size=2000
            )
    except IntegrityError:
        for tree, kind, period, cells in publications:
            for cell in cells:
                cell.pk = None
            _publish(tree.organisation, tree.digest, kind, period, cells)


def _decision(week: datetime.date, kind: str, shown: Mapping[Hashable, int]) -> WeekDecision:
    days = {node: _unbits(week, bits) for node, bits in shown.items()} if kind == CheckInDecision.Kind.DAYS else {}
    return WeekDecision(week=week, groups={}, weeks=frozenset(shown), days=days)


@functools.lru_cache(maxsize=256)
def _decision_read(week: datetime.date, kind: str, pk: int, token: uuid.UUID) -> WeekDecision:
    """Every node's cells of one publication; `token` names it (see `CheckInDecision.token`)."""
    cells = CheckInShownCell.objects.filter(decision_id=pk).values_list("team", "days")
    return _decision(week, kind, {node_of(team): bits for team, bits in cells})


def _cell_condition(nodes: Iterable[Hashable]) -> Q:
    """The shown cells of the given nodes, as a condition on a decision's `cells`."""
    chosen = set(nodes)
    found = Q(cells__team__in=[team_of(n) for n in chosen if n != ROOT])
    return found | Q(cells__team__isnull=True) if ROOT in chosen else found


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
    published = CheckInDecision.objects.filter(
        organisation=organisation, tree=digest, kind=CheckInDecision.Kind.REASONS, period=block[0]
    )
    # One query for the node's shown reasons; the header is looked up apart only when none is
    # shown (published with nothing shown for the node, or not published yet).
    stored = CheckInShownCell.objects.filter(decision__in=published)
    shown = set(_cells_of(stored, [node]).values_list("reason", flat=True))
    if shown or published.exists():
        return shown
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
