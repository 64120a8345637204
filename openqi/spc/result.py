"""BatchResult: flat engine arrays for many series, materialised into SeriesResult on demand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ._arrays import I64
from .engine import EngineResult
from .summary import summarise
from .types import (
    ASSURANCE_ICONS,
    POINT_TYPES,
    VARIATION_ICONS,
    AssuranceIcon,
    Improvement,
    Part,
    Point,
    SeriesResult,
    Settings,
    VariationIcon,
    XValue,
)


@dataclass(frozen=True)
class BatchResult:
    """Results for many series as flat arrays; materialise one series with result(i)."""

    settings: Settings
    engine: EngineResult
    offsets: I64
    xs: tuple[Sequence[XValue] | None, ...]
    targets: tuple[float | None, ...]
    improvements: tuple[Improvement, ...]
    _warnings: tuple[tuple[str, ...], ...] = field(default=())

    def __len__(self) -> int:
        return int(self.offsets.shape[0] - 1)

    @property
    def variation_icons(self) -> list[VariationIcon]:
        return [VARIATION_ICONS[c] for c in self.engine.series_variation.tolist()]

    @property
    def assurance_icons(self) -> list[AssuranceIcon]:
        return [ASSURANCE_ICONS[c] for c in self.engine.series_assurance.tolist()]

    def result(self, i: int) -> SeriesResult:
        e = self.engine
        lo, hi = int(self.offsets[i]), int(self.offsets[i + 1])
        sl = slice(lo, hi)
        settings = Settings(
            **{
                **{f: getattr(self.settings, f) for f in self.settings.__slots__},
                "improvement": self.improvements[i],
                "target": self.targets[i],
            }
        )
        part_ids = e.part[sl]
        p0 = int(part_ids[0]) if hi > lo else 0
        f = e.flags
        cols = [
            a[sl].tolist()
            for a in (
                e.y,
                e.cl,
                e.lcl,
                e.ucl,
                f.out_hi | f.out_lo,
                f.shift_hi | f.shift_lo,
                f.trend_up | f.trend_dn,
                f.tot_hi | f.tot_lo,
                e.point_type,
                e.excl,
            )
        ]
        xs = self.xs[i]
        points = tuple(
            Point(
                idx=k + 1,
                x=None if xs is None else xs[k],
                y=_opt(c[0][k]),
                part=int(part_ids[k]) - p0 + 1,
                cl=_opt(c[1][k]) if True else None,
                lcl=_opt(c[2][k]),
                ucl=_opt(c[3][k]),
                flag_outside=c[4][k],
                flag_shift=c[5][k],
                flag_trend=c[6][k],
                flag_two_of_three=c[7][k],
                point_type=POINT_TYPES[c[8][k]],
                excluded=c[9][k],
            )
            for c in (cols,)
            for k in range(hi - lo)
        )
        parts = []
        r = e.runs
        for gp in range(p0, int(part_ids[-1]) + 1 if hi > lo else p0):
            parts.append(
                Part(
                    part=gp - p0 + 1,
                    start_idx=int(e.part_start[gp]) - lo + 1,
                    end_idx=int(e.part_end[gp]) - lo + 1,
                    n_useful=max(int(r.n_useful[gp]), 0),
                    longest_run=_opt_int(r.longest_run[gp]),
                    longest_run_max=_opt_int(r.longest_run_max[gp]),
                    n_crossings=_opt_int(r.n_crossings[gp]),
                    n_crossings_min=_opt_int(r.n_crossings_min[gp]),
                    n_crossings_max=_opt_int(r.n_crossings_max[gp]),
                    runs_signal=bool(r.signal[gp]),
                    variation_icon=VARIATION_ICONS[int(e.part_variation[gp])],
                    assurance_icon=ASSURANCE_ICONS[int(e.part_assurance[gp])],
                )
            )
        variation = VARIATION_ICONS[int(e.series_variation[i])]
        assurance = ASSURANCE_ICONS[int(e.series_assurance[i])]
        warnings = self._warnings[i] if self._warnings else ()
        warnings = warnings + _short_warnings(parts, points, settings)
        text = summarise(points, parts, settings, variation, assurance)
        return SeriesResult(settings, points, tuple(parts), variation, assurance, text, warnings)

    def results(self) -> list[SeriesResult]:
        return [self.result(i) for i in range(len(self))]


def _opt(v: float) -> float | None:
    return None if v != v else float(v)


def _opt_int(v: np.int64) -> int | None:
    return None if v < 0 else int(v)


def _short_warnings(parts: list[Part], points: tuple[Point, ...], s: Settings) -> tuple[str, ...]:
    out = []
    for pt in parts:
        k = sum(1 for p in points[pt.start_idx - 1 : pt.end_idx] if not p.excluded and p.y is not None)
        if s.chart != "run" and k < s.min_points:
            if s.rules in ("mdc", "mdc-sql"):
                out.append(
                    f"part {pt.part} has {k} points; at least {s.min_points} are needed for "
                    "process limits, so none are shown"
                )
            elif s.rules == "ptd":
                out.append(f"part {pt.part} has only {k} points; limits are unreliable")
    return tuple(out)
