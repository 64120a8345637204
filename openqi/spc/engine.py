"""The vectorised engine: limits, rules, classification, runs and icons for many series at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._arrays import F64, I64, B, forget_seg_starts, seg_starts
from .icons import I8, assurance_icons, classify, last_per_group, last_useful_per_part, variation_icons
from .limits import T_POWER, Limits, Prepared, compute_limits
from .rules import Flags, apply_rules
from .runs import RunsResult, runs_analysis
from .types import Settings


@dataclass(frozen=True, slots=True)
class EngineResult:
    """Flat per-point arrays, per-part arrays and per-series icon codes."""

    y: F64
    cl: F64
    lcl: F64
    ucl: F64
    flags: Flags
    point_type: I8
    excl: B
    useful: B
    part: I64
    series: I64
    part_series: I64
    part_start: I64
    part_end: I64
    has_limits: B
    n_points_part: F64
    runs: RunsResult
    part_variation: I8
    part_assurance: I8
    series_variation: I8
    series_assurance: I8
    series_last_part: I64

    def series_first_part(self) -> I64:
        """Global id of each series' first part (parts are ordered by series)."""
        n = int(self.series.max()) + 1 if self.series.shape[0] else 0
        return np.searchsorted(self.part_series, np.arange(n)).astype(np.int64)

    def part_series_first(self) -> I64:
        """Per point: global id of its series' first part, to turn part ids into 1-based numbers."""
        return self.series_first_part()[self.series]


def _report_scale(lim: Limits, p: Prepared, s: Settings) -> tuple[F64, F64, F64, F64]:
    if s.chart == "t":
        with np.errstate(invalid="ignore"):
            return p.y, lim.cl**T_POWER, lim.lcl**T_POWER, lim.ucl**T_POWER
    return lim.v, lim.cl, np.where(np.isnan(lim.sig), np.nan, lim.lcl), lim.ucl


def run_engine(p: Prepared, s: Settings, direction: I8, target: F64) -> EngineResult:
    """direction and target are per series (direction +1/-1/0, target NaN when absent)."""
    forget_seg_starts()
    lim = compute_limits(p, s)
    flags = apply_rules(lim, p.part, p.series, p.excl, s)
    d_pt = direction[p.series]
    pt = classify(flags, d_pt, p.excl, s)
    if s.chart == "mr":
        n = p.nparts
        neg = np.full(n, -1, dtype=np.int64)
        runs = RunsResult(neg.copy(), neg, neg, neg, neg, neg, np.zeros(n, dtype=np.bool_))
    else:
        runs = runs_analysis(lim.v, lim.cl, lim.useful, p.part, p.nparts, s.run_rules == "ihi")
        if s.chart == "run" and s.run_rules == "ihi":
            pattern = flags.shift_hi | flags.shift_lo | flags.trend_up | flags.trend_dn
            hit = np.bincount(p.part, weights=pattern.astype(np.float64), minlength=p.nparts)
            runs = RunsResult(
                runs.n_useful,
                runs.longest_run,
                runs.longest_run_max,
                runs.n_crossings,
                runs.n_crossings_min,
                runs.n_crossings_max,
                runs.signal | (hit > 0),
            )
    part_start = seg_starts(p.part).astype(np.int64)
    part_end = np.empty_like(part_start)
    if part_start.shape[0]:
        part_end[:-1] = part_start[1:] - 1
        part_end[-1] = p.part.shape[0] - 1
    part_series = p.series[part_start]
    last = last_useful_per_part(lim.useful, p.part, p.nparts)
    has_limits = lim.has_limits_part if s.chart != "run" else np.zeros(p.nparts, np.bool_)
    y_out, cl, lcl, ucl = _report_scale(lim, p, s)
    part_var = variation_icons(pt, last, has_limits, d_pt)
    tgt = target[p.series]
    if s.chart == "t" and not np.all(np.isnan(tgt)):
        with np.errstate(invalid="ignore"):
            tgt = tgt ** (1.0 / T_POWER)
    part_ass = assurance_icons(lim.lcl, lim.ucl, last, has_limits, d_pt, tgt, strict=s.rules == "ptd")
    # The series' icons come from its latest part that has a value.
    parts_with_value = np.flatnonzero(last >= 0)
    series_last = last_per_group(parts_with_value, part_series, p.nseries)
    ok = series_last >= 0
    sv = np.zeros(p.nseries, dtype=np.int8)
    sa = np.zeros(p.nseries, dtype=np.int8)
    sv[ok] = part_var[series_last[ok]]
    sa[ok] = part_ass[series_last[ok]]
    return EngineResult(
        y=y_out,
        cl=cl,
        lcl=lcl,
        ucl=ucl,
        flags=flags,
        point_type=pt,
        excl=p.excl,
        useful=lim.useful,
        part=p.part,
        series=p.series,
        part_series=part_series,
        part_start=part_start,
        part_end=part_end,
        has_limits=has_limits,
        n_points_part=lim.n_useful_part,
        runs=runs,
        part_variation=part_var,
        part_assurance=part_ass,
        series_variation=sv,
        series_assurance=sa,
        series_last_part=series_last,
    )
