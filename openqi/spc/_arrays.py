"""Small vectorised helpers shared by the engine (segment statistics, run lengths)."""

from __future__ import annotations

import threading
import weakref

import numpy as np
from numpy.typing import NDArray

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
B = NDArray[np.bool_]


def seg_sum(values: F64, mask: B, seg: I64, nseg: int) -> F64:
    """Sum of values where mask, per segment (bincount is far faster than a Python loop)."""
    w = values if mask.all() else np.where(mask, values, 0.0)
    return np.bincount(seg, weights=w, minlength=nseg).astype(np.float64, copy=False)


def seg_count(mask: B, seg: I64, nseg: int) -> F64:
    starts = ordered_starts(seg, nseg)
    if starts is not None:
        # Sorted, contiguous, non-empty segments (parts always are): a reduceat, no scatter.
        return np.add.reduceat(mask, starts, dtype=np.int64).astype(np.float64)
    return np.bincount(seg, weights=mask.astype(np.float64), minlength=nseg).astype(np.float64, copy=False)


# Per thread, so web workers running the engine side by side never see each other's arrays.
_LOCAL = threading.local()


def _remembered() -> list[tuple[weakref.ref[np.ndarray], I64]]:
    try:
        known: list[tuple[weakref.ref[np.ndarray], I64]] = _LOCAL.starts
    except AttributeError:
        known = _LOCAL.starts = []
    return known


def seg_starts(seg: I64) -> I64:
    """Indices where seg changes value (the first point of each segment).

    The last few answers are remembered (parts and series ids are asked for many times per run).
    """
    remembered = _remembered()
    for ref, known in remembered:
        if ref() is seg:
            return known
    starts: I64 = np.flatnonzero(first_of_segment(seg))
    remembered.append((weakref.ref(seg), starts))
    del remembered[:-4]
    return starts


def forget_seg_starts() -> None:
    """Drop the remembered starts (the engine calls this first: arrays may change in place)."""
    _remembered().clear()


def spread(stat: np.ndarray, seg: I64) -> np.ndarray:
    """stat[seg] for sorted, contiguous segment ids 0..len(stat)-1; a repeat when it can be."""
    starts = ordered_starts(seg, stat.shape[0])
    if starts is not None:
        return np.repeat(stat, np.diff(starts, append=seg.shape[0]))
    return stat[seg]


def ordered_starts(seg: I64, nseg: int) -> I64 | None:
    """Segment starts if seg runs 0, 0, ..., 1, 1, ..., nseg - 1 (every id, in order), else None."""
    if not seg.shape[0] or not nseg or seg[0] != 0 or seg[-1] != nseg - 1:
        return None
    starts = seg_starts(seg)
    if starts.shape[0] != nseg or not np.array_equal(seg[starts], np.arange(nseg)):
        return None
    return starts


def breaks(*segs: I64) -> B:
    """brk[k] True when point k starts a new segment of any of segs (brk[0] True)."""
    n = segs[0].shape[0]
    brk = np.zeros(n, dtype=np.bool_)
    if n:
        for seg in segs:
            brk[seg_starts(seg)] = True
    return brk


def seg_mean(values: F64, mask: B, seg: I64, nseg: int) -> F64:
    total = seg_sum(values, mask, seg, nseg)
    count = seg_count(mask, seg, nseg)
    with np.errstate(invalid="ignore", divide="ignore"):
        return total / count


def seg_median(values: F64, mask: B, seg: I64, nseg: int) -> F64:
    """Per-segment median of values where mask; NaN for empty segments."""
    sel = np.flatnonzero(mask)
    v = values[sel]
    s = seg[sel]
    order = np.lexsort((v, s))
    v = v[order]
    counts = np.bincount(s, minlength=nseg)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    out = np.full(nseg, np.nan)
    has = counts > 0
    lo = starts[has] + (counts[has] - 1) // 2
    hi = starts[has] + counts[has] // 2
    out[has] = (v[lo] + v[hi]) / 2.0
    return out


def prev_in_segment(keep: B, seg: I64) -> I64:
    """Index of the previous kept point in the same segment, -1 if none.

    Excluded points are bridged this way (their neighbours become adjacent).
    """
    n = keep.shape[0]
    if keep.all():
        # Nothing excluded: the previous point is simply the one before, within the segment.
        prev_all = np.arange(-1, n - 1, dtype=np.int64)
        prev_all[first_of_segment(seg)] = -1
        return prev_all
    pos = np.where(keep, np.arange(n, dtype=np.int64), -1)
    acc = np.maximum.accumulate(pos) if n else pos
    prev = np.empty(n, dtype=np.int64)
    if n:
        prev[0] = -1
        prev[1:] = acc[:-1]
    ok = prev >= 0
    ok[ok] = seg[prev[ok]] == seg[ok]
    return np.where(ok, prev, -1)


def run_lengths(value: NDArray[np.int8], brk: B) -> I64:
    """Length of the run of equal non-zero values each point belongs to (0 where value is 0).

    brk[k] True means a run cannot continue from k-1 into k.
    """
    n = value.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    start = np.ones(n, dtype=np.bool_)
    start[1:] = (value[1:] != value[:-1]) | brk[1:]
    starts = np.flatnonzero(start)
    lens = np.diff(np.append(starts, n))
    # repeat() is much cheaper than cumsum + bincount + gather on millions of points.
    out: I64 = np.repeat(lens, lens).astype(np.int64, copy=False)
    out[value == 0] = 0
    return out


def in_long_run(value: NDArray[np.int8], brk: B | None, min_len: int) -> B:
    """True where a point belongs to a run of >= min_len equal non-zero values.

    Same runs as run_lengths (brk None: no breaks), but repeats one bool per run instead of
    an int64 length per point.
    """
    n = value.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.bool_)
    start = np.empty(n, dtype=np.bool_)
    start[0] = True
    np.not_equal(value[1:], value[:-1], out=start[1:])
    if brk is not None:
        start[1:] |= brk[1:]
    starts = np.flatnonzero(start)
    lens = np.diff(starts, append=n)
    out: B = np.repeat(lens >= min_len, lens)
    out &= value != 0
    return out


def first_of_segment(seg: I64) -> B:
    n = seg.shape[0]
    first = np.ones(n, dtype=np.bool_)
    if n:
        first[1:] = seg[1:] != seg[:-1]
    return first
