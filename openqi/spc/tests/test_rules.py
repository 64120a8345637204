"""Special-cause rules and their edge cases under the MDC-style profiles."""

import numpy as np
import pytest

from openqi.spc import analyse
from openqi.spc.limits import Limits
from openqi.spc.rules import apply_rules
from openqi.spc.types import Settings


def _types(values: list[float | None], **kw: object) -> list[str]:
    return [p.point_type for p in analyse(values, **kw).points]  # type: ignore[arg-type]


def test_fewer_than_13_points_give_no_limits_and_no_special_cause_under_mdc() -> None:
    r = analyse([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 100])
    assert all(p.ucl is None for p in r.points)
    assert set(_types([1] * 11 + [100])) == {"common_cause"}
    assert r.warnings and "13" in r.warnings[0]


def test_ptd_computes_limits_for_short_parts_and_warns() -> None:
    r = analyse([1.0, 2.0, 1.0, 2.0, 1.0, 9.0], rules="ptd")
    assert r.points[0].ucl is not None
    assert any("only 6 points" in w for w in r.warnings)


def test_a_point_on_the_mean_breaks_a_shift() -> None:
    values = [2, 1, 2, 3, 1, 2, 1, 4, 5, 4, 5, 4, 5]  # mean exactly 3
    r = analyse(values)
    assert r.points[0].cl == 3
    assert [p.flag_shift for p in r.points] == [False] * 7 + [True] * 6
    assert _types(values)[7:] == ["special_cause_improvement"] * 6


def test_a_tie_breaks_a_trend() -> None:
    tie = [10, 11, 12, 12, 13, 14, 15, 9, 16, 8, 12, 10, 14]
    assert not any(p.flag_trend for p in analyse(tie).points)
    rising = [10, 11, 12, 12.5, 13, 14, 15, 9, 16, 8, 12, 10, 14]
    assert [p.flag_trend for p in analyse(rising).points][:8] == [True] * 7 + [False]


def test_a_trend_may_cross_the_mean_and_a_falling_trend_is_concern_when_higher_is_better() -> None:
    values = [5, 5.5, 5, 5.5, 5, 5.5, 9, 8, 7, 6, 5, 4, 5]
    r = analyse(values)
    assert [p.flag_trend for p in r.points][6:12] == [True] * 6
    assert r.points[6].y > r.points[6].cl > r.points[11].y  # type: ignore[operator]
    assert _types(values)[9:12] == ["special_cause_concern"] * 3
    assert _types(values, improvement="decrease")[9:12] == ["special_cause_improvement"] * 3
    assert _types(values, improvement="neutral")[11] == "special_cause_neutral_low"


def test_shift_and_trend_lengths_can_be_overridden() -> None:
    values = [4, 1, 4, 1, 4, 1, 4, 1, 3.5, 3.5, 3.5, 3.5, 3.5]
    assert not any(p.flag_shift for p in analyse(values).points)
    assert any(p.flag_shift for p in analyse(values, shift_points=5).points)
    assert analyse(values, rules="ptd").settings.shift_points == 7


def _limits(v: list[float]) -> Limits:
    n = len(v)
    arr = np.array(v, dtype=np.float64)
    zero = np.zeros(n)
    return Limits(
        v=arr,
        cl=zero,
        centre=zero,
        sig=np.ones(n),
        lcl=zero - 3,
        ucl=zero + 3,
        useful=~np.isnan(arr),
        n_useful_part=np.array([float(n)]),
        has_limits_part=np.array([True]),
    )


def _tot(v: list[float], rules: str = "mdc") -> list[bool]:
    n = len(v)
    ids = np.zeros(n, dtype=np.int64)
    f = apply_rules(_limits(v), ids, ids, np.zeros(n, dtype=np.bool_), Settings(rules=rules))  # type: ignore[arg-type]
    return (f.tot_hi | f.tot_lo).tolist()


def test_a_point_exactly_on_the_two_sigma_line_is_not_beyond_it() -> None:
    assert _tot([2.0, 2.0, 0.5]) == [False, False, False]
    assert _tot([2.0 + 1e-9, 2.0 + 1e-9, 0.5]) == [True, True, False]


def test_two_of_three_needs_all_three_on_one_side_and_flags_only_points_beyond() -> None:
    assert _tot([2.5, 2.5, -0.5]) == [False, False, False]
    assert _tot([2.5, 0.5, 2.5]) == [True, False, True]
    assert _tot([-2.5, -2.5, -1.0]) == [True, True, False]


def test_beyond_three_sigma_counts_for_two_of_three_only_in_mdc_sql() -> None:
    assert _tot([3.5, 2.5, 0.5], "mdc") == [False, False, False]
    assert _tot([3.5, 2.5, 0.5], "mdc-sql") == [True, True, False]


def test_missing_values_break_shifts_trends_and_windows() -> None:
    values: list[float | None] = [1, 2, 3, 4, 5, None, 6, 7, 8, 9, 10, 4, 5, 4]
    r = analyse(values)
    assert not any(p.flag_trend for p in r.points)
    assert r.points[5].y is None and r.points[5].point_type == "common_cause"
    values[5] = 5.5
    assert all(p.flag_trend for p in analyse(values).points[:11])


def test_excluded_points_are_skipped_by_sequence_rules() -> None:
    values = [1, 2, 3, 30, 4, 5, 6, 2, 3, 2, 3, 2, 3, 2]
    excl = [i == 3 for i in range(len(values))]
    r = analyse(values, exclude=excl)
    assert [p.flag_trend for p in r.points[:7]] == [True, True, True, False, True, True, True]
    assert r.points[3].point_type == "common_cause"


def test_rules_run_across_a_recalculation_only_in_mdc() -> None:
    values = [1.0, 2.0] * 6 + [1.0, 2.0, 3.0, 4.0] + [5.0, 6.0, 7.0, 8.0] + [5.0, 6.0] * 6
    phase = ["a"] * 16 + ["b"] * 16
    mdc = analyse(values, phase=phase)
    ptd = analyse(values, phase=phase, rules="ptd", trend_points=6)
    assert any(p.flag_trend for p in mdc.points[13:20])
    assert not any(p.flag_trend for p in ptd.points)


def test_conflict_improvement_wins_under_mdc_and_is_configurable_under_mdc_sql() -> None:
    values = [10, 10.5, 10, 10.5, 10, 10.5, 1, 2, 3, 4, 5, 6, 4.9]
    mdc = analyse(values)
    both = [i for i, p in enumerate(mdc.points) if p.flag_trend and p.flag_shift]
    assert both
    assert all(mdc.points[i].point_type == "special_cause_improvement" for i in both)
    sql = analyse(values, rules="mdc-sql", conflict="concern")
    assert all(p.point_type != "special_cause_improvement" for p in sql.points if p.flag_trend)


def test_qic_profile_flags_only_points_outside_the_limits() -> None:
    values = [1.0, 2.0] * 6 + [3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
    r = analyse(values, rules="qic")
    assert not any(p.flag_trend or p.flag_shift or p.flag_two_of_three for p in r.points)


def test_ptd_precedence_picks_the_side_of_the_strongest_rule() -> None:
    values = [10.0, 10.5] * 7 + [12.0, 13.0, 14.0, 15.0, 16.0, 30.0]
    r = analyse(values, rules="ptd", improvement="decrease", trend_points=5)
    assert r.points[-1].flag_outside
    assert r.points[-1].point_type == "special_cause_concern"


@pytest.mark.parametrize("bad", ["nope", "xyz"])
def test_unknown_chart_or_profile_is_a_clear_error(bad: str) -> None:
    with pytest.raises(ValueError, match="unknown chart"):
        analyse([1.0], chart=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown rules"):
        analyse([1.0], rules=bad)  # type: ignore[arg-type]


def test_t_chart_rejects_non_positive_values_and_p_chart_rejects_zero_n() -> None:
    with pytest.raises(ValueError, match="y must be > 0"):
        analyse([1.0, 0.0], chart="t")
    with pytest.raises(ValueError, match="n must be > 0"):
        analyse([1.0, 1.0], n=[2.0, 0.0], chart="p")
