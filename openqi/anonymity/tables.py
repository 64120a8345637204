"""Suppression for one closed survey round, the same on every page that shows it: the results page
(each question's answers and option counts) and the same counts by team and by role.

The pages together show a table for each question and each way of dividing people (team, role):
buckets down the side, options across, with both margins shown (a bucket's answers on the
breakdown page, an option's count on the results page). Suppressing each row on its own is not
enough: an option's count on the results page less the other buckets' counts gives a small
bucket's count (ADR 0006). Hiding single cells in both directions is not enough either: a hidden
cell can still be fixed by a chain of hidden cells (a bridge between two cycles of them). So the
rule is coarse and provable, the same shape as `grid` for check-ins:

1. **Buckets.** Each bucket's responses are suppressed against the round's total
   (`suppress_counts`), in each partition on its own.
2. **Results.** A question shows once at least k people answered it; its options are suppressed
   against those answers (choose-one) or each on its own (choose-any), as the results page shows.
3. **Rows in full or not at all.** A bucket's row of a question (its answers and every option)
   is shown only when its responses are shown and every figure in the row is 0 or at least k.
   Then, for every figure the results page shows (the answers, each shown option, and the hidden
   options together), the total less the rows shown must be 0 or at least k; while it is not,
   the shown row with the smallest count in that column is hidden too, and so on.

Why this holds: in each partition the displayed cells are *atoms*: a shown row's cells, and the
rest of each displayed column (hidden rows, people in no bucket). Each atom is 0 or at least k by
step 3. A hidden row's responses may still show (step 1), but that row has no shown cell, so
those responses and the rest of each column are the two margins of a table none of whose cells
is shown: adding and subtracting margins of such a table gives only whole rows or whole columns,
each 0 or at least k. The same holds across the two partitions: for one option, a person's count
is reached through their team and their role, and a sum over teams plus a sum over roles is 0 or
1 in every (team, role) cell only when it is a whole set of teams or a whole set of roles.
`openqi/anonymity/tests/test_tables.py` checks this with the exact checker over generated
rounds with both partitions.

**Groups of options.** A question whose results page also shows groups of options (agree or
strongly agree, the score a trend reads) is decided as a tree: the answers, then each group, then
its options (`suppress`), so a group shows only with k or more and the answers less the shown
groups, and a group less its shown options, are 0 or at least k. Step 3 then works on the atoms of
that page (each shown option; a shown group's hidden options together; the hidden groups
together), of which every figure the page shows is a sum.

What a shown group is made of is not protected below k where it is not an answer: how many in a
shown bucket skipped a question (its responses less its answers), or, for choose-any questions,
did not choose an option (its answers less the option), may be below k, as with check-ins'
"n - good".
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from openqi.anonymity.suppression import Bucket, Decision, effective_k, suppress, suppress_counts

ANSWERED = ("__answered__",)  # a row's or the round's answers to the question
HIDDEN_OPTIONS = ("__hidden_options__",)  # the options the results page hides, together
HIDDEN_GROUPS = ("__hidden_groups__",)  # the groups of options the results page hides, together

Groups = Mapping[Any, tuple[Any, ...]]  # a group's key: the options in it (Any so dict[str, …] fits)


def results_options(
    counts: Mapping[Any, int], answered: int, k: int | None, overlapping: bool, groups: Groups | None = None
) -> Decision:
    """The results page's options: against the question's answers, or each on its own when people
    may choose several (then there is no total to subtract them from). With `groups` (choose-one
    only; every option in exactly one group), the groups are decided too, as a tree: answers, then
    groups, then options; `shows(group)` says whether a group's total may be shown."""
    if groups is None or overlapping:
        return suppress_counts(counts, total=None if overlapping else answered, k=k)
    _check_groups(counts, groups)
    root = ("__answers__",)
    buckets = [Bucket(root, answered)]
    for group, members in groups.items():
        buckets.append(Bucket(("__group__", group), sum(counts[o] for o in members), parent=root))
        buckets += [Bucket(o, counts[o], parent=("__group__", group)) for o in members]
    decision = suppress(buckets, k)

    def own(keys: frozenset[Hashable]) -> frozenset[Hashable]:
        return frozenset(
            key[1] if isinstance(key, tuple) and len(key) == 2 and key[0] == "__group__" else key
            for key in keys
            if key != root
        )

    return Decision(
        visible=own(decision.visible), below_k=own(decision.below_k), complementary=own(decision.complementary)
    )


def _check_groups(counts: Mapping[Any, int], groups: Groups) -> None:
    members = [o for options in groups.values() for o in options]
    if sorted(map(str, members)) != sorted(map(str, counts)) or len(set(members)) != len(members):
        raise ValueError("Every option must be in exactly one group.")
    if set(groups) & set(counts):
        raise ValueError("A group must not share its key with an option.")


def _atoms(
    counts: Mapping[Any, int], options: Decision, overlapping: bool, groups: Groups | None
) -> dict[Hashable, tuple[Hashable, ...]]:
    """The finest sets of options whose totals the results page shows or gives by subtraction:
    each shown option; the hidden options together (by group, when groups are shown); the hidden
    groups together. Every figure on the page is a sum of atoms."""
    atoms: dict[Hashable, tuple[Hashable, ...]] = {o: (o,) for o in counts if options.shows(o)}
    if overlapping:
        return atoms
    if groups is None:
        hidden = tuple(o for o in counts if not options.shows(o))
        if hidden:
            atoms[HIDDEN_OPTIONS] = hidden
        return atoms
    in_hidden_groups: list[Hashable] = []
    for group, members in groups.items():
        hidden = tuple(o for o in members if not options.shows(o))
        if not options.shows(group):
            in_hidden_groups += members
        elif hidden:
            atoms[(*HIDDEN_OPTIONS, group)] = hidden
    if in_hidden_groups:
        atoms[HIDDEN_GROUPS] = tuple(in_hidden_groups)
    return atoms


def full_rows(
    rows: Mapping[Hashable, Mapping[Hashable, int]], margins: Mapping[Hashable, int], k: int | None
) -> frozenset[Hashable]:
    """The rows that may be shown in full. `rows` are the candidate rows (their totals shown) with
    a count per column; `margins` are the column totals shown elsewhere, over every row including
    those not listed. A row is shown when each of its counts is 0 or at least k and, for each
    margin, the margin less the shown rows is 0 or at least k."""
    threshold = effective_k(k)

    def fine(count: int) -> bool:
        return count == 0 or count >= threshold

    shown = {key for key, cells in rows.items() if all(fine(count) for count in cells.values())}
    while True:
        for column in sorted(margins, key=str):
            residue = margins[column] - sum(rows[key].get(column, 0) for key in shown)
            if fine(residue):
                continue
            candidates = sorted(
                (key for key in shown if rows[key].get(column, 0) > 0), key=lambda key: (rows[key][column], str(key))
            )
            if not candidates:  # nothing shown to take away: the margin itself is what it is
                continue
            shown.discard(candidates[0])
            break
        else:
            return frozenset(shown)


@dataclass(frozen=True)
class QuestionDecision:
    """What every page may show of one question in one closed round."""

    shown: bool  # the results page shows the question (at least k answered)
    options: Decision  # the results page's options
    rows: Mapping[Hashable, frozenset[Hashable]]  # per partition, the buckets whose row is shown

    def shows_row(self, partition: Hashable, bucket: Hashable) -> bool:
        return bucket in self.rows.get(partition, frozenset())


def question_decide(
    *,
    answered: int,
    counts: Mapping[Any, int],  # by option (any hashable key; Any so a dict[str, int] fits)
    partitions: Mapping[Hashable, Mapping[Hashable, tuple[int, Mapping[Any, int]]]],
    k: int | None,
    overlapping: bool = False,
    groups: Groups | None = None,
) -> QuestionDecision:
    """Decide one question. `answered` and `counts` are the round's (every response, in a bucket
    or not); `partitions[p][bucket]` is a bucket's answers and its count per option, for the
    buckets whose responses are shown (step 1). `groups` are groups of options whose totals the
    results page shows too (choose-one questions only)."""
    threshold = effective_k(k)
    shown = answered >= threshold
    options = results_options(counts, answered, threshold, overlapping, groups)
    atoms = _atoms(counts, options, overlapping, groups)
    margins: dict[Hashable, int] = {}
    if shown:
        margins[ANSWERED] = answered
        margins.update({atom: sum(counts[o] for o in members) for atom, members in atoms.items()})
    rows: dict[Hashable, frozenset[Hashable]] = {}
    for partition, buckets in partitions.items():
        table: dict[Hashable, dict[Hashable, int]] = {}
        for bucket, (bucket_answered, by_option) in buckets.items():
            # A shown row shows every option: each must be 0 or at least k, and so must each atom.
            cells = {ANSWERED: bucket_answered, **{o: by_option.get(o, 0) for o in counts}}
            cells.update({atom: sum(by_option.get(o, 0) for o in members) for atom, members in atoms.items()})
            table[bucket] = cells
        rows[partition] = full_rows(table, margins, threshold)
    return QuestionDecision(shown=shown, options=options, rows=rows)
