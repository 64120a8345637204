"""Issue 11, defect 6: no group of fewer than k answers can be worked out by adding and subtracting
any set of figures that any page shows: a team and the teams inside it, a team and the
organisation, a week and its days, several weeks together.

The check is exact linear algebra, not a list of known attacks. Every displayed figure is the sum
of some *leaves* (a node's own answers on one day), so the displayed figures are linear equations
over the leaf counts. A set of leaves can be worked out exactly when its indicator vector lies in
the row space of those equations; `exact.smallest_isolated` searches every 0/1 vector of that row space
(through its reduced row echelon form: such a vector is fixed by its values at the pivot columns)
for one whose total is between 1 and k - 1.
"""

from collections.abc import Hashable, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from openqi.anonymity.grid import Tree, week_decide, weeks_shown
from openqi.anonymity.tests.exact import smallest_isolated as _smallest_isolated

K = 11  # the default k; the floor is 10


def test_the_checker_finds_the_issues_subtraction() -> None:
    # Leaves: a directorate's three wards on one day. Shown: the directorate (36) and two wards.
    counts = [14, 12, 10]
    rows = [[1, 1, 1], [1, 0, 0], [0, 1, 0]]
    assert _smallest_isolated(rows, counts, K) == [0, 0, 1]
    assert _smallest_isolated(rows[:2], counts, K) is None  # 22 left: at least k


def test_the_checker_finds_a_cell_given_away_by_a_table_whose_rows_and_columns_each_pass() -> None:
    # Wards 1 and 2 by days 1 and 2: cells 5, 20 / 20, 20. Each row and column alone passes the
    # residue rule, but together they give the 5 away.
    counts = [5, 20, 20, 20]  # (w1, d1), (w1, d2), (w2, d1), (w2, d2)
    rows = [[1, 1, 1, 1], [1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 0, 1]]
    assert _smallest_isolated(rows, counts, K) == [1, 0, 0, 0]


# ---- generated trees and calendars ----------------------------------------------------------


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Tree, list[tuple[str, list[str]]], dict[tuple[Hashable, str], int]]:
    size = draw(st.integers(min_value=1, max_value=5))
    # Each team's parent is the root or an earlier team: every depth and branching can appear.
    parent: dict[Hashable, Hashable] = {}
    for team in range(1, size + 1):
        parent[team] = draw(st.integers(min_value=0, max_value=team - 1))
    tree = Tree(root=0, parent=parent)
    week_count = draw(st.integers(min_value=1, max_value=2))
    day_count = draw(st.integers(min_value=1, max_value=3 if week_count == 2 else 4))
    weeks = [(f"w{w}", [f"w{w}d{d}" for d in range(day_count)]) for w in range(week_count)]
    small = st.one_of(st.just(0), st.integers(min_value=1, max_value=K + 6))
    own = {(node, day): draw(small) for node in tree.nodes() for _, days in weeks for day in days}
    return tree, weeks, own


def _displayed(
    tree: Tree, weeks: Sequence[tuple[str, list[str]]], own: dict[tuple[Hashable, str], int]
) -> list[set[tuple[Hashable, str]]]:
    """Every figure any page shows, as its set of leaves: each node's weeks, days and the total of
    all the weeks, when shown or when empty (an empty cell is shown as 0)."""
    decisions = [week_decide(tree, week, days, own, K) for week, days in weeks]
    figures: list[set[tuple[Hashable, str]]] = []
    for node in tree.nodes():
        inside = tree.subtree(node)

        def leaves(days: Sequence[str], inside: list[Hashable] = inside) -> set[tuple[Hashable, str]]:
            return {(n, d) for n in inside for d in days}

        def total(cells: set[tuple[Hashable, str]]) -> int:
            return sum(own[leaf] for leaf in cells)

        for decision, (_, days) in zip(decisions, weeks, strict=True):
            cells = leaves(days)
            if decision.shows_week(node) or total(cells) == 0:
                figures.append(cells)
            for day in days:
                cells = leaves([day])
                if decision.shows_day(node, day) or total(cells) == 0:
                    figures.append(cells)
        everything = leaves([d for _, days in weeks for d in days])
        if weeks_shown(decisions, node) or total(everything) == 0:
            figures.append(everything)
    return figures


@settings(max_examples=150, deadline=None)
@given(_cases())
def test_no_group_below_k_can_be_worked_out_from_every_figure_every_page_shows(
    case: tuple[Tree, list[tuple[str, list[str]]], dict[tuple[Hashable, str], int]],
) -> None:
    tree, weeks, own = case
    leaves = sorted(own, key=str)
    figures = _displayed(tree, weeks, own)
    rows = [[int(leaf in figure) for leaf in leaves] for figure in figures]
    found = _smallest_isolated(rows, [own[leaf] for leaf in leaves], K)
    assert found is None, f"{[leaf for leaf, bit in zip(leaves, found, strict=True) if bit]} can be worked out"


@settings(max_examples=60, deadline=None)
@given(_cases())
def test_every_figure_shown_is_zero_or_at_least_k(
    case: tuple[Tree, list[tuple[str, list[str]]], dict[tuple[Hashable, str], int]],
) -> None:
    tree, weeks, own = case
    for figure in _displayed(tree, weeks, own):
        total = sum(own[leaf] for leaf in figure)
        assert total == 0 or total >= K


def test_the_issues_example_hides_the_directorates_day_or_a_second_ward() -> None:
    """Medicine (no own answers) with wards of 14, 12 and 10 on Monday, each with 20 more that
    week: whatever is shown, the 10 cannot be worked out."""
    tree = Tree(
        root="trust", parent={"medicine": "trust", "big": "medicine", "middle": "medicine", "small": "medicine"}
    )
    own = {("big", "mon"): 14, ("middle", "mon"): 12, ("small", "mon"): 10}
    own |= {(ward, "tue"): 20 for ward in ("big", "middle", "small")}
    decision = week_decide(tree, "w", ["mon", "tue"], own, K)
    assert not decision.shows_day("small", "mon")
    days = [decision.shows_day(node, "mon") for node in ("medicine", "big", "middle")]
    assert not all(days)
    assert days[1:] == [True, True]  # the wards' own days stay; the directorate's Monday goes
    assert all(decision.shows_week(node) for node in ("medicine", "big", "middle", "small"))


def test_a_monday_is_a_day_and_not_its_week() -> None:
    """A week keyed by its Monday's date, as check-ins key it: the week and its Monday are apart."""
    tree = Tree(root="trust", parent={})
    decision = week_decide(tree, "mon", ["mon", "tue"], {("trust", "mon"): 5, ("trust", "tue"): 20}, K)
    assert decision.shows_week("trust")
    assert not decision.shows_day("trust", "mon")
    assert not decision.shows_day("trust", "tue")  # 20 less nothing would give the 5
