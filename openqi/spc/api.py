"""Public API: analyse one series, or many at once through the vectorised engine."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._arrays import F64, I64, B
from .engine import run_engine
from .limits import Prepared
from .result import BatchResult
from .settings import resolve
from .types import (
    Chart,
    Conflict,
    Improvement,
    Rules,
    RunRules,
    SeriesResult,
    Settings,
    XValue,
)

_DIRECTION = {"increase": 1, "decrease": -1, "neutral": 0}


@dataclass(frozen=True, slots=True)
class SeriesInput:
    """One series for analyse_batch; optional columns default to none/all-false."""

    values: Sequence[float | None] | ArrayLike
    x: Sequence[XValue] | None = None
    n: Sequence[float | None] | ArrayLike | None = None
    phase: Sequence[object] | None = None
    baseline: Sequence[bool] | ArrayLike | None = None
    exclude: Sequence[bool] | ArrayLike | None = None
    improvement: Improvement | None = None
    target: float | None = None


def _floats(seq: Sequence[float | None] | ArrayLike) -> F64:
    if isinstance(seq, np.ndarray):
        return seq.astype(np.float64)
    return np.array([math.nan if v is None else v for v in seq], dtype=np.float64)  # type: ignore[union-attr]


def _bools(seq: Sequence[bool] | ArrayLike | None, size: int) -> B:
    if seq is None:
        return np.zeros(size, dtype=np.bool_)
    arr = np.asarray(seq, dtype=np.bool_)
    if arr.shape != (size,):
        raise ValueError(f"expected {size} flags, got shape {arr.shape}")
    return arr


def _subgroups(s: SeriesInput) -> tuple[SeriesInput, F64, F64]:
    """Collapse observations sharing x into subgroups: (series of means, n, sd)."""
    if s.x is None:
        raise ValueError("xbar and s charts need x to form subgroups")
    vals = _floats(s.values)
    order: dict[XValue, list[int]] = {}
    for i, key in enumerate(s.x):
        order.setdefault(key, []).append(i)
    means, ns, sds, xs, firsts = [], [], [], [], []
    for key, rows in order.items():
        obs = vals[rows]
        obs = obs[~np.isnan(obs)]
        k = obs.shape[0]
        means.append(float(obs.mean()) if k else math.nan)
        sds.append(float(obs.std(ddof=1)) if k > 1 else math.nan)
        ns.append(float(k))
        xs.append(key)
        firsts.append(rows[0])

    def pick(seq: Sequence[object] | ArrayLike | None) -> list[object] | None:
        return None if seq is None else [list(seq)[i] for i in firsts]  # type: ignore[arg-type]

    grouped = SeriesInput(
        values=means,
        x=xs,
        phase=pick(s.phase),
        baseline=pick(s.baseline),  # type: ignore[arg-type]
        exclude=pick(s.exclude),  # type: ignore[arg-type]
        improvement=s.improvement,
        target=s.target,
    )
    return grouped, np.array(ns), np.array(sds)


def _part_ids(phase: Sequence[object] | None, size: int) -> I64:
    if phase is None or size == 0:
        return np.zeros(size, dtype=np.int64)
    labels = list(phase)
    change = [False] + [labels[i] != labels[i - 1] for i in range(1, size)]
    return np.cumsum(np.array(change, dtype=np.int64))


def analyse_batch(
    series: Sequence[SeriesInput] | ArrayLike,
    *,
    chart: Chart = "i",
    rules: Rules = "mdc",
    improvement: Improvement = "increase",
    target: float | None = None,
    n: ArrayLike | None = None,
    screen_mr: bool | None = None,
    shift_points: int | None = None,
    trend_points: int | None = None,
    conflict: Conflict | None = None,
    run_rules: RunRules = "anhoej",
) -> BatchResult:
    """Analyse many series at once.

    series is either a sequence of SeriesInput (ragged lengths, phases, baselines, exclusions,
    per-series improvement and target allowed) or a 2-D array (one row per series, NaN = missing;
    n then a 2-D array of denominators for p/u charts). improvement and target are defaults.
    """
    settings = resolve(
        chart,
        rules,
        improvement,
        target,
        screen_mr,
        shift_points,
        trend_points,
        conflict,
        run_rules,
    )
    if isinstance(series, np.ndarray) or (
        not isinstance(series, Sequence) or (len(series) and not isinstance(series[0], SeriesInput))
    ):
        return _batch_2d(np.asarray(series, dtype=np.float64), n, settings)
    items = list(series)
    if chart in ("xbar", "s"):
        grouped = [_subgroups(s) for s in items]
        items = [g[0] for g in grouped]
        sub_n: list[F64] | None = [g[1] for g in grouped]
        sub_sd: list[F64] | None = [g[2] for g in grouped]
    else:
        sub_n = sub_sd = None
    ys = [_floats(s.values) for s in items]
    sizes = np.array([y.shape[0] for y in ys], dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    y = np.concatenate(ys) if ys else np.zeros(0)
    nseries = len(items)
    series_id = np.repeat(np.arange(nseries, dtype=np.int64), sizes)
    parts_local = [_part_ids(s.phase, int(k)) for s, k in zip(items, sizes, strict=True)]
    part = np.zeros(0, dtype=np.int64)
    if parts_local:
        nparts_each = np.array([int(p[-1]) + 1 if p.shape[0] else 0 for p in parts_local])
        part_base = np.concatenate(([0], np.cumsum(nparts_each)[:-1]))
        part = np.concatenate([p + b for p, b in zip(parts_local, part_base, strict=True)])
        nparts = int(nparts_each.sum())
    else:
        nparts = 0
    excl = np.concatenate(
        [_bools(s.exclude, int(k)) for s, k in zip(items, sizes, strict=True)] or [np.zeros(0, np.bool_)]
    )
    base = np.concatenate(
        [_bools(s.baseline, int(k)) for s, k in zip(items, sizes, strict=True)] or [np.zeros(0, np.bool_)]
    )
    nn: F64 | None = None
    sd: F64 | None = None
    if sub_n is not None and sub_sd is not None:
        nn = np.concatenate(sub_n) if sub_n else np.zeros(0)
        sd = np.concatenate(sub_sd) if sub_sd else np.zeros(0)
    elif chart in ("p", "pp", "u", "up"):
        if any(s.n is None for s in items):
            raise ValueError(f"chart {chart!r} needs n (denominators) for every series")
        nn = np.concatenate([_floats(s.n) for s in items if s.n is not None])
        if nn.shape != y.shape:
            raise ValueError("n must have one value per point")
    _validate(chart, y, nn, settings.rules)
    prep = Prepared(y, nn, sd, part, series_id, excl, base, nparts, nseries)
    imps: tuple[Improvement, ...] = tuple(s.improvement or improvement for s in items)
    tgts = tuple(s.target if s.target is not None else target for s in items)
    direction = np.array([_DIRECTION[i] for i in imps], dtype=np.int8)
    tarr = np.array([math.nan if t is None else t for t in tgts], dtype=np.float64)
    eng = run_engine(prep, settings, direction, tarr)
    return BatchResult(settings, eng, offsets, tuple(s.x for s in items), tgts, imps)


def _validate(chart: str, y: F64, n: F64 | None, rules: str) -> None:
    if chart in ("p", "pp", "u", "up") and n is not None:
        refused = ~np.isnan(y) & ~(n > 0)
        if rules == "qic":
            # qicharts2 treats a count without a denominator as a missing point (complete cases).
            refused &= ~np.isnan(n)
        bad = np.flatnonzero(refused)
        if bad.shape[0]:
            raise ValueError(f"point {int(bad[0]) + 1}: n must be > 0 for a {chart} chart")
    if chart == "t":
        bad = np.flatnonzero(~np.isnan(y) & ~(y > 0))
        if bad.shape[0]:
            raise ValueError(f"point {int(bad[0]) + 1}: y must be > 0 for a t chart")


def _batch_2d(values: F64, n: ArrayLike | None, settings: Settings) -> BatchResult:
    if values.ndim != 2:
        raise ValueError("a batch array must be 2-D: one row per series")
    nseries, length = values.shape
    y = values.reshape(-1)
    ids = np.repeat(np.arange(nseries, dtype=np.int64), length)
    nn = None if n is None else np.asarray(n, dtype=np.float64).reshape(-1)
    if settings.chart in ("p", "pp", "u", "up") and (nn is None or nn.shape != y.shape):
        raise ValueError(f"chart {settings.chart!r} needs n with the same shape as the values")
    if settings.chart in ("xbar", "s"):
        raise ValueError("xbar and s charts need SeriesInput with x to form subgroups")
    _validate(settings.chart, y, nn, settings.rules)
    z = np.zeros(y.shape[0], dtype=np.bool_)
    prep = Prepared(y, nn, None, ids, ids, z, z, nseries, nseries)
    d = np.full(nseries, _DIRECTION[settings.improvement], dtype=np.int8)
    t = np.full(nseries, math.nan if settings.target is None else settings.target)
    eng = run_engine(prep, settings, d, t)
    offsets = np.arange(0, (nseries + 1) * length, length, dtype=np.int64)
    return BatchResult(
        settings,
        eng,
        offsets,
        (None,) * nseries,
        (settings.target,) * nseries,
        (settings.improvement,) * nseries,
    )


def analyse(
    values: Sequence[float | None] | ArrayLike,
    *,
    chart: Chart = "i",
    rules: Rules = "mdc",
    improvement: Improvement = "increase",
    target: float | None = None,
    x: Sequence[XValue] | None = None,
    n: Sequence[float | None] | ArrayLike | None = None,
    phase: Sequence[object] | None = None,
    baseline: Sequence[bool] | ArrayLike | None = None,
    exclude: Sequence[bool] | ArrayLike | None = None,
    screen_mr: bool | None = None,
    shift_points: int | None = None,
    trend_points: int | None = None,
    conflict: Conflict | None = None,
    run_rules: RunRules = "anhoej",
) -> SeriesResult:
    """Analyse one series; values are counts for p/u charts (with n) and observations for xbar/s."""
    item = SeriesInput(values, x, n, phase, baseline, exclude, improvement, target)
    batch = analyse_batch(
        [item],
        chart=chart,
        rules=rules,
        improvement=improvement,
        target=target,
        screen_mr=screen_mr,
        shift_points=shift_points,
        trend_points=trend_points,
        conflict=conflict,
        run_rules=run_rules,
    )
    return batch.result(0)


def analyse_flat(
    y: F64,
    sizes: I64,
    settings: Settings,
    *,
    n: F64 | None = None,
    part: I64 | None = None,
    baseline: B | None = None,
    exclude: B | None = None,
    xs: Sequence[Sequence[XValue]] | None = None,
) -> BatchResult:
    """Batch analysis from already-flat arrays (the CLI's fast path; no per-series Python work).

    sizes gives each series' length; part, if given, is a global part id per point that changes
    at every series boundary.
    """
    nseries = int(sizes.shape[0])
    offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    series_id = np.repeat(np.arange(nseries, dtype=np.int64), sizes)
    if part is None:
        part = series_id
    nparts = int(part[-1]) + 1 if part.shape[0] else 0
    z = np.zeros(y.shape[0], dtype=np.bool_)
    _validate(settings.chart, y, n, settings.rules)
    prep = Prepared(
        y, n, None, part, series_id, z if exclude is None else exclude,
        z if baseline is None else baseline, nparts, nseries,
    )  # fmt: skip
    d = np.full(nseries, _DIRECTION[settings.improvement], dtype=np.int8)
    t = np.full(nseries, math.nan if settings.target is None else settings.target)
    eng = run_engine(prep, settings, d, t)
    xs_t: tuple[Sequence[XValue] | None, ...] = tuple(xs) if xs is not None else (None,) * nseries
    return BatchResult(settings, eng, offsets, xs_t, (settings.target,) * nseries, (settings.improvement,) * nseries)
