"""The prize draw's rule, without a database: commitment, determinism, fairness, verification."""

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openqi.recognition import draws

SEED = "00" * 31 + "01"


def test_a_new_seed_is_256_bits_and_its_commitment_is_its_sha256() -> None:
    seed = draws.seed_new()
    assert len(seed) == 64 and int(seed, 16) >= 0
    assert draws.commitment(seed) != seed
    assert draws.commitment(seed) == draws.commitment(seed)
    assert draws.seed_new() != seed


def test_the_draw_is_reproducible_from_the_seed_and_ignores_entrant_order() -> None:
    first = draws.draw_winners(SEED, [5, 3, 9, 1, 7], 2)
    assert first == draws.draw_winners(SEED, [9, 7, 5, 3, 1, 3], 2)
    assert len(set(first)) == 2 and set(first) <= {1, 3, 5, 7, 9}


def test_asking_for_more_winners_than_entrants_draws_everyone_once() -> None:
    assert sorted(draws.draw_winners(SEED, [4, 2], 5)) == [2, 4]
    assert draws.draw_winners(SEED, [], 3) == []


# No deadline or speed check: the CI machine is shared, and a slow example is not a wrong one.
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=40), st.integers(1, 10))
def test_winners_are_distinct_entrants(entrants: list[int], wanted: int) -> None:
    winners = draws.draw_winners(SEED, entrants, wanted)
    assert len(winners) == min(wanted, len(set(entrants)))
    assert len(set(winners)) == len(winners)
    assert set(winners) <= set(entrants)


def test_every_entrant_is_about_equally_likely_to_win() -> None:
    wins = Counter(draws.draw_winners(f"{i:064x}", [1, 2, 3, 4, 5], 1)[0] for i in range(5000))
    assert set(wins) == {1, 2, 3, 4, 5}
    # 1,000 expected each; a fair rule stays well within ±15% at this size.
    assert all(850 <= n <= 1150 for n in wins.values()), wins


def test_verification_passes_for_an_honest_draw() -> None:
    seed = draws.seed_new()
    entrants = [11, 12, 13, 14]
    winners = draws.draw_winners(seed, entrants, 2)
    result = draws.verify(
        seed=seed, recorded_commitment=draws.commitment(seed), entrant_ids=entrants, wanted=2, recorded_winners=winners
    )
    assert result.verified and result.recomputed_winners == tuple(winners)


def test_verification_catches_a_seed_swapped_after_the_commitment() -> None:
    seed, other = draws.seed_new(), draws.seed_new()
    winners = draws.draw_winners(other, [1, 2, 3], 1)
    result = draws.verify(
        seed=other,
        recorded_commitment=draws.commitment(seed),
        entrant_ids=[1, 2, 3],
        wanted=1,
        recorded_winners=winners,
    )
    assert not result.commitment_matches and not result.verified


def test_verification_catches_a_changed_winner_or_entrant_list() -> None:
    seed = draws.seed_new()
    winners = draws.draw_winners(seed, [1, 2, 3, 4, 5, 6], 1)
    changed = [next(i for i in [1, 2, 3, 4, 5, 6] if i != winners[0])]
    assert not draws.verify(
        seed=seed,
        recorded_commitment=draws.commitment(seed),
        entrant_ids=[1, 2, 3, 4, 5, 6],
        wanted=1,
        recorded_winners=changed,
    ).verified
    assert draws.entrants_digest([3, 1, 2]) == draws.entrants_digest([1, 2, 3])
    assert draws.entrants_digest([1, 2]) != draws.entrants_digest([1, 2, 3])


def test_a_seed_that_is_not_hexadecimal_does_not_verify() -> None:
    result = draws.verify(seed="not hex", recorded_commitment="x", entrant_ids=[1], wanted=1, recorded_winners=[1])
    assert not result.verified
