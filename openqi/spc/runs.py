"""Runs analysis: Anhøj rules (qicharts2) and the IHI runs table, computed not tabulated."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._arrays import F64, I64, B, breaks

ALPHA_CROSSINGS = 0.05
# IHI table: 5 % in each tail of the Swed-Eisenhart runs distribution (see ihi_runs_limits).
ALPHA_RUNS_TAIL = 0.05


@dataclass(frozen=True, slots=True)
class RunsResult:
    """Per-part arrays; -1 where not computed (no useful points)."""

    n_useful: I64
    longest_run: I64
    longest_run_max: I64
    n_crossings: I64
    n_crossings_min: I64
    n_crossings_max: I64
    signal: B


def qbinom(p: float, size: int, prob: float = 0.5) -> int:
    """Smallest k with P(X <= k) >= p for X ~ Binomial(size, prob), as R's qbinom."""
    if size <= 0:
        return 0
    logs = [
        math.lgamma(size + 1)
        - math.lgamma(k + 1)
        - math.lgamma(size - k + 1)
        + k * math.log(prob)
        + (size - k) * math.log(1 - prob)
        for k in range(size + 1)
    ]
    cdf = 0.0
    # R compares against p with a tiny relative fuzz so that exact ties resolve downwards.
    target = p * (1 - 64 * 2.220446049250313e-16)
    for k, lp in enumerate(logs):
        cdf += math.exp(lp)
        if cdf >= target:
            return k
    return size


# The cumulative binomial table behind the Anhøj crossings limit, extended as longer series
# arrive and shared by every call: one walk up to the longest part ever seen, not one
# O(n) quantile per n (which made a 16,700-point series spend minutes here).
_crossings_table: list[int] = [0]  # qbinom(ALPHA_CROSSINGS, size) for size = 0, 1, ...
_crossings_state: list[float] = [0.0, 1.0]  # k and P(X <= k) for the last size in the table
_crossings_lock = threading.Lock()
_LOG2 = math.log(2.0)


def _log_pmf_half(size: int, k: int) -> float:
    return math.lgamma(size + 1) - math.lgamma(k + 1) - math.lgamma(size - k + 1) - size * _LOG2


def _extend_crossings_table(smax: int) -> None:
    """qbinom(ALPHA_CROSSINGS, size, 0.5) for every size up to smax, walking size by size.

    The quantile never falls and rises by at most one as size grows (X_{s+1} = X_s + a fair coin),
    so each step keeps k and P(X_s <= k) and moves them with P(X_{s+1} <= k) = P(X_s <= k) -
    P(X_s = k) / 2, then climbs k while the cumulative probability is below the target. Equal to
    `qbinom` for every size checked (0..20,000 in the tests' reference run; 0..3,000 in the suite).
    """
    with _crossings_lock:
        table = _crossings_table
        k = int(_crossings_state[0])
        cdf = _crossings_state[1]
        target = ALPHA_CROSSINGS * (1 - 64 * 2.220446049250313e-16)
        for size in range(len(table), smax + 1):
            cdf -= 0.5 * math.exp(_log_pmf_half(size - 1, k))
            while cdf < target and k < size:
                k += 1
                cdf += math.exp(_log_pmf_half(size, k))
            table.append(k)
        _crossings_state[0], _crossings_state[1] = float(k), cdf


@lru_cache(maxsize=32)
def anhoej_tables(nmax: int) -> tuple[I64, I64]:
    """(longest_run_max, n_crossings_min) indexed by number of useful points 0..nmax."""
    ns = np.arange(nmax + 1)
    with np.errstate(divide="ignore"):
        # numpy rounds half to even like R's round().
        lrm = np.where(ns > 0, np.round(np.log2(np.maximum(ns, 1))) + 3, -1).astype(np.int64)
    if len(_crossings_table) < nmax:
        _extend_crossings_table(nmax)
    ncm = np.empty(nmax + 1, dtype=np.int64)
    ncm[0] = -1
    if nmax:
        # n useful points have n - 1 chances to cross: the quantile of Binomial(n - 1, 1/2).
        ncm[1:] = np.asarray(_crossings_table[:nmax], dtype=np.int64)
    return lrm, ncm


def runs_distribution(n1: int, n2: int) -> list[float]:
    """P(R = r) for r = 0..n1+n2, R the number of runs in a random arrangement (Swed-Eisenhart)."""
    total = math.comb(n1 + n2, n1)
    probs = [0.0] * (n1 + n2 + 1)
    if n1 == 0 or n2 == 0:
        probs[1 if n1 + n2 else 0] = 1.0
        return probs
    for r in range(2, n1 + n2 + 1):
        k = r // 2
        if r % 2 == 0:
            ways = 2 * math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k - 1)
        else:
            ways = math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k) + math.comb(n1 - 1, k) * math.comb(n2 - 1, k - 1)
        probs[r] = ways / total
    return probs


# Up to this many points the runs distribution is summed in exact integers; above it, in
# logarithms (the exact sums grow as O(n^2) big-integer work, minutes for a 16,700-point part).
# The two agree for every n from 2 to 1,500 (see the tests); the cut-off sits well inside that.
_IHI_EXACT_MAX = 400


def _tails(probs: list[float] | F64) -> tuple[int, int]:
    lower = 0
    cdf = 0.0
    for r, pr in enumerate(probs):
        cdf += float(pr)
        if cdf > ALPHA_RUNS_TAIL:
            break
        lower = r
    upper = len(probs) - 1
    tail = 0.0
    for r in range(len(probs) - 1, -1, -1):
        tail += float(probs[r])
        if tail > ALPHA_RUNS_TAIL:
            break
        upper = r
    return lower, upper


def _runs_distribution_logs(n1: int, n2: int) -> F64:
    """runs_distribution for n1, n2 >= 1 with log-gamma in floats, vectorised over r."""
    n = n1 + n2
    lfact = np.array([math.lgamma(i + 1) for i in range(n + 1)])

    def lcomb(a: int, b: I64) -> F64:
        ok = (b >= 0) & (b <= a)
        bb = np.clip(b, 0, a)
        return np.where(ok, lfact[a] - lfact[bb] - lfact[a - bb], -np.inf)

    r = np.arange(n + 1)
    k = r // 2
    with np.errstate(invalid="ignore"):
        even = math.log(2.0) + lcomb(n1 - 1, k - 1) + lcomb(n2 - 1, k - 1)
        odd = np.logaddexp(lcomb(n1 - 1, k - 1) + lcomb(n2 - 1, k), lcomb(n1 - 1, k) + lcomb(n2 - 1, k - 1))
    logs = np.where(r % 2 == 0, even, odd)
    logs[:2] = -np.inf
    total = float(lfact[n] - lfact[n1] - lfact[n2])
    probs: F64 = np.exp(logs - total)
    return probs


@lru_cache(maxsize=4096)
def ihi_runs_limits(n_useful: int) -> tuple[int, int]:
    """(lower, upper) number of runs for n useful points, split as evenly as possible.

    lower is the largest r with P(R <= r) <= 5 %, upper the smallest r with P(R >= r) <= 5 %
    (Swed-Eisenhart distribution of R); fewer runs than lower or more than upper is a signal.
    This reproduces the published IHI table (Perla, Provost & Murray 2011) for every even n from
    10 to 30 and is within one run of it for odd n.
    """
    if n_useful < 2:
        return (0, max(n_useful, 0))
    n1 = n_useful // 2
    if n_useful <= _IHI_EXACT_MAX:
        return _tails(runs_distribution(n1, n_useful - n1))
    return _tails(_runs_distribution_logs(n1, n_useful - n1))


def runs_analysis(v: F64, cl: F64, useful: B, part: I64, nparts: int, ihi: bool) -> RunsResult:
    """Anhøj (or IHI) runs analysis per part; points on the centre line or missing are dropped."""
    with np.errstate(invalid="ignore"):
        sign = (v > cl).view(np.int8) - (v < cl).view(np.int8)
    on_side = useful & (sign != 0)
    if on_side.all():
        sp, pp = sign, part
    else:
        sel = np.flatnonzero(on_side)
        sp = sign[sel]
        pp = part[sel]
    n_useful = np.bincount(pp, minlength=nparts).astype(np.int64)
    m = sp.shape[0]
    newrun = breaks(pp) if m else np.ones(0, dtype=np.bool_)
    if m:
        newrun[1:] |= sp[1:] != sp[:-1]
    starts = np.flatnonzero(newrun)
    runlens = np.diff(np.append(starts, m)).astype(np.int64)
    run_part = pp[starts]
    n_runs = np.bincount(run_part, minlength=nparts).astype(np.int64)
    longest = np.zeros(nparts, dtype=np.int64)
    if m:
        first = np.ones(run_part.shape[0], dtype=np.bool_)
        first[1:] = run_part[1:] != run_part[:-1]
        fi = np.flatnonzero(first)
        longest[run_part[fi]] = np.maximum.reduceat(runlens, fi)
    crossings = np.maximum(n_runs - 1, 0)
    has = n_useful > 0
    if ihi:
        # Only the sizes that occur: each is one distribution, cached across calls.
        lims = np.array([ihi_runs_limits(int(k)) for k in n_useful.tolist()], dtype=np.int64).reshape(-1, 2)
        lo_runs = lims[:, 0]
        hi_runs = lims[:, 1]
        ncmin = lo_runs - 1
        ncmax = hi_runs - 1
        lrm = np.full(nparts, 5, dtype=np.int64)
        signal = has & ((n_runs < lo_runs) | (n_runs > hi_runs))
    else:
        lrm_t, ncm_t = anhoej_tables(int(n_useful.max(initial=0)))
        lrm = lrm_t[n_useful]
        ncmin = ncm_t[n_useful]
        ncmax = np.full(nparts, -1, dtype=np.int64)
        signal = has & ((longest > lrm) | (crossings < ncmin))
    neg = np.int64(-1)
    return RunsResult(
        n_useful,
        np.where(has, longest, neg),
        np.where(has, lrm, neg),
        np.where(has, crossings, neg),
        np.where(has, ncmin, neg),
        np.where(has, ncmax, neg),
        signal,
    )
