"""The reporting threshold k, with complementary suppression, for every report of anonymous answers.

Every page, chart, export and PDF that shows an aggregate of check-ins or survey answers asks this
module which buckets it may show. A bucket is a group of responses at one place in a hierarchy
(organisation → directorate → team, or week → day). The rules:

1. A bucket is shown only when it rests on at least *k* responses.
2. Complementary suppression: the parent's total less its shown children (the hidden children
   and anyone in no child) must be 0 or at least *k*; otherwise the next-smallest shown sibling
   is hidden too, and so on. Subtracting shown buckets from a shown total then reveals only a
   group of *k* or more, never a small one.
3. When every child of a parent would be hidden, the parent alone is shown.
4. A bucket with no responses is shown as empty: it reveals nobody.

Pure Python and no Django, so it can be tested exhaustively and used anywhere.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

MIN_K = 10
DEFAULT_K = 11


def effective_k(k: int | None) -> int:
    """The threshold in force: an organisation may raise k but never set it below 10."""
    return DEFAULT_K if k is None else max(MIN_K, k)


@dataclass(frozen=True)
class Bucket:
    key: Hashable
    count: int
    parent: Hashable | None = None


@dataclass(frozen=True)
class Decision:
    """What a report may show: `visible` buckets by key, and why the others are hidden."""

    visible: frozenset[Hashable]
    below_k: frozenset[Hashable]
    complementary: frozenset[Hashable]

    def shows(self, key: Hashable) -> bool:
        return key in self.visible


def suppress(buckets: Iterable[Bucket], k: int | None = None, hide: Iterable[Hashable] = ()) -> Decision:
    """Decide which buckets may be shown. Parents must be listed as buckets too (roots have
    `parent=None`); a child's count must not exceed its parent's. Keys in `hide` are hidden from
    the start (another rule hides them), and the complement protects them like any other."""
    threshold = effective_k(k)
    items = {b.key: b for b in buckets}
    children: dict[Hashable | None, list[Bucket]] = {}
    for bucket in items.values():
        if bucket.count < 0:
            raise ValueError(f"Bucket {bucket.key!r} has a negative count.")
        if bucket.parent is not None and bucket.parent not in items:
            raise ValueError(f"Bucket {bucket.key!r} names a parent {bucket.parent!r} that is not listed.")
        children.setdefault(bucket.parent, []).append(bucket)

    below_k = {b.key for b in items.values() if 0 < b.count < threshold}
    hidden = set(below_k)
    complementary: set[Hashable] = {key for key in hide if key in items and key not in below_k}
    hidden |= complementary

    def settle(parent: Hashable | None) -> None:
        siblings = children.get(parent, [])
        parent_hidden = parent is not None and parent in hidden
        if parent_hidden:
            # Nothing under a hidden parent may show: the parent's total is itself protected.
            for child in siblings:
                if child.count > 0 and child.key not in hidden:
                    hidden.add(child.key)
                    complementary.add(child.key)
        elif parent is not None:
            _complement(items[parent].count, siblings, hidden, complementary, threshold)
        for child in siblings:
            settle(child.key)

    # Roots have no parent total to subtract from, so only the k rule applies to them.
    settle(None)
    visible = frozenset(key for key in items if key not in hidden)
    return Decision(visible=visible, below_k=frozenset(below_k), complementary=frozenset(complementary))


def _complement(
    parent_count: int, siblings: list[Bucket], hidden: set[Hashable], complementary: set[Hashable], k: int
) -> None:
    # What subtraction reveals: the parent less every shown child. That residue covers hidden
    # children and anyone in no child at all (people without a team); it must be 0 or >= k.
    shown = sorted((b for b in siblings if b.key not in hidden and b.count > 0), key=lambda b: (b.count, str(b.key)))
    residue = parent_count - sum(b.count for b in shown)
    while 0 < residue < k and shown:
        extra = shown.pop(0)
        hidden.add(extra.key)
        complementary.add(extra.key)
        residue += extra.count


def suppress_counts(counts: Mapping[Hashable, int], total: int | None = None, k: int | None = None) -> Decision:
    """The common one-level case: sibling groups under one parent (teams in an organisation,
    days in a week). With `total`, the parent is shown and complementary suppression applies."""
    if total is None:
        return suppress((Bucket(key, count) for key, count in counts.items()), k)
    root = ("__total__",)
    buckets = [Bucket(root, total)] + [Bucket(key, count, parent=root) for key, count in counts.items()]
    decision = suppress(buckets, k)
    return Decision(
        visible=decision.visible - {root},
        below_k=decision.below_k - {root},
        complementary=decision.complementary,
    )
