"""Suppression for a tree of teams read over a calendar, the same on every page a person can open.

A report of check-ins shows cells (node, period): a node is the organisation (the root) or a team
with every team inside it; a period is a fixed block of weeks, a week, or a day. The answers under a
cell are its *leaves*: each node's own answers (people in that team and in no team inside it; the
root's own are people with no team) on each day. Parent and child pages, the overview and a team
page, a week and its days all show cells over the same leaves, so a small group hidden on one page
could be worked out by adding and subtracting what other pages show (issue 11, defect 6: a
directorate's day of 36 less two wards' days of 14 and 12 gave the third ward's 10).

Suppressing inside one table cannot prevent that, and suppressing each dimension on its own is not
enough either (a 2×2 table whose rows and columns each pass the residue rule can still give a cell
away). So every figure comes from one decision per complete week, with this shape:

1. **Groups.** `suppress` decides which nodes the week shows, over the whole tree at once (a
   node's total less its shown children is 0 or at least k). Every node's own answers join the
   group of its nearest shown node (itself or an ancestor); groups never overlap, and each group's
   week is 0 or at least k answers.
2. **Days inside each group.** Each group's days are suppressed against the group's week with the
   same residue rule: a day below k is hidden, and the week less its shown days is 0 or at least k.
3. **Cells.** A node's week is shown when the node is shown in step 1; its day is shown only when
   every group inside the node may show that day. A shown cell is then a sum of group cells.
4. **Longer periods** (the overview's four weeks) are shown for a node only when each of its weeks
   is shown: the total is then a sum of shown weeks and adds nothing that could be subtracted.

Why this holds: the group cells form a *laminar* family (any two are nested or disjoint: groups of
one week are disjoint, a group's days lie inside its week, and weeks are disjoint). The displayed
cells are sums of group cells, so anything worked out from them by adding and subtracting is a sum
of *atoms* of that family (a group cell less its shown sub-cells), and each atom is 0 or at least k
by steps 1 and 2. No set of fewer than k answers can be isolated, whichever pages are combined.
Good-day counts are shown only beside the responses of the same cell, so a good-day count can be
worked out only for a group of 0 or at least k answers: never more than a shown cell says.
`openqi/anonymity/tests/test_grid.py` checks this with exact linear algebra over generated trees
and calendars.

Each week is decided from its own answers only, once it is complete, so reading the page again
next week adds no new equation about an old week. A change to the team tree (a team moved or
removed) changes past weeks' decisions; ADR 0006 records that limit.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from openqi.anonymity.suppression import Bucket, suppress

Node = Hashable
Day = Hashable


@dataclass(frozen=True)
class Tree:
    """A root and its teams: `parent[node]` for every node but the root."""

    root: Node
    parent: Mapping[Node, Node]

    def nodes(self) -> list[Node]:
        return [self.root, *self.parent]

    def children(self) -> dict[Node, list[Node]]:
        found: dict[Node, list[Node]] = {node: [] for node in self.nodes()}
        for node, parent in self.parent.items():
            found[parent].append(node)
        return found

    def subtrees(self) -> dict[Node, list[Node]]:
        """Every node with the nodes inside it (itself first)."""
        children = self.children()
        found: dict[Node, list[Node]] = {}

        def walk(node: Node) -> list[Node]:
            inside = [node]
            for child in children[node]:
                inside += walk(child)
            found[node] = inside
            return inside

        walk(self.root)
        return found

    def subtree(self, node: Node) -> list[Node]:
        return self.subtrees()[node]


def subtree_totals(
    tree: Tree, own: Mapping[Node, int], subtrees: Mapping[Node, list[Node]] | None = None
) -> dict[Node, int]:
    """Each node's count with every node inside it."""
    inside = subtrees if subtrees is not None else tree.subtrees()
    return {node: sum(own.get(n, 0) for n in nodes) for node, nodes in inside.items()}


@dataclass(frozen=True)
class WeekDecision:
    """What every page may show of one complete week: the nodes whose week may be shown, and for
    each of them the days that may be shown."""

    week: Hashable
    groups: Mapping[Node, Node | None]
    weeks: frozenset[Node]
    days: Mapping[Node, frozenset[Day]]

    def shows_week(self, node: Node) -> bool:
        return node in self.weeks

    def shows_day(self, node: Node, day: Day) -> bool:
        return day in self.days.get(node, frozenset())


_WEEK = ("__week__",)  # the week's own bucket, apart from any day's key (a Monday is both)


def week_decide(
    tree: Tree,
    week: Hashable,
    days: Sequence[Day],
    own: Mapping[tuple[Node, Day], int],
    k: int,
    subtrees: Mapping[Node, list[Node]] | None = None,
) -> WeekDecision:
    """Decide one complete week. `own[(node, day)]` are the node's own answers (not its children's);
    `subtrees` (from `tree.subtrees()`) saves recomputing the tree for every week."""
    inside_of = subtrees if subtrees is not None else tree.subtrees()
    week_own = {node: sum(own.get((node, d), 0) for d in days) for node in tree.nodes()}
    totals = subtree_totals(tree, week_own, inside_of)
    decision = suppress(
        [Bucket(tree.root, totals[tree.root])] + [Bucket(n, totals[n], parent=p) for n, p in tree.parent.items()], k
    )
    group_of: dict[Node, Node | None] = {}
    for node in tree.nodes():
        current: Node | None = node
        while current is not None and not decision.shows(current):
            current = tree.parent.get(current)
        group_of[node] = current
    members: dict[Node, list[Node]] = {}
    for node, group in group_of.items():
        if group is not None:
            members.setdefault(group, []).append(node)
    allowed: dict[Node, set[Day]] = {}
    for group, nodes in members.items():
        if len(days) == 1:
            allowed[group] = set(days)  # the one day is the week: 0 or at least k (step 1)
            continue
        by_day = {d: sum(own.get((n, d), 0) for n in nodes) for d in days}
        inside = suppress([Bucket(_WEEK, sum(by_day.values()))] + [Bucket(d, by_day[d], _WEEK) for d in days], k)
        # The group's week is always shown (0 or at least k by step 1); its days as decided here.
        allowed[group] = {d for d in days if inside.shows(d)}
    shown_days: dict[Node, frozenset[Day]] = {}
    for node in members:  # exactly the nodes shown in step 1
        inside_groups = {group_of[n] for n in inside_of[node]}
        shown_days[node] = frozenset(set.intersection(*(allowed[g] for g in inside_groups if g is not None)))
    return WeekDecision(week=week, groups=group_of, weeks=frozenset(members), days=shown_days)


def weeks_shown(decisions: Iterable[WeekDecision], node: Node) -> bool:
    """Whether a node's total over several weeks may be shown: only as a sum of its shown weeks."""
    return all(d.shows_week(node) for d in decisions)
