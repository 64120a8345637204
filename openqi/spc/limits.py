"""Centre lines and limits for every chart type, per part, vectorised over all points.

Everything works on flat arrays covering many series; `part` is a global part id that also
changes at every series boundary, so per-part statistics are simple bincounts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._arrays import (
    F64,
    I64,
    B,
    first_of_segment,
    prev_in_segment,
    seg_count,
    seg_mean,
    seg_median,
    seg_sum,
    spread,
)
from .types import Settings

D2 = 1.128
MR_UCL = 3.267
T_POWER = 3.6
MDC_FACTOR = 2.66


@dataclass(frozen=True, slots=True)
class Prepared:
    """Flat engine input; y is the value as entered (count for p/u, subgroup mean for xbar)."""

    y: F64
    n: F64 | None
    sd: F64 | None
    part: I64
    series: I64
    excl: B
    base: B
    nparts: int
    nseries: int


@dataclass(frozen=True, slots=True)
class Limits:
    """v is the plotted value on the rule scale (t: transformed); out_* are for reporting."""

    v: F64
    cl: F64
    centre: F64
    sig: F64
    lcl: F64
    ucl: F64
    useful: B
    n_useful_part: F64
    has_limits_part: B


def c4(n: F64) -> F64:
    """Exact c4(n) via lgamma; NaN for n < 2."""
    out = np.full(n.shape, np.nan)
    ok = n >= 2
    if ok.any():
        m = n[ok]
        lg = np.vectorize(math.lgamma, otypes=[np.float64])
        out[ok] = np.sqrt(2.0 / (m - 1.0)) * np.exp(lg(m / 2.0) - lg((m - 1.0) / 2.0))
    return out


@lru_cache(maxsize=64)
def _c4_table(nmax: int) -> F64:
    return c4(np.arange(nmax + 1, dtype=np.float64))


def c4_lookup(n: F64) -> F64:
    """c4 for integer subgroup sizes through a cached table (subgroup sizes repeat a lot)."""
    ok = np.isfinite(n) & (n >= 2)
    nmax = int(n[ok].max()) if ok.any() else 2
    table = _c4_table(nmax)
    idx = np.where(ok, n, 0).astype(np.int64)
    return np.where(ok, table[idx], np.nan)


def _moving_ranges(v: F64, keep: B, base: B, part: I64) -> tuple[F64, B]:
    """Moving ranges between consecutive non-excluded points of a part.

    A missing value yields NaN on both sides (no bridging over gaps); excluded points are
    bridged. The mask marks ranges whose two ends are both baseline points.
    """
    if keep.all() and base.all():
        # Common dashboard case: one contiguous diff, masked at part starts.
        mr = np.empty(v.shape[0])
        mr[0:1] = np.nan
        np.abs(v[1:] - v[:-1], out=mr[1:])
        mr[first_of_segment(part)] = np.nan
        return mr, ~np.isnan(mr)
    prev = prev_in_segment(keep, part)
    has_prev = prev >= 0
    pv = v[np.where(has_prev, prev, 0)]
    mr = np.where(has_prev & keep, np.abs(v - pv), np.nan)
    pbase = base[np.where(has_prev, prev, 0)] & has_prev
    valid = pbase & base & keep & ~np.isnan(mr)
    return mr, valid


def _mean_mr(mr: F64, valid: B, part: I64, nparts: int, screen: bool) -> F64:
    mrbar = seg_mean(mr, valid, part, nparts)
    if screen:
        # Keep MR < 3.267*MRbar strictly; with MRbar 0 every range drops and limits vanish.
        keep = valid & (mr < MR_UCL * mrbar[part])
        mrbar = seg_mean(mr, keep, part, nparts)
    return mrbar


def _need(a: F64 | None, what: str) -> F64:
    if a is None:
        raise ValueError(f"this chart needs {what}")
    return a


def compute_limits(p: Prepared, s: Settings) -> Limits:
    chart = s.chart
    y = p.y
    part = p.part
    nparts = p.nparts
    keep = ~p.excl
    with np.errstate(invalid="ignore", divide="ignore"):
        if chart in ("p", "pp", "u", "up"):
            v = y / _need(p.n, "n (denominators)")
        elif chart == "t":
            v = np.power(y, 1.0 / T_POWER)
        elif chart == "s":
            v = _need(p.sd, "subgroups").astype(np.float64, copy=True)
        elif chart == "mr":
            # qicharts2 takes the range to the previous point whether or not either is excluded;
            # the other profiles bridge over excluded points.
            mr_keep = np.ones_like(keep) if s.rules == "qic" else keep
            v, _ = _moving_ranges(y, mr_keep, np.ones_like(keep), part)
        else:
            v = y.astype(np.float64, copy=False)
    useful = keep & ~np.isnan(v)
    # Baseline rows fix the limits only in parts that have any; otherwise the whole part does.
    if p.base.any():
        # (qicharts2's freeze fixes the limits even when no frozen point is usable: then none.)
        part_has_base = seg_count(p.base & (np.ones_like(useful) if s.rules == "qic" else useful), part, nparts) > 0
        base = useful & (p.base | ~part_has_base[part])
    else:
        base = useful
    n_useful_part = seg_count(useful, part, nparts)
    nan = np.full(v.shape, np.nan)
    sig = nan
    centre_part: F64
    with np.errstate(invalid="ignore", divide="ignore"):
        if chart == "run":
            centre_part = seg_median(v, base, part, nparts)
            cl = spread(centre_part, part)
            centre = cl
        elif chart in ("i", "t"):
            centre_part = seg_mean(v, base, part, nparts)
            mr, valid = _moving_ranges(v, keep, base, part)
            mrbar = _mean_mr(mr, valid, part, nparts, s.screen_mr)
            factor = 1.0 / D2 if s.rules == "qic" else MDC_FACTOR / 3.0
            cl = spread(centre_part, part)
            centre = cl
            sig = spread(mrbar * factor, part)
        elif chart == "mr":
            centre_part = seg_mean(v, base, part, nparts)
            cl = spread(centre_part, part)
            centre = cl
            sig = cl * (MR_UCL - 1.0) / 3.0
        elif chart == "c":
            centre_part = seg_mean(v, base, part, nparts)
            cl = spread(centre_part, part)
            centre = cl
            sig = np.sqrt(cl)
        elif chart == "g":
            m = seg_mean(v, base, part, nparts)[part]
            cl = seg_median(v, base, part, nparts)[part]
            centre = m
            sig = np.sqrt(m * (m + 1.0))
        elif chart in ("p", "pp", "u", "up"):
            pn = _need(p.n, "n (denominators)")
            num = seg_sum(y, base, part, nparts)
            den = seg_sum(pn, base, part, nparts)
            cl = (num / den)[part]
            centre = cl
            sig = np.sqrt(cl * (1.0 - cl) / pn) if chart in ("p", "pp") else np.sqrt(cl / pn)
            if s.rules == "qic":
                # qicharts2 blanks y and n together when either is missing: no limits there.
                sig = np.where(np.isnan(v), np.nan, sig)
            if chart in ("pp", "up"):
                z = (v - cl) / sig
                mr, valid = _moving_ranges(z, keep, base, part)
                sigma_z = _mean_mr(mr, valid, part, nparts, s.screen_mr) / D2
                sig = sig * sigma_z[part]
        elif chart in ("xbar", "s"):
            nn = _need(p.n, "subgroups")
            psd = _need(p.sd, "subgroups")
            dof_ok = base & (nn > 1) & ~np.isnan(psd)
            pooled = np.sqrt(
                seg_sum((nn - 1.0) * psd**2, dof_ok, part, nparts) / seg_sum(nn - 1.0, dof_ok, part, nparts)
            )[part]
            if s.rules == "qic":
                # qicharts2 pools only when subgroup sizes vary within the part (any row, baseline
                # or not); with one size it takes the plain mean of the subgroup SDs (s-bar).
                has_obs = nn >= 1
                big = np.where(has_obs, nn, -np.inf)
                small = np.where(has_obs, nn, np.inf)
                nmax = np.full(nparts, -np.inf)
                nmin = np.full(nparts, np.inf)
                np.maximum.at(nmax, part, big)
                np.minimum.at(nmin, part, small)
                sbar = seg_mean(psd, base & ~np.isnan(psd), part, nparts)
                pooled = np.where((nmax > nmin)[part], pooled, sbar[part])
            cc4 = c4_lookup(nn)
            if chart == "xbar":
                cl = (seg_sum(y * nn, base, part, nparts) / seg_sum(nn, base, part, nparts))[part]
                centre = cl
                sig = pooled / (cc4 * np.sqrt(nn))
            else:
                cl = pooled
                centre = cl
                sig = pooled * np.sqrt(1.0 - cc4**2) / cc4
        else:  # pragma: no cover - validated earlier
            raise ValueError(f"unknown chart {chart!r}")
        if chart != "run":
            if s.rules in ("mdc", "mdc-sql"):
                # MDC shows no limits for a part with fewer than min_points points.
                counted = n_useful_part
                if chart == "mr":
                    # The first point of an mr chart has no range but still counts as a point.
                    counted = seg_count(keep & ~np.isnan(y), part, nparts)
                short = counted < s.min_points
            elif s.rules == "qic":
                # qicharts2 draws limits wherever its formulas give finite numbers, even from
                # one point (a c, g, p or u chart); an i chart still needs one moving range.
                short = np.zeros(nparts, dtype=np.bool_)
            else:
                short = seg_count(base, part, nparts) < 2
            if short.any():
                sig = np.where(spread(short, part), np.nan, sig)
        ucl = centre + 3.0 * sig
        lcl = centre - 3.0 * sig
        if chart in ("p", "pp"):
            ucl = np.minimum(ucl, 1.0)
        if chart in ("p", "pp", "u", "up", "c", "g", "t", "mr", "s"):
            lcl = np.where(lcl < 0.0, 0.0, lcl)
        if chart == "mr":
            lcl = np.where(np.isnan(ucl), np.nan, 0.0)
    has_limits_part = seg_count(~np.isnan(sig) & useful, part, nparts) > 0
    return Limits(v, cl, centre, sig, lcl, ucl, useful, n_useful_part, has_limits_part)
