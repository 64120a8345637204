"""Worked examples of SPC_SPEC section 5, with exact numbers."""

import pytest

from openqi.spc import analyse

QIC_VALUES = [
    310, 288, 297, 298, 307, 303, 294, 297, 308, 306, 294, 299, 297, 299, 314, 295, 293, 306,
    301, 304, 305, 282, 305, 296, 314, 295, 287, 301, 298, 311, 310, 292, 305, 299, 304, 310,
    304, 305, 333, 328,
]  # fmt: skip
PTD_VALUES = [
    -0.560475646552213, -0.23017748948328, 1.55870831414912, 0.070508391424576,
    0.129287735160946, 1.71506498688328, 0.460916205989202, -1.26506123460653,
    -0.686852851893526, -0.445661970099958, 1.22408179743946, 0.359813827057364,
    0.400771450594052, 0.11068271594512, -0.555841134754075, 1.78691313680308,
    0.497850478229239, -1.96661715662964, 0.701355901563686, -0.472791407727934,
]  # fmt: skip
TIGHT = 1e-9


def test_mdc_documentation_example_gives_mean_23_2_and_limits_8_76_to_37_64() -> None:
    r = analyse([20, 24, 20, 26, 22, 16, 18, 16, 31, 28, 34, 26, 30, 19, 18])
    p = r.points[0]
    assert p.cl == pytest.approx(23.2, rel=TIGHT)
    assert p.ucl == pytest.approx(23.2 + 2.66 * 76 / 14, rel=TIGHT)
    assert p.lcl == pytest.approx(23.2 - 2.66 * 76 / 14, rel=TIGHT)
    assert round(p.ucl, 2) == 37.64 and round(p.lcl, 2) == 8.76
    assert round(76 / 14, 2) == 5.43


def test_qic_i_chart_with_a_baseline_of_20_matches_qicharts2() -> None:
    r = analyse(QIC_VALUES, rules="qic", baseline=[i < 20 for i in range(40)])
    p = r.points[0]
    assert p.cl == pytest.approx(300.5, rel=TIGHT)
    assert p.ucl == pytest.approx(321.2167, abs=5e-5)
    assert p.lcl == pytest.approx(279.7833, abs=5e-5)
    assert [q.idx for q in r.points if q.flag_outside] == [39, 40]
    part = r.parts[0]
    assert (part.n_useful, part.longest_run, part.longest_run_max) == (40, 6, 8)
    assert (part.n_crossings, part.n_crossings_min, part.runs_signal) == (20, 14, False)


def test_ptd_example_is_all_common_cause_with_the_published_limits() -> None:
    r = analyse(PTD_VALUES, rules="ptd")
    p = r.points[0]
    assert p.cl == pytest.approx(0.141623802474599, rel=TIGHT)
    assert p.lcl == pytest.approx(-3.0113795957081, rel=TIGHT)
    assert p.ucl == pytest.approx(3.2946272006573, rel=TIGHT)
    assert {q.point_type for q in r.points} == {"common_cause"}


@pytest.mark.parametrize(
    ("screen", "lpl", "upl"),
    [(True, -2.38366559727413, 3.72249731569874), (False, -4.59662518246976, 5.93545690089436)],
)
def test_ptd_example_with_an_outlier_screens_moving_ranges_only_when_asked(
    screen: bool, lpl: float, upl: float
) -> None:
    values = list(PTD_VALUES)
    values[14] = 10
    p = analyse(values, rules="ptd", screen_mr=screen).points[0]
    assert p.cl == pytest.approx(0.669415859212302, rel=TIGHT)
    assert p.lcl == pytest.approx(lpl, rel=TIGHT)
    assert p.ucl == pytest.approx(upl, rel=TIGHT)


def test_ptd_two_of_three_needs_all_three_points_on_one_side() -> None:
    r = analyse([1, -1] * 7 + [5.5, -5.5], rules="ptd")
    p = r.points[0]
    assert p.cl == pytest.approx(0.0, abs=1e-12)
    assert p.ucl == pytest.approx(6.175, rel=TIGHT)
    assert p.lcl == pytest.approx(-6.175, rel=TIGHT)
    assert [q.point_type for q in r.points[-2:]] == ["common_cause", "common_cause"]


def _assurance(lo: float, hi: float, improvement: str) -> str:
    """A 13-point series whose ptd limits are exactly (lo, hi)."""
    mid = (lo + hi) / 2
    half = (hi - lo) / 2
    mr = half / 2.66
    values = [mid + (mr / 2 if i % 2 else -mr / 2) for i in range(13)]
    r = analyse(values, rules="ptd", improvement=improvement, target=4)  # type: ignore[arg-type]
    assert r.points[0].lcl == pytest.approx(lo, abs=0.05)
    return r.assurance_icon


@pytest.mark.parametrize(
    ("improvement", "expected"),
    [
        ("increase", ["fail", "pass", "hit_and_miss"]),
        ("decrease", ["pass", "fail", "hit_and_miss"]),
        ("neutral", ["none", "none", "none"]),
    ],
)
def test_assurance_against_target_4_follows_the_worked_example(improvement: str, expected: list[str]) -> None:
    got = [_assurance(lo, hi, improvement) for lo, hi in [(1, 3), (5, 7), (1, 5)]]
    assert got == expected
