"""The `qic` profile reproduces qicharts2 0.8.1 (commit 1b9487e) exactly.

Worked examples computed by hand from qicharts2's formulas (`R/helper.functions.R`), one per rule
the engine had to learn, then a point-by-point comparison with a literal transcription of that
code (`qicharts2_ref.py`) over thousands of generated series of every chart type, with phases,
frozen baselines, exclusions and missing values.
"""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from openqi.spc import analyse
from openqi.spc.tests import qicharts2_ref as ref

TIGHT = 1e-9


# 1. mr charts ------------------------------------------------------------------------------


def test_mr_chart_takes_ranges_next_to_an_excluded_point_and_does_not_screen() -> None:
    """qic.mr: y = c(NA, abs(diff(y))) over every point of the part; the centre line is the mean
    of the ranges of included points, with no screening however large a range is."""
    ys = [10.0, 12.0, 11.0, 40.0, 12.0, 13.0]
    r = analyse(ys, chart="mr", rules="qic", exclude=[i == 3 for i in range(6)])
    assert [p.y for p in r.points] == [None, 2.0, 1.0, 29.0, 28.0, 1.0]
    # Point 4 (y = 40) is excluded; its own range 29 is shown but not counted, the range 28
    # from it to point 5 is counted (no bridging 11 -> 12 as the other profiles do).
    cl = (2.0 + 1.0 + 28.0 + 1.0) / 4
    for p in r.points:
        assert (p.cl, p.lcl, p.ucl) == pytest.approx((cl, 0.0, 3.267 * cl), rel=TIGHT)
    bridged = analyse(ys, chart="mr", rules="ptd", exclude=[i == 3 for i in range(6)])
    assert bridged.points[4].y == 1.0


def test_phased_mr_chart_draws_limits_at_the_first_point_of_every_part() -> None:
    r = analyse([1, 3, 6, 10, 2, 5, 9, 4], chart="mr", rules="qic", phase=["a"] * 4 + ["b"] * 4)
    first_a, first_b = r.points[0], r.points[4]
    assert first_a.y is None and first_b.y is None
    assert (first_a.cl, first_a.ucl, first_a.lcl) == pytest.approx((3.0, 9.801, 0.0), rel=TIGHT)
    assert (first_b.cl, first_b.ucl, first_b.lcl) == pytest.approx((4.0, 13.068, 0.0), rel=TIGHT)


# 2. xbar and s charts: see test_limits.py for the constants; here the published tables -----


@pytest.mark.parametrize(
    ("n", "a3", "b3", "b4"),
    # Montgomery, Introduction to Statistical Quality Control, Appendix VI (3 decimals).
    [(2, 2.659, 0.0, 3.267), (5, 1.427, 0.0, 2.089), (6, 1.287, 0.030, 1.970), (10, 0.975, 0.284, 1.716)],
)
def test_xbar_and_s_limits_use_the_published_constants_for_every_subgroup_size(
    n: int, a3: float, b3: float, b4: float
) -> None:
    rng = random.Random(n)
    obs = [[round(rng.gauss(50, 5), 1) for _ in range(n)] for _ in range(8)]
    flat = [v for group in obs for v in group]
    xs = [i for i, group in enumerate(obs) for _ in group]
    xbar = analyse(flat, x=xs, chart="xbar", rules="qic").points[0]
    s = analyse(flat, x=xs, chart="s", rules="qic").points[0]
    s_bar = s.cl
    assert s_bar is not None and xbar.cl is not None and xbar.ucl is not None
    assert (xbar.ucl - xbar.cl) / s_bar == pytest.approx(a3, abs=5e-4)
    assert s.lcl is not None and s.ucl is not None
    assert s.lcl / s_bar == pytest.approx(b3, abs=5e-4)
    assert s.ucl / s_bar == pytest.approx(b4, abs=5e-4)


def test_s_chart_runs_analysis_reads_the_s_bar_centre_line() -> None:
    """Subgroups of two with SDs 1 (×6), 1.8 (×3) and 3 (×3): s-bar is 1.7 and the pooled SD
    1.887, so the three subgroups with SD 1.8 lie above the centre line qicharts2 draws and below
    the pooled one; the runs (longest run, crossings) follow from s-bar."""
    sds = [1.0, 1.0, 1.8, 1.8, 1.0, 1.0, 3.0, 3.0, 1.8, 1.0, 1.0, 3.0]
    flat = [v for sd in sds for v in (0.0, sd * math.sqrt(2))]
    xs = [i for i in range(len(sds)) for _ in range(2)]
    r = analyse(flat, x=xs, chart="s", rules="qic")
    assert r.points[0].cl == pytest.approx(1.7, rel=TIGHT)
    # Above s-bar: 1.8 1.8 . . 3 3 1.8 . . 3 -> signs - - + + - - + + + - - +
    part = r.parts[0]
    assert (part.n_useful, part.longest_run, part.n_crossings) == (12, 3, 5)
    pooled = math.sqrt(sum(sd**2 for sd in sds) / len(sds))
    assert pooled == pytest.approx(1.887, abs=5e-4)  # on the pooled line: 4 runs, longest 6


# 3. p, pp, u and up charts: a missing numerator or denominator is a missing point -----------


@pytest.mark.parametrize("chart", ["p", "pp", "u", "up"])
def test_a_missing_count_leaves_the_point_without_limits(chart: str) -> None:
    ys = [3, 5, None, 4, 6, 2, 5, 4]
    ns = [20, 25, 30, 20, 25, 20, 30, 25]
    r = analyse(ys, n=ns, chart=chart, rules="qic")  # type: ignore[arg-type]
    gap = r.points[2]
    assert (gap.y, gap.lcl, gap.ucl) == (None, None, None)
    assert r.points[0].ucl is not None
    kept = [(y, n) for y, n in zip(ys, ns, strict=True) if y is not None]
    assert gap.cl == pytest.approx(sum(y for y, _ in kept) / sum(n for _, n in kept), rel=TIGHT)
    other = analyse(ys, n=ns, chart=chart, rules="ptd")  # type: ignore[arg-type]
    assert other.points[2].ucl is not None  # the other profiles are unchanged


@pytest.mark.parametrize("chart", ["p", "u"])
def test_a_missing_denominator_is_a_missing_point_not_an_error(chart: str) -> None:
    ys = [3, 5, 7, 4]
    ns: list[float | None] = [20, 25, None, 20]
    r = analyse(ys, n=ns, chart=chart, rules="qic")  # type: ignore[arg-type]
    assert (r.points[2].y, r.points[2].lcl, r.points[2].ucl) == (None, None, None)
    assert r.points[0].cl == pytest.approx((3 + 5 + 4) / (20 + 25 + 20), rel=TIGHT)
    with pytest.raises(ValueError, match="n must be > 0"):
        analyse(ys, n=ns, chart=chart, rules="mdc")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n must be > 0"):
        analyse(ys, n=[20, 25, 0, 20], chart=chart, rules="qic")  # type: ignore[arg-type]


def test_limits_are_drawn_from_a_single_point_where_the_formula_allows() -> None:
    """No minimum count in qicharts2: a one-point part of a c chart has cl ± 3·√cl."""
    r = analyse([10, 12, 9, 16], chart="c", rules="qic", phase=["a", "a", "a", "b"])
    last = r.points[3]
    assert (last.cl, last.lcl, last.ucl) == pytest.approx((16.0, 4.0, 28.0), rel=TIGHT)
    i_chart = analyse([10, 12, 9, 16], rules="qic", phase=["a", "a", "a", "b"]).points[3]
    assert (i_chart.lcl, i_chart.ucl) == (None, None)  # an i chart needs a moving range


def test_a_baseline_with_no_usable_point_gives_no_limits() -> None:
    r = analyse([None, 5, 1, 11, 13], chart="g", rules="qic", baseline=[True, True, False, False, False],
                exclude=[False, True, False, False, False])  # fmt: skip
    assert all(p.ucl is None for p in r.points)


# 4. Point by point against the transcription ----------------------------------------------

CHARTS = ["run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g"]


def _case(rng: random.Random, chart: str) -> dict[str, Any]:
    size = rng.randint(2, 30)
    parts: list[int] | None = None
    freeze: int | None = None
    roll = rng.random()
    if roll < 0.3 and size > 2:
        parts = sorted(rng.sample(range(1, size), k=min(size - 1, rng.randint(1, 2))))
    elif roll < 0.5:
        freeze = rng.randint(2, size)
    exclude = sorted(rng.sample(range(1, size + 1), k=1)) if rng.random() < 0.3 else []
    case: dict[str, Any] = {"part": parts, "freeze": freeze, "exclude": exclude, "y": []}
    if chart in ("xbar", "s"):
        sizes = [rng.choice([1, 2, 3, 5]) if rng.random() < 0.5 else 4 for _ in range(size)]
        if rng.random() < 0.5:
            sizes = [sizes[0]] * size
        case["subgroups"] = [[round(rng.gauss(10, 3), 2) for _ in range(k)] for k in sizes]
        return case
    if chart in ("p", "pp", "u", "up"):
        ns: list[float | None] = [rng.randint(5, 50) for _ in range(size)]
        ys: list[float | None] = [rng.randint(0, int(n or 0)) for n in ns]
        if rng.random() < 0.3:
            ys[rng.randrange(size)] = None
            if rng.random() < 0.5:
                ns[rng.randrange(size)] = None
        case.update(y=ys, n=ns)
        return case
    if chart in ("c", "g"):
        ys = [rng.randint(0, 20) for _ in range(size)]
    elif chart == "t":
        ys = [rng.uniform(0.5, 20) for _ in range(size)]
    else:
        ys = [round(rng.gauss(10, 2), 1) for _ in range(size)]
        if rng.random() < 0.3:
            ys[rng.randrange(size)] = (ys[0] or 0) + 30  # a large moving range
    if rng.random() < 0.3:
        ys[rng.randrange(size)] = None
    case["y"] = ys
    return case


def _engine(case: dict[str, Any], chart: str) -> Any:
    subgroups = case.get("subgroups")
    size = len(subgroups) if subgroups is not None else len(case["y"])
    kw: dict[str, Any] = {}
    if case["part"]:
        kw["phase"] = [sum(i >= p for p in case["part"]) for i in range(size)]
    elif case["freeze"] is not None:
        kw["baseline"] = [i < case["freeze"] for i in range(size)]
    if case["exclude"]:
        kw["exclude"] = [i + 1 in case["exclude"] for i in range(size)]
    if subgroups is not None:
        owner = [i for i, group in enumerate(subgroups) for _ in group]
        flat = [v for group in subgroups for v in group]
        kw = {k: [v[i] for i in owner] for k, v in kw.items()}
        return analyse(flat, x=owner, chart=chart, rules="qic", **kw)  # type: ignore[arg-type]
    return analyse(case["y"], n=case.get("n"), chart=chart, rules="qic", **kw)  # type: ignore[arg-type]


def _same(a: float | None, b: float) -> bool:
    if a is None or math.isnan(b):
        return a is None and math.isnan(b)
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


@pytest.mark.parametrize("chart", CHARTS)
def test_every_point_matches_qicharts2(chart: str) -> None:
    rng = random.Random(f"qicharts2-{chart}")
    for _ in range(60):
        case = _case(rng, chart)
        got = _engine(case, chart)
        rows, runs = ref.qic(
            case["y"], chart, n=case.get("n"), subgroups=case.get("subgroups"),
            part=case["part"], freeze=case["freeze"], exclude=case["exclude"],
        )  # fmt: skip
        for point, row in zip(got.points, rows, strict=True):
            # qicharts2 sets an mr or t chart's lower limit to 0 even where it has no upper
            # limit (one point in a part); OpenQI shows no limits there (docs/spc.md).
            lcl = row.lcl if not math.isnan(row.ucl) else math.nan
            assert _same(point.cl, row.cl), (case, point, row)
            assert _same(point.lcl, lcl) and _same(point.ucl, row.ucl), (case, point, row)
            outside = (not math.isnan(row.ucl) and row.y > row.ucl) or (not math.isnan(lcl) and row.y < lcl)
            assert point.flag_outside == outside, (case, point, row)
        if chart != "mr":
            for part, run in zip(got.parts, runs, strict=True):
                mine = (part.n_useful, part.longest_run, part.n_crossings, part.runs_signal)
                assert mine == (run.n_useful, run.longest_run, run.n_crossings, run.signal), case
