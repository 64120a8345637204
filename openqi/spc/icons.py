"""Point classification (precedence and conflicts) and the MDC variation/assurance icons."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._arrays import F64, I64, B, ordered_starts
from .rules import Flags
from .types import Settings

I8 = NDArray[np.int8]

# Codes index types.POINT_TYPES / VARIATION_ICONS / ASSURANCE_ICONS.
PT_COMMON, PT_IMPROVEMENT, PT_CONCERN, PT_NEUTRAL_HIGH, PT_NEUTRAL_LOW = range(5)
VI_NONE, VI_COMMON = 0, 1
AI_NONE, AI_PASS, AI_FAIL, AI_HIT_MISS = range(4)


def _precedence_sign(f: Flags) -> I8:
    """Side of the highest-precedence rule: outside > trend > two-of-three > shift."""
    out = f.out_hi.astype(np.int8) - f.out_lo.astype(np.int8)
    trend = f.trend_up.astype(np.int8) - f.trend_dn.astype(np.int8)
    tot = f.tot_hi.astype(np.int8) - f.tot_lo.astype(np.int8)
    shift = f.shift_hi.astype(np.int8) - f.shift_lo.astype(np.int8)
    sign = np.where(out != 0, out, np.where(trend != 0, trend, np.where(tot != 0, tot, shift)))
    return sign.astype(np.int8)


def classify(f: Flags, direction: I8, excl: B, s: Settings) -> I8:
    """point_type code per point; direction is +1 increase, -1 decrease, 0 neutral."""
    high = f.out_hi | f.shift_hi | f.trend_up | f.tot_hi
    low = f.out_lo | f.shift_lo | f.trend_dn | f.tot_lo
    high &= ~excl
    low &= ~excl
    if s.rules == "ptd":
        sign = _precedence_sign(f)
        high = high & (sign > 0)
        low = low & (sign < 0)
    up = direction > 0
    neutral = direction == 0
    d0 = int(direction[0]) if direction.shape[0] else 0
    if direction.shape[0] and d0 != 0 and bool((direction == d0).all()):
        # One direction for every point (a 2-D batch): no per-point selection needed.
        imp, con = (high, low) if d0 > 0 else (low, high)
    else:
        imp = np.where(up, high, low) & ~neutral
        con = np.where(up, low, high) & ~neutral
    pt = np.zeros(high.shape[0], dtype=np.int8)
    if s.conflict == "concern" and s.rules == "mdc-sql":
        pt[imp] = PT_IMPROVEMENT
        pt[con] = PT_CONCERN
    else:
        # MDC Excel: a point both improving and concerning (a trend across the mean) is blue.
        pt[con] = PT_CONCERN
        pt[imp] = PT_IMPROVEMENT
    both = neutral & high & low
    sign = _precedence_sign(f)
    nh = neutral & ((high & ~low) | (both & (sign >= 0)))
    nl = neutral & ((low & ~high) | (both & (sign < 0)))
    pt[nh] = PT_NEUTRAL_HIGH
    pt[nl] = PT_NEUTRAL_LOW
    return pt


def last_useful_per_part(useful: B, part: I64, nparts: int) -> I64:
    """Index of the last useful point of every part, -1 if the part has none."""
    if useful.all():
        starts = ordered_starts(part, nparts)
        if starts is not None:
            return np.append(starts[1:], part.shape[0]) - 1
    return last_per_group(np.flatnonzero(useful), part, nparts)


def last_per_group(idx: I64, group: I64, ngroups: int) -> I64:
    """For sorted indices, the last index of each group (group[idx] non-decreasing)."""
    last = np.full(ngroups, -1, dtype=np.int64)
    g = group[idx]
    is_last = np.ones(idx.shape[0], dtype=np.bool_)
    is_last[:-1] = g[1:] != g[:-1]
    last[g[is_last]] = idx[is_last]
    return last


def variation_icons(pt: I8, last: I64, has_limits: B, direction: I8) -> I8:
    """Variation icon code per part from its last useful point."""
    out = np.full(last.shape[0], VI_NONE, dtype=np.int8)
    ok = (last >= 0) & has_limits
    code = pt[np.where(ok, last, 0)]
    d = direction[np.where(ok, last, 0)]
    # improvement_high=2, improvement_low=3, concern_high=4, concern_low=5, neutral 6/7.
    icon = np.select(
        [code == PT_COMMON, code == PT_IMPROVEMENT, code == PT_CONCERN, code == PT_NEUTRAL_HIGH],
        [VI_COMMON, np.where(d < 0, 3, 2), np.where(d < 0, 4, 5), 6],
        7,
    )
    out[ok] = icon[ok].astype(np.int8)
    return out


def assurance_icons(lcl: F64, ucl: F64, last: I64, has_limits: B, direction: I8, target: F64, strict: bool) -> I8:
    """Assurance icon code per part against the target, using the part's latest limits."""
    out = np.full(last.shape[0], AI_NONE, dtype=np.int8)
    i = np.where(last >= 0, last, 0)
    lo = lcl[i]
    hi = ucl[i]
    d = direction[i]
    t = target[i]
    ok = (last >= 0) & has_limits & ~np.isnan(t) & (d != 0) & ~np.isnan(hi) & ~np.isnan(lo)
    with np.errstate(invalid="ignore"):
        if strict:
            below_lo = t < lo
            above_hi = t > hi
        else:
            below_lo = t <= lo
            above_hi = t >= hi
    passing = np.where(d > 0, below_lo, above_hi)
    failing = np.where(d > 0, above_hi, below_lo)
    icon = np.where(passing, AI_PASS, np.where(failing, AI_FAIL, AI_HIT_MISS))
    out[ok] = icon[ok].astype(np.int8)
    return out
