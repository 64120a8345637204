"""Exact expectations for what mutation testing showed no test pinned down: icon names on both
sides and in both directions, the ptd precedence between conflicting flags, downward IHI shifts
and trends, limits of later phases when a baseline is set in one phase, a target exactly on a
limit, and a mirror property (y -> -y with the direction flipped mirrors every flag and icon)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openqi.spc import SeriesResult, analyse
from openqi.spc.types import Improvement, Rules

CALM = [10.0, 11.0, 9.0] * 5  # mean 10, every moving range 1 or 2


@pytest.mark.parametrize(
    ("last", "improvement", "point_type", "icon"),
    [
        (30.0, "increase", "special_cause_improvement", "improvement_high"),
        (30.0, "decrease", "special_cause_concern", "concern_high"),
        (-10.0, "increase", "special_cause_concern", "concern_low"),
        (-10.0, "decrease", "special_cause_improvement", "improvement_low"),
        (30.0, "neutral", "special_cause_neutral_high", "neutral_high"),
        (-10.0, "neutral", "special_cause_neutral_low", "neutral_low"),
    ],
)
@pytest.mark.parametrize("rules", ["mdc", "mdc-sql", "ptd", "qic"])
def test_the_variation_icon_names_the_side_and_the_direction(
    last: float, improvement: Improvement, point_type: str, icon: str, rules: Rules
) -> None:
    r = analyse([*CALM, last], improvement=improvement, rules=rules)
    assert r.points[-1].flag_outside
    assert r.points[-1].point_type == point_type
    assert r.variation_icon == icon
    assert r.parts[-1].variation_icon == icon


def test_common_cause_and_too_few_points_have_their_own_icons() -> None:
    assert analyse(CALM).variation_icon == "common_cause"
    assert analyse(CALM[:12]).variation_icon == "none"  # fewer than 13 points under mdc
    assert analyse(CALM[:12], rules="ptd").variation_icon == "common_cause"


# Thirteen points around 0, then seven falling points all above the mean: the last three are
# inside the limits, in a high shift (7 above the mean) and in a falling trend (7 falling).
CONFLICT = [-1.0, 1.0] * 6 + [0.0] + [20.0, 18.0, 16.0, 14.0, 12.0, 10.0, 8.0]


def test_ptd_precedence_lets_a_falling_trend_beat_a_high_shift() -> None:
    r = analyse(CONFLICT, rules="ptd", improvement="increase")
    last = r.points[-1]
    assert (last.flag_outside, last.flag_shift, last.flag_trend) == (False, True, True)
    assert last.point_type == "special_cause_concern"  # trend (low) outranks shift (high)
    assert r.variation_icon == "concern_low"
    down = analyse(CONFLICT, rules="ptd", improvement="decrease")
    assert down.points[-1].point_type == "special_cause_improvement"
    assert down.variation_icon == "improvement_low"


# Two points between the 2-sigma and 3-sigma lines on one side, the point before them on the
# same side of the mean: two-of-three is the only rule that flags them (spec section 2).
TWO_OF_THREE_HIGH = [*CALM, 10.5, 13.2, 13.2]
TWO_OF_THREE_LOW = [*CALM, 9.5, 6.8, 6.8]


@pytest.mark.parametrize(
    ("values", "improvement", "point_type", "icon"),
    [
        (TWO_OF_THREE_HIGH, "increase", "special_cause_improvement", "improvement_high"),
        (TWO_OF_THREE_HIGH, "decrease", "special_cause_concern", "concern_high"),
        (TWO_OF_THREE_HIGH, "neutral", "special_cause_neutral_high", "neutral_high"),
        (TWO_OF_THREE_LOW, "increase", "special_cause_concern", "concern_low"),
        (TWO_OF_THREE_LOW, "decrease", "special_cause_improvement", "improvement_low"),
        (TWO_OF_THREE_LOW, "neutral", "special_cause_neutral_low", "neutral_low"),
    ],
)
@pytest.mark.parametrize("rules", ["mdc", "mdc-sql", "ptd"])
def test_two_of_three_alone_is_special_cause_on_its_side_in_every_profile(
    values: list[float], improvement: Improvement, point_type: str, icon: str, rules: Rules
) -> None:
    """Under ptd the precedence step must keep a point that only two-of-three flags."""
    r = analyse(values, rules=rules, improvement=improvement)
    flags = [(p.flag_outside, p.flag_shift, p.flag_trend, p.flag_two_of_three) for p in r.points[-3:]]
    assert flags == [(False, False, False, False), *[(False, False, False, True)] * 2]
    assert [p.point_type for p in r.points[-3:]] == ["common_cause", point_type, point_type]
    assert r.variation_icon == icon


def test_without_precedence_a_point_flagged_both_ways_is_improvement_under_mdc() -> None:
    r = analyse(CONFLICT, rules="mdc", improvement="increase")
    assert r.points[-1].point_type == "special_cause_improvement"
    assert r.variation_icon == "improvement_high"
    concern = analyse(CONFLICT, rules="mdc-sql", improvement="increase", conflict="concern")
    assert concern.points[-1].point_type == "special_cause_concern"
    # mdc-sql's conflict setting defaults to improvement, as in the Excel tool.
    default = analyse(CONFLICT, rules="mdc-sql", improvement="increase")
    assert default.points[-1].point_type == "special_cause_improvement"
    assert default.variation_icon == "improvement_high"


@pytest.mark.parametrize("rules", ["mdc", "mdc-sql", "ptd"])
def test_with_no_direction_the_stronger_rule_names_the_side_in_every_profile(rules: Rules) -> None:
    r = analyse(CONFLICT, rules=rules, improvement="neutral")
    assert r.points[-1].point_type == "special_cause_neutral_low"  # falling trend beats high shift
    assert r.variation_icon == "neutral_low"


# The apex (10.6) ends a rising trend of six and starts a falling one: flagged both ways by the
# same rule, inside the limits, in no shift and no two-of-three window.
APEX = [*CALM, 9.6, 9.8, 10.0, 10.2, 10.4, 10.6, 10.4, 10.2, 10.0, 9.8, 9.6]


@pytest.mark.parametrize("rules", ["mdc", "mdc-sql"])
def test_the_apex_of_a_rising_and_a_falling_trend(rules: Rules) -> None:
    """No rule outranks the other there: with no direction the point is neutral high (docs/spc.md);
    with a direction the profile's conflict rule decides."""
    apex = analyse(APEX, rules=rules, improvement="neutral").points[20]
    assert (apex.y, apex.flag_outside, apex.flag_shift, apex.flag_trend, apex.flag_two_of_three) == (
        10.6, False, False, True, False,
    )  # fmt: skip
    assert apex.point_type == "special_cause_neutral_high"
    for improvement in ("increase", "decrease"):
        r = analyse(APEX, rules=rules, improvement=improvement)  # type: ignore[arg-type]
        assert r.points[20].point_type == "special_cause_improvement"
    concern = analyse(APEX, rules="mdc-sql", improvement="increase", conflict="concern")
    assert concern.points[20].point_type == "special_cause_concern"


def test_ihi_run_rules_flag_downward_shifts_and_falling_trends() -> None:
    values = [5.0, 6.0, 4.0, 5.5, 4.5, 5.0, 6.0, 4.0, 5.5, 4.5, 3.0, 2.9, 2.8, 2.7, 2.6, 2.5]
    r = analyse(values, chart="run", run_rules="ihi", improvement="increase")
    median = r.points[0].cl
    assert median is not None and median == pytest.approx(4.25)
    tail = r.points[-6:]
    assert all(p.y is not None and p.y < median for p in tail)
    assert all(p.flag_shift for p in tail)  # six below the median
    assert all(p.flag_trend for p in r.points[-6:])  # 3.0 ... 2.5 fall five times
    assert {p.point_type for p in tail} == {"special_cause_concern"}
    up = analyse([-v for v in values], chart="run", run_rules="ihi", improvement="decrease")
    assert [p.point_type for p in up.points] == [p.point_type for p in r.points]


def test_a_baseline_in_the_first_phase_leaves_later_phases_their_own_limits() -> None:
    first = [10.0, 12.0, 11.0, 13.0, 12.0, 10.0, 11.0, 12.0, 13.0, 11.0, 10.0, 12.0, 11.0, 12.0]
    second = [20.0, 22.0, 21.0, 23.0, 20.0, 22.0, 21.0, 20.0, 22.0, 23.0, 21.0, 22.0, 20.0, 21.0]
    baseline = [i < 13 for i in range(14)] + [False] * 14
    for rules in ("mdc", "ptd", "qic"):
        r = analyse(first + second, phase=["a"] * 14 + ["b"] * 14, baseline=baseline, rules=rules)  # type: ignore[arg-type]
        a, b = r.points[0], r.points[-1]
        assert a.cl == pytest.approx(sum(first[:13]) / 13)
        assert b.cl == pytest.approx(sum(second) / 14)
        assert b.ucl is not None and b.cl is not None and b.lcl is not None and b.ucl > b.cl > b.lcl


@pytest.mark.parametrize(
    ("improvement", "side", "mdc", "ptd"),
    [
        ("increase", "lcl", "pass", "hit_and_miss"),
        ("increase", "ucl", "fail", "hit_and_miss"),
        ("decrease", "ucl", "pass", "hit_and_miss"),
        ("decrease", "lcl", "fail", "hit_and_miss"),
    ],
)
def test_a_target_exactly_on_a_limit(improvement: Improvement, side: str, mdc: str, ptd: str) -> None:
    series = [*CALM, 10.0]
    for rules, expected in (("mdc", mdc), ("ptd", ptd)):
        limit = getattr(analyse(series, rules=rules).points[-1], side)  # type: ignore[arg-type]
        r = analyse(series, rules=rules, improvement=improvement, target=limit)  # type: ignore[arg-type]
        assert r.assurance_icon == expected, rules
        nudged = limit + (1e-6 if side == "ucl" else -1e-6)
        beyond = analyse(series, rules=rules, improvement=improvement, target=nudged)  # type: ignore[arg-type]
        assert beyond.assurance_icon == mdc  # just beyond the limit: the same for every profile


MIRROR_ICON = {
    "improvement_high": "improvement_low",
    "improvement_low": "improvement_high",
    "concern_high": "concern_low",
    "concern_low": "concern_high",
    "neutral_high": "neutral_low",
    "neutral_low": "neutral_high",
    "common_cause": "common_cause",
    "none": "none",
}
MIRROR_TYPE = {
    "special_cause_neutral_high": "special_cause_neutral_low",
    "special_cause_neutral_low": "special_cause_neutral_high",
}
FLIP: dict[str, Improvement] = {"increase": "decrease", "decrease": "increase", "neutral": "neutral"}


def _mirrored(a: SeriesResult, b: SeriesResult) -> None:
    for p, q in zip(a.points, b.points, strict=True):
        assert (p.cl is None and q.cl is None) or (p.cl is not None and q.cl == -p.cl)
        assert (p.ucl is None and q.lcl is None) or (p.ucl is not None and q.lcl == -p.ucl)
        assert (p.lcl is None and q.ucl is None) or (p.lcl is not None and q.ucl == -p.lcl)
        flags = ("flag_outside", "flag_shift", "flag_trend", "flag_two_of_three")
        assert [getattr(p, f) for f in flags] == [getattr(q, f) for f in flags]
        assert MIRROR_TYPE.get(p.point_type, p.point_type) == q.point_type
    for x, y in zip(a.parts, b.parts, strict=True):
        assert MIRROR_ICON[x.variation_icon] == y.variation_icon
        assert x.assurance_icon == y.assurance_icon
        assert (x.longest_run, x.n_crossings, x.runs_signal) == (y.longest_run, y.n_crossings, y.runs_signal)
    assert MIRROR_ICON[a.variation_icon] == b.variation_icon
    assert a.assurance_icon == b.assurance_icon


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=-50, max_value=50), min_size=13, max_size=40),
    st.sampled_from(["mdc", "mdc-sql", "ptd", "qic"]),
    st.sampled_from(["increase", "decrease", "neutral"]),
    st.integers(min_value=-60, max_value=60),
    st.integers(min_value=0, max_value=26),
)
def test_mirroring_a_series_mirrors_every_flag_and_icon(
    values: list[int], rules: Rules, improvement: Improvement, target: int, cut: int
) -> None:
    phase = ["a" if i < cut else "b" for i in range(len(values))]
    a = analyse([float(v) for v in values], rules=rules, improvement=improvement, target=float(target), phase=phase)
    b = analyse(
        [float(-v) for v in values], rules=rules, improvement=FLIP[improvement], target=float(-target), phase=phase
    )
    _mirrored(a, b)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=-50, max_value=50), min_size=10, max_size=40))
def test_mirroring_a_run_chart_under_ihi_rules_mirrors_every_flag(values: list[int]) -> None:
    a = analyse([float(v) for v in values], chart="run", run_rules="ihi")
    b = analyse([float(-v) for v in values], chart="run", run_rules="ihi", improvement="decrease")
    _mirrored(a, b)


def test_ihi_shifts_and_trends_stop_at_a_phase_boundary() -> None:
    """Four low points end phase a and three start phase b (seven in a row below 5, but never
    six in one phase); 1 2 3 end phase a and 4 5 start phase b (a rise of five across it)."""
    a = [6.0, 7.0, 6.5, 7.5, 6.0, 7.0, 1.0, 2.0, 3.0, 4.0]
    b = [4.0, 5.0, 3.0, 9.0, 8.0, 9.5, 8.5, 9.0, 8.0, 9.5]
    phase = ["a"] * 10 + ["b"] * 10
    split = analyse(a + b, chart="run", run_rules="ihi", phase=phase)
    assert not any(p.flag_shift or p.flag_trend for p in split.points)
    joined = analyse(a + b, chart="run", run_rules="ihi")
    assert any(p.flag_shift or p.flag_trend for p in joined.points)


def test_ihi_rules_on_a_series_with_no_values_flag_nothing() -> None:
    r = analyse([None] * 12, chart="run", run_rules="ihi")
    assert not any(p.flag_shift or p.flag_trend for p in r.points)
    assert r.variation_icon == "none"


def test_a_two_point_series_can_hold_a_trend_of_two() -> None:
    r = analyse([1.0, 2.0], rules="ptd", trend_points=2)
    assert [p.flag_trend for p in r.points] == [True, True]
    assert [p.point_type for p in r.points] == ["special_cause_improvement"] * 2


@pytest.mark.parametrize("kw", [{"exclude": [True]}, {"baseline": [True]}, {"exclude": [False]}])
def test_a_one_point_series_with_flags_has_no_limits_and_no_error(kw: dict[str, list[bool]]) -> None:
    r = analyse([5.0], rules="ptd", **kw)  # type: ignore[arg-type]
    assert (r.points[0].lcl, r.points[0].ucl) == (None, None)


def test_moving_ranges_of_a_baseline_that_starts_later_in_the_part_stay_inside_it() -> None:
    """The range from the point before the baseline into its first point is not counted."""
    values = [100.0, 10.0, 12.0, 11.0, 13.0, 12.0, 10.0, 11.0, 12.0, 13.0, 11.0, 10.0, 12.0, 11.0, 12.0]
    baseline = [False] + [True] * 14
    r = analyse(values, rules="ptd", screen_mr=False, baseline=baseline)
    kept = values[1:]
    mean = sum(kept) / len(kept)
    mrbar = sum(abs(b - a) for a, b in itertools.pairwise(kept)) / (len(kept) - 1)
    assert r.points[0].cl == pytest.approx(mean, rel=1e-12)
    assert r.points[0].ucl == pytest.approx(mean + 2.66 * mrbar, rel=1e-12)


@pytest.mark.parametrize(
    ("improvement", "target", "assurance"),
    [("decrease", 20.0, "pass"), ("increase", 20.0, "fail"), ("decrease", 1.0, "hit_and_miss")],
)
def test_a_one_point_qic_c_chart_has_limits_so_it_has_icons(
    improvement: Improvement, target: float, assurance: str
) -> None:
    """Under qic a c chart has limits from one point (5 ± 3·√5, lower limit 0), so the series'
    icons come from that point, the first and only one."""
    r = analyse([5.0], chart="c", rules="qic", improvement=improvement, target=target)
    p = r.points[0]
    assert (p.cl, p.lcl) == (5.0, 0.0)
    assert p.ucl == pytest.approx(5 + 3 * 5**0.5, rel=1e-12)
    assert r.variation_icon == r.parts[0].variation_icon == "common_cause"
    assert r.assurance_icon == r.parts[0].assurance_icon == assurance


def test_an_ihi_trend_counts_a_tie_once_in_a_later_phase_too() -> None:
    """1 2 3 3 4 5 rises five times once the tie counts as one point: a trend in phase b as it
    would be in phase a (the tie is found within each phase, not only within the first)."""
    a = [5.0, 6.0, 5.0, 6.0, 5.0, 6.0]
    b = [1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 2.0, 3.0]
    r = analyse(a + b, chart="run", run_rules="ihi", phase=["a"] * 6 + ["b"] * 8)
    assert [p.flag_trend for p in r.points] == [False] * 6 + [True] * 6 + [False] * 2
    first = analyse(b, chart="run", run_rules="ihi")
    assert [p.flag_trend for p in first.points] == [True] * 6 + [False] * 2


def test_an_ihi_trend_alone_stops_at_a_phase_boundary() -> None:
    """1 2 3 end phase a and 4 5 start phase b: five rising values, but in two phases."""
    a = [6.0, 7.0, 6.5, 7.5, 6.0, 7.0, 1.0, 2.0, 3.0]
    b = [4.0, 5.0, 3.0, 6.5, 8.0, 6.0]
    split = analyse(a + b, chart="run", run_rules="ihi", phase=["a"] * 9 + ["b"] * 6)
    assert not any(p.flag_trend for p in split.points)
    joined = analyse(a + b, chart="run", run_rules="ihi")
    assert [p.flag_trend for p in joined.points] == [False] * 6 + [True] * 5 + [False] * 4
