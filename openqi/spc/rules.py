"""Special-cause rules (outside, shift, trend, two-of-three), vectorised over flat arrays.

Excluded points are removed before the sequence rules run so their neighbours become adjacent;
missing values stay in the sequence and break every run because they are never "active".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._arrays import F64, I64, B, breaks, in_long_run
from .limits import Limits
from .types import Settings


@dataclass(frozen=True, slots=True)
class Flags:
    """Each rule's own result, split by side (hi = above the mean or rising)."""

    out_hi: B
    out_lo: B
    shift_hi: B
    shift_lo: B
    trend_up: B
    trend_dn: B
    tot_hi: B
    tot_lo: B


def _breaks(series: I64, part: I64, cross_parts: bool) -> B:
    """brk[k] True when no run may continue from point k-1 into point k."""
    return breaks(series) if cross_parts else breaks(series, part)


def _shift(sign: np.ndarray, brk: B, n_points: int) -> tuple[B, B]:
    hit = in_long_run(sign, brk, n_points)
    return hit & (sign > 0), hit & (sign < 0)


def _trend(v: F64, active: B, brk: B, n_points: int) -> tuple[B, B]:
    """Points in >= n_points consecutive strictly rising (falling) values; ties break."""
    n = v.shape[0]
    up = np.zeros(n, dtype=np.bool_)
    dn = np.zeros(n, dtype=np.bool_)
    if n < 2:
        return up, dn
    d = np.zeros(n, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        diff = v[1:] - v[:-1]
    ok = active[1:] & active[:-1] & ~brk[1:]
    rise = ok & (diff > 0)
    fall = ok & (diff < 0)
    np.subtract(rise.view(np.int8), fall.view(np.int8), out=d[1:])
    hit_d = in_long_run(d, None, n_points - 1)
    up_d = hit_d & (d > 0)
    dn_d = hit_d & (d < 0)
    up |= up_d
    dn |= dn_d
    up[:-1] |= up_d[1:]
    dn[:-1] |= dn_d[1:]
    return up, dn


def _two_of_three(beyond: B, side: B, brk: B) -> B:
    """Flag the beyond-2-sigma points of any window of 3 with >= 2 beyond and all on one side."""
    n = beyond.shape[0]
    out = np.zeros(n, dtype=np.bool_)
    if n < 3:
        return out
    b = beyond.astype(np.int8)
    cnt = b[2:] + b[1:-1] + b[:-2]
    win = (cnt >= 2) & side[2:] & side[1:-1] & side[:-2] & ~brk[2:] & ~brk[1:-1]
    out[2:] |= win & beyond[2:]
    out[1:-1] |= win & beyond[1:-1]
    out[:-2] |= win & beyond[:-2]
    return out


def _compress(mask_keep: B, *arrays: np.ndarray) -> list[np.ndarray]:
    return [a[mask_keep] for a in arrays]


def apply_rules(lim: Limits, part: I64, series: I64, excl: B, s: Settings) -> Flags:
    n = lim.v.shape[0]
    z = np.zeros(n, dtype=np.bool_)
    v = lim.v
    has = ~np.isnan(lim.sig)
    with np.errstate(invalid="ignore"):
        out_hi = has & (v > lim.ucl)
        out_lo = has & (v < lim.lcl)
    if s.chart == "run":
        if s.run_rules != "ihi":
            return Flags(z, z, z, z, z, z, z, z)
        return _ihi(lim, part, series, s)
    if s.rules == "qic":
        return Flags(out_hi, out_lo, z, z, z, z, z, z)
    keep = ~excl
    any_excl = bool(excl.any())
    if any_excl:
        v_c, cl_c, centre_c, sig_c, ucl_c, lcl_c, part_c, series_c = _compress(
            keep, v, lim.cl, lim.centre, lim.sig, lim.ucl, lim.lcl, part, series
        )
    else:
        v_c, cl_c, centre_c, sig_c, ucl_c, lcl_c, part_c, series_c = (
            v,
            lim.cl,
            lim.centre,
            lim.sig,
            lim.ucl,
            lim.lcl,
            part,
            series,
        )
    with np.errstate(invalid="ignore"):
        active = (has if not any_excl else ~np.isnan(sig_c)) & ~np.isnan(v_c)
        above = active & (v_c > cl_c)
        below = active & (v_c < cl_c)
        sign = above.view(np.int8) - below.view(np.int8)
        cross_all = s.rules == "mdc"
        brk_part = _breaks(series_c, part_c, cross_all)
        cross_trend = s.rules in ("mdc", "mdc-sql")
        brk_trend = brk_part if cross_trend == cross_all else _breaks(series_c, part_c, cross_trend)
        shift_hi, shift_lo = _shift(sign, brk_part, s.shift_points)
        trend_up, trend_dn = _trend(v_c, active, brk_trend, s.trend_points)
        hi2 = active & (v_c > centre_c + 2.0 * sig_c)
        lo2 = active & (v_c < centre_c - 2.0 * sig_c)
        if s.rules != "mdc-sql":
            # MDC Excel and ptd: a point beyond 3 sigma does not count towards two-of-three.
            if any_excl:
                hi2 &= ~(v_c > ucl_c)
                lo2 &= ~(v_c < lcl_c)
            else:  # hi2 lies within has, so this is the same as excluding v > ucl
                hi2 &= ~out_hi
                lo2 &= ~out_lo
        tot_hi = _two_of_three(hi2, above, brk_part)
        tot_lo = _two_of_three(lo2, below, brk_part)
    if any_excl:
        res = []
        for a in (shift_hi, shift_lo, trend_up, trend_dn, tot_hi, tot_lo):
            full = np.zeros(n, dtype=np.bool_)
            full[keep] = a
            res.append(full)
        shift_hi, shift_lo, trend_up, trend_dn, tot_hi, tot_lo = res
    return Flags(out_hi, out_lo, shift_hi, shift_lo, trend_up, trend_dn, tot_hi, tot_lo)


def _ihi(lim: Limits, part: I64, series: I64, s: Settings) -> Flags:
    """IHI run-chart rules: shift against the median (points on it skipped), trend (ties once)."""
    n = lim.v.shape[0]
    z = np.zeros(n, dtype=np.bool_)
    useful = lim.useful
    with np.errstate(invalid="ignore"):
        sign = (useful & (lim.v > lim.cl)).astype(np.int8) - (useful & (lim.v < lim.cl)).astype(np.int8)
    on_side = np.flatnonzero(sign != 0)
    sc = sign[on_side]
    brk = _breaks(series[on_side], part[on_side], False)
    hi_c, lo_c = _shift(sc, brk, s.shift_points)
    shift_hi = z.copy()
    shift_lo = z.copy()
    shift_hi[on_side] = hi_c
    shift_lo[on_side] = lo_c
    # Trend: equal neighbours count once, so drop repeats and let them share their twin's flag.
    ui = np.flatnonzero(useful)
    vu = lim.v[ui]
    same_seg = np.zeros(ui.shape[0], dtype=np.bool_)
    same_seg[1:] = part[ui][1:] == part[ui][:-1]
    repeat = np.zeros(ui.shape[0], dtype=np.bool_)
    repeat[1:] = same_seg[1:] & (vu[1:] == vu[:-1])
    uniq = ~repeat
    vq = vu[uniq]
    brk_t = _breaks(series[ui][uniq], part[ui][uniq], False)
    up_q, dn_q = _trend(vq, np.ones(vq.shape[0], dtype=np.bool_), brk_t, s.trend_points)
    # A repeat's position among the unique values is its twin's (the count does not grow on it).
    pos_in_uniq = np.cumsum(uniq) - 1
    up_u = up_q[pos_in_uniq]  # both empty when no point is useful
    dn_u = dn_q[pos_in_uniq]
    trend_up = z.copy()
    trend_dn = z.copy()
    trend_up[ui] = up_u
    trend_dn[ui] = dn_u
    return Flags(z, z, shift_hi, shift_lo, trend_up, trend_dn, z, z)
