"""Each chart type's centre line and limits against hand-computed values (profile qic: limits
wherever qicharts2 draws them; mdc where the 13-point minimum matters)."""

import itertools
import math
import statistics

import numpy as np
import pytest

from openqi.spc import analyse
from openqi.spc.limits import c4, c4_lookup

TIGHT = 1e-9


def test_c_chart_limits_are_mean_plus_minus_three_root_mean_floored_at_zero() -> None:
    p = analyse([2, 4, 6], chart="c", rules="qic").points[0]
    assert (p.cl, p.ucl, p.lcl) == pytest.approx((4.0, 4 + 3 * 2.0, 0.0), rel=TIGHT)


def test_p_chart_limits_vary_with_n_and_clip_to_zero_and_one() -> None:
    r = analyse([2, 3, 5], n=[10, 20, 25], chart="p", rules="qic")
    cl = 10 / 55
    for pt, n in zip(r.points, [10, 20, 25], strict=True):
        s = math.sqrt(cl * (1 - cl) / n)
        assert pt.cl == pytest.approx(cl, rel=TIGHT)
        assert pt.ucl == pytest.approx(min(1.0, cl + 3 * s), rel=TIGHT)
        assert pt.lcl == pytest.approx(max(0.0, cl - 3 * s), abs=1e-12)
    assert [pt.y for pt in r.points] == pytest.approx([0.2, 0.15, 0.2])
    tiny = analyse([1, 0], n=[2, 2], chart="p", rules="qic").points[0]
    assert tiny.ucl == 1.0 and tiny.lcl == 0.0


def test_u_chart_limits_use_root_cl_over_n() -> None:
    r = analyse([2, 4], n=[1, 2], chart="u", rules="qic")
    assert r.points[0].cl == pytest.approx(2.0)
    assert r.points[0].ucl == pytest.approx(2 + 3 * math.sqrt(2.0), rel=TIGHT)
    assert r.points[1].ucl == pytest.approx(5.0, rel=TIGHT)
    assert r.points[1].lcl == 0.0


def test_g_chart_shows_the_median_and_takes_limits_from_the_mean() -> None:
    p = analyse([1, 2, 3, 10], chart="g", rules="qic").points[0]
    assert p.cl == pytest.approx(2.5)
    assert p.ucl == pytest.approx(4 + 3 * math.sqrt(20), rel=TIGHT)
    assert p.lcl == 0.0


def test_t_chart_is_an_i_chart_on_transformed_values_back_transformed() -> None:
    ys = [1.0, 8.0, 27.0, 64.0, 30.0]
    tv = [y ** (1 / 3.6) for y in ys]
    mean = sum(tv) / len(tv)
    mrs = [abs(b - a) for a, b in itertools.pairwise(tv)]
    mrbar = sum(mrs) / len(mrs)
    kept = [m for m in mrs if m < 3.267 * mrbar]
    mrbar = sum(kept) / len(kept)
    p = analyse(ys, chart="t", rules="qic").points[0]
    assert p.cl == pytest.approx(mean**3.6, rel=TIGHT)
    assert p.ucl == pytest.approx((mean + 3 * mrbar / 1.128) ** 3.6, rel=TIGHT)
    lo = mean - 3 * mrbar / 1.128
    assert p.lcl == pytest.approx(max(lo, 0.0) ** 3.6, rel=TIGHT)
    assert p.y == 1.0


def test_c4_is_exact() -> None:
    """The engine's own c4 (not a copy): exact values for n = 2 and 3, NaN below 2."""
    got = c4(np.array([2.0, 3.0, 1.0, 0.0]))
    assert got[0] == pytest.approx(math.sqrt(2 / math.pi), rel=1e-12)
    assert got[1] == pytest.approx(math.sqrt(math.pi) / 2, rel=1e-12)
    assert np.isnan(got[2:]).all()
    assert c4_lookup(np.array([3.0, 2.0, 1.0, math.nan])) == pytest.approx(
        [math.sqrt(math.pi) / 2, math.sqrt(2 / math.pi), math.nan, math.nan], rel=1e-12, nan_ok=True
    )


def _c4(n: int) -> float:
    return math.sqrt(2 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))


def test_xbar_chart_with_one_subgroup_size_uses_s_bar_and_exact_a3() -> None:
    """qicharts2 qic.xbar: constant n, so the SD is the plain mean of the subgroup SDs."""
    r = analyse([1, 2, 3, 2, 4, 6], x=[1, 1, 1, 2, 2, 2], chart="xbar", rules="qic")
    assert [p.y for p in r.points] == pytest.approx([2.0, 4.0])
    s_bar = (1.0 + 2.0) / 2
    a3 = 3 / (_c4(3) * math.sqrt(3))
    p = r.points[0]
    assert p.cl == pytest.approx(3.0)
    assert p.ucl == pytest.approx(3 + a3 * s_bar, rel=TIGHT)
    assert p.lcl == pytest.approx(3 - a3 * s_bar, rel=TIGHT)


def test_xbar_chart_with_varying_subgroup_sizes_pools_the_sd_and_takes_a3_per_point() -> None:
    ys = [1, 2, 3, 2, 4, 6, 8, 3, 5, 7]
    xs = [1, 1, 1, 2, 2, 2, 2, 3, 3, 3]
    r = analyse(ys, x=xs, chart="xbar", rules="qic")
    sds = [1.0, statistics.stdev([2, 4, 6, 8]), 2.0]
    sizes = [3, 4, 3]
    pooled = math.sqrt(sum((n - 1) * s**2 for n, s in zip(sizes, sds, strict=True)) / (sum(sizes) - 3))
    cl = sum(ys) / len(ys)
    for p, n in zip(r.points, sizes, strict=True):
        assert p.cl == pytest.approx(cl, rel=TIGHT)
        assert p.ucl == pytest.approx(cl + 3 / (_c4(n) * math.sqrt(n)) * pooled, rel=TIGHT)


def test_s_chart_with_one_subgroup_size_centres_on_s_bar_with_exact_b3_b4() -> None:
    r = analyse([1, 2, 3, 2, 4, 6], x=["a", "a", "a", "b", "b", "b"], chart="s", rules="qic")
    assert [p.y for p in r.points] == pytest.approx([1.0, 2.0])
    s_bar = 1.5
    c4_3 = _c4(3)
    k = 3 * math.sqrt(1 - c4_3**2) / c4_3
    p = r.points[0]
    assert p.cl == pytest.approx(s_bar)
    assert p.ucl == pytest.approx((1 + k) * s_bar, rel=TIGHT)
    assert p.lcl == pytest.approx(max(0.0, 1 - k) * s_bar, abs=1e-12)


@pytest.mark.parametrize("rules", ["mdc", "ptd"])
def test_other_profiles_keep_the_pooled_sd_for_xbar_and_s(rules: str) -> None:
    r = analyse([1, 2, 3, 2, 4, 6], x=["a", "a", "a", "b", "b", "b"], chart="s", rules=rules)  # type: ignore[arg-type]
    assert r.points[0].cl == pytest.approx(math.sqrt(2.5))


def test_mr_chart_plots_moving_ranges_with_ucl_3_267_mrbar() -> None:
    r = analyse([1, 3, 6, 10], chart="mr", rules="qic")
    assert r.points[0].y is None
    assert [p.y for p in r.points[1:]] == [2.0, 3.0, 4.0]
    p = r.points[1]
    assert (p.cl, p.ucl, p.lcl) == pytest.approx((3.0, 3.267 * 3.0, 0.0), rel=TIGHT)


def _laney(ys: list[float], ns: list[float], rate: bool) -> tuple[float, list[float], float]:
    cl = sum(ys) / sum(ns)
    sig = [math.sqrt(cl / n) if rate else math.sqrt(cl * (1 - cl) / n) for n in ns]
    z = [(y / n - cl) / s for y, n, s in zip(ys, ns, sig, strict=True)]
    sz = sum(abs(b - a) for a, b in itertools.pairwise(z)) / (len(z) - 1) / 1.128
    return cl, sig, sz


@pytest.mark.parametrize("chart", ["pp", "up"])
def test_laney_charts_scale_sigma_by_the_moving_range_of_z(chart: str) -> None:
    ys = [10.0, 20.0, 30.0, 25.0]
    ns = [100.0, 120.0, 100.0, 90.0]
    cl, sig, sz = _laney(ys, ns, rate=chart == "up")
    r = analyse(ys, n=ns, chart=chart, rules="qic", screen_mr=False)  # type: ignore[arg-type]
    for p, s in zip(r.points, sig, strict=True):
        assert p.cl == pytest.approx(cl, rel=TIGHT)
        assert p.ucl == pytest.approx(cl + 3 * s * sz, rel=TIGHT)
        assert p.lcl == pytest.approx(max(0.0, cl - 3 * s * sz), abs=1e-12)


def test_i_chart_profiles_use_2_66_or_3_over_1_128() -> None:
    ys = [1.0, 3.0, 2.0, 5.0]
    mdc = analyse(ys, rules="ptd", screen_mr=False).points[0]
    qic = analyse(ys, rules="qic", screen_mr=False).points[0]
    assert mdc.ucl == pytest.approx(2.75 + 2.66 * 2.0, rel=TIGHT)
    assert qic.ucl == pytest.approx(2.75 + 3 * 2.0 / 1.128, rel=TIGHT)


def test_missing_values_break_moving_ranges_on_both_sides() -> None:
    p = analyse([1.0, 2.0, None, 10.0, 12.0], rules="qic", screen_mr=False).points[0]
    assert p.cl == pytest.approx(25 / 4)
    assert p.ucl == pytest.approx(25 / 4 + 3 * 1.5 / 1.128, rel=TIGHT)


def test_excluded_points_are_bridged_and_left_out_but_still_flagged_outside() -> None:
    ys = [10.0, 11.0, 100.0, 12.0, 10.0, 11.0, 12.0, 10.0, 11.0, 12.0, 10.0, 11.0, 12.0, 11.0]
    excl = [i == 2 for i in range(len(ys))]
    r = analyse(ys, exclude=excl)
    kept = [y for y, e in zip(ys, excl, strict=True) if not e]
    mrs = [abs(b - a) for a, b in itertools.pairwise(kept)]
    p = r.points[2]
    assert p.cl == pytest.approx(sum(kept) / len(kept))
    assert p.ucl == pytest.approx(sum(kept) / len(kept) + 2.66 * sum(mrs) / len(mrs))
    assert p.flag_outside and p.excluded and p.point_type == "common_cause"


def test_baseline_rows_fix_the_limits_for_the_rest_of_the_part() -> None:
    ys = [float(i % 3) for i in range(13)] + [50.0] * 3
    r = analyse(ys, baseline=[i < 13 for i in range(16)])
    assert r.points[-1].cl == pytest.approx(sum(ys[:13]) / 13)
    assert all(p.point_type == "special_cause_improvement" for p in r.points[-3:])


def test_a_phase_change_starts_a_new_part_even_when_a_label_returns() -> None:
    ys = [1.0, 2.0] * 12
    r = analyse(ys, phase=["A"] * 8 + ["B"] * 8 + ["A"] * 8, rules="qic")
    assert [p.part for p in r.points][::8] == [1, 2, 3]
    assert len(r.parts) == 3


def test_flat_series_collapses_limits_onto_the_mean_without_screening() -> None:
    r = analyse([5.0] * 15)
    assert (r.points[0].lcl, r.points[0].cl, r.points[0].ucl) == (5.0, 5.0, 5.0)
    assert {p.point_type for p in r.points} == {"common_cause"}


def test_flat_series_has_no_limits_when_screening_drops_every_range() -> None:
    r = analyse([5.0] * 15, rules="ptd")
    assert r.points[0].ucl is None and r.points[0].cl == 5.0
    assert r.variation_icon == "none"
    assert "cannot be calculated" in r.summary


def test_negative_values_are_handled_like_any_other() -> None:
    base = [20, 24, 20, 26, 22, 16, 18, 16, 31, 28, 34, 26, 30, 19, 18]
    p = analyse([v - 100 for v in base]).points[0]
    assert p.cl == pytest.approx(-76.8)
    assert p.ucl == pytest.approx(-76.8 + 2.66 * 76 / 14)
