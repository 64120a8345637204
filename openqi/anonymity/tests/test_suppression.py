from collections.abc import Hashable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openqi.anonymity import Bucket, Decision, effective_k, suppress, suppress_counts


def test_k_defaults_to_11_and_is_never_below_10() -> None:
    assert effective_k(None) == 11
    assert effective_k(5) == 10
    assert effective_k(25) == 25


def test_a_group_below_k_is_hidden_and_a_group_at_k_is_shown() -> None:
    decision = suppress_counts({"ward 1": 10, "ward 2": 11})
    assert not decision.shows("ward 1")
    assert decision.shows("ward 2")
    assert decision.below_k == {"ward 1"}


def test_an_empty_group_is_shown_as_empty_because_it_reveals_nobody() -> None:
    assert suppress_counts({"ward 1": 0}).shows("ward 1")


def test_one_hidden_sibling_hides_the_next_smallest_so_it_cannot_be_derived_from_the_total() -> None:
    decision = suppress_counts({"a": 3, "b": 40, "c": 15, "d": 60}, total=118)
    assert not decision.shows("a")
    assert not decision.shows("c")  # the next-smallest goes too
    assert decision.shows("b") and decision.shows("d")
    assert decision.complementary == {"c"}


def test_hiding_continues_until_the_hidden_total_reaches_k() -> None:
    decision = suppress_counts({"a": 2, "b": 3, "c": 12, "d": 14, "e": 50}, total=81)
    assert [key for key in "abcde" if decision.shows(key)] == ["d", "e"]
    assert decision.complementary == {"c"}


def test_when_every_child_would_be_hidden_only_the_parent_shows() -> None:
    decision = suppress([Bucket("trust", 12), Bucket("ward 1", 5, parent="trust"), Bucket("ward 2", 7, parent="trust")])
    assert decision.visible == {"trust"}


def test_people_in_no_team_count_as_a_hidden_group() -> None:
    # 30 in the trust, 24 in the one shown ward: the other 6 could be derived, so the ward hides.
    decision = suppress([Bucket("trust", 30), Bucket("ward", 24, parent="trust")])
    assert decision.visible == {"trust"}


def test_everything_under_a_hidden_parent_is_hidden() -> None:
    decision = suppress(
        [
            Bucket("org", 100),
            Bucket("dir", 9, parent="org"),
            Bucket("ward", 9, parent="dir"),
            Bucket("x", 91, parent="org"),
        ]
    )
    assert not decision.shows("dir") and not decision.shows("ward")


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        suppress([Bucket("a", -1)])
    with pytest.raises(ValueError, match="parent"):
        suppress([Bucket("a", 3, parent="missing")])


@st.composite
def trees(draw: st.DrawFn) -> list[Bucket]:
    """Random hierarchies (up to three levels) whose children never exceed their parent."""
    buckets: list[Bucket] = []

    def grow(key: str, capacity: int, parent: Hashable | None, depth: int) -> None:
        buckets.append(Bucket(key, capacity, parent))
        if depth == 0:
            return
        n_children = draw(st.integers(0, 4))
        remaining = capacity
        for i in range(n_children):
            share = draw(st.integers(0, remaining))
            remaining -= share
            grow(f"{key}.{i}", share, key, depth - 1)

    for r in range(draw(st.integers(1, 3))):
        grow(f"r{r}", draw(st.integers(0, 120)), None, draw(st.integers(0, 3)))
    return buckets


def _check(buckets: list[Bucket], decision: Decision, k: int) -> None:
    by_key = {b.key: b for b in buckets}
    for bucket in buckets:
        if decision.shows(bucket.key):
            assert bucket.count == 0 or bucket.count >= k, f"{bucket} shown below k"
        if bucket.parent is not None and not decision.shows(bucket.parent) and bucket.count > 0:
            assert not decision.shows(bucket.key), f"{bucket} shown under a hidden parent"
    for parent in buckets:
        if not decision.shows(parent.key):
            continue
        shown_children = sum(b.count for b in buckets if b.parent == parent.key and decision.shows(b.key))
        residue = by_key[parent.key].count - shown_children
        assert residue == 0 or residue >= k, f"subtracting under {parent.key} reveals {residue} people"


@settings(max_examples=400, deadline=None)
@given(buckets=trees(), k=st.integers(0, 30))
def test_no_shown_bucket_and_no_subtraction_reveals_a_group_below_k(buckets: list[Bucket], k: int) -> None:
    decision = suppress(buckets, k)
    _check(buckets, decision, effective_k(k))


@settings(max_examples=200, deadline=None)
@given(buckets=trees(), k=st.integers(10, 20))
def test_raising_k_never_shows_more(buckets: list[Bucket], k: int) -> None:
    assert suppress(buckets, k + 1).visible <= suppress(buckets, k).visible | {b.key for b in buckets if b.count == 0}


def test_a_bucket_hidden_by_another_rule_stays_hidden_with_everything_under_it() -> None:
    buckets = [Bucket("trust", 60), Bucket("a", 40, "trust"), Bucket("a1", 20, "a"), Bucket("a2", 20, "a")]
    decision = suppress(buckets, hide=["a"])
    assert decision.shows("trust")
    assert not any(decision.shows(key) for key in ("a", "a1", "a2"))
    assert "a" in decision.complementary
