"""Runs analysis: Anhøj rules as qicharts2, IHI rules with a computed runs table."""

import pytest

from openqi.spc import analyse, ihi_runs_limits
from openqi.spc.runs import anhoej_tables, qbinom, runs_distribution


@pytest.mark.parametrize(("n", "max_run", "min_crossings"), [(10, 6, 2), (24, 8, 8), (60, 9, 23)])
def test_anhoej_limits_match_the_spec_examples(n: int, max_run: int, min_crossings: int) -> None:
    lrm, ncm = anhoej_tables(60)
    assert (lrm[n], ncm[n]) == (max_run, min_crossings)


def test_qbinom_matches_r_at_small_sizes() -> None:
    assert [qbinom(0.05, k) for k in (0, 1, 9, 23, 39)] == [0, 0, 2, 8, 14]


def test_points_on_the_median_and_missing_points_neither_break_nor_extend_runs() -> None:
    values: list[float | None] = [1, 1, 5, 1, None, 1, 9, 9, 9, 9, 9]
    r = analyse(values, chart="run")
    part = r.parts[0]
    assert r.points[0].cl == 7.0
    assert part.n_useful == 10
    assert part.longest_run == 5
    assert part.n_crossings == 1


def test_a_long_run_is_a_runs_signal_and_the_summary_says_so() -> None:
    values = [1.0] * 8 + [5.0] + [9.0] * 8
    r = analyse(values, chart="run")
    assert r.parts[0].runs_signal
    assert r.summary.startswith("Non-random variation: a run of 8 points")


def test_random_looking_data_has_no_runs_signal() -> None:
    r = analyse([1.0, 3.0] * 10, chart="run")
    assert not r.parts[0].runs_signal
    assert r.summary.startswith("Random variation only")


def test_runs_analysis_is_reported_for_control_charts_but_not_mr() -> None:
    assert analyse([1.0, 3.0] * 10).parts[0].longest_run == 1
    assert analyse([1.0, 3.0] * 10, chart="mr").parts[0].longest_run is None


def test_runs_distribution_sums_to_one() -> None:
    for n1, n2 in [(5, 5), (7, 8), (15, 15)]:
        assert sum(runs_distribution(n1, n2)) == pytest.approx(1.0)


@pytest.mark.parametrize(("n", "expected"), [(10, (3, 9)), (14, (4, 12)), (20, (6, 16)), (24, (8, 18)), (30, (11, 21))])
def test_ihi_runs_table_is_computed_from_the_runs_distribution(n: int, expected: tuple[int, int]) -> None:
    assert ihi_runs_limits(n) == expected


def test_ihi_shift_skips_points_on_the_median() -> None:
    values = [1.0, 9.0] * 4 + [9.0, 9.0, 9.0, 5.0, 9.0, 9.0, 9.0] + [1.0] * 5 + [5.0]
    r = analyse(values, chart="run", run_rules="ihi")
    assert r.points[0].cl == 5.0
    flagged = [p.idx for p in r.points if p.flag_shift]
    assert flagged == [8, 9, 10, 11, 13, 14, 15]


def test_ihi_trend_counts_equal_neighbours_once() -> None:
    values = [5.0, 1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 3.0, 4.0, 3.0, 4.0]
    r = analyse(values, chart="run", run_rules="ihi")
    assert [p.flag_trend for p in r.points][1:7] == [True] * 6
    assert r.parts[0].runs_signal
    ties_break = analyse([5.0, 1.0, 2.0, 2.0, 3.0, 9.0, 3.0, 4.0, 3.0, 4.0], chart="run", run_rules="ihi")
    assert not any(p.flag_trend for p in ties_break.points)


def test_the_crossings_table_equals_qbinom_for_every_size_up_to_800_and_at_long_sizes() -> None:
    # The table is built by walking the binomial size by size; qbinom sums each size afresh.
    _, ncm = anhoej_tables(16_701)
    assert ncm[0] == -1
    assert [int(ncm[n]) for n in range(1, 801)] == [qbinom(0.05, n - 1) for n in range(1, 801)]
    for n in (1_000, 2_500, 9_999, 16_700, 16_701):
        assert ncm[n] == qbinom(0.05, n - 1)


def test_a_smaller_table_after_a_larger_one_is_its_prefix() -> None:
    big = anhoej_tables(5_000)
    small = anhoej_tables(100)
    assert list(small[1]) == list(big[1][:101])
    assert list(small[0]) == list(big[0][:101])


def test_the_runs_tables_for_a_long_series_are_fast() -> None:
    import time

    from openqi.spc import runs

    anhoej_tables.cache_clear()
    runs._crossings_table[1:] = []  # a cold start, as a new worker process has
    runs._crossings_state[:] = [0.0, 1.0]
    started = time.perf_counter()
    _, ncm = anhoej_tables(16_700)
    assert time.perf_counter() - started < 2.0  # was minutes: one O(n) quantile per n
    assert ncm[16_700] == qbinom(0.05, 16_699)


def test_the_ihi_limits_in_logarithms_equal_the_exact_sums() -> None:
    from openqi.spc.runs import _runs_distribution_logs, _tails

    for n in [*range(2, 160), 401, 777]:
        n1 = n // 2
        assert _tails(_runs_distribution_logs(n1, n - n1)) == _tails(runs_distribution(n1, n - n1)), n


def test_ihi_rules_on_a_long_series_finish_quickly() -> None:
    import time

    values = [float(i % 7) for i in range(16_700)]
    started = time.perf_counter()
    result = analyse(values, chart="run", run_rules="ihi")
    assert time.perf_counter() - started < 5.0
    assert result.parts[0].n_useful > 10_000
