"""A line-by-line transcription of qicharts2 0.8.1's limits and runs analysis, for tests only.

Source: anhoej/qicharts2 at commit 1b9487ecb3938d25a8a04578464f960d3a064f64 (release 0.8.1),
`R/helper.functions.R` (qic.i, qic.mr, qic.xbar, qic.s, qic.p, qic.pp, qic.u, qic.up, qic.c,
qic.g, qic.t, runs.analysis, qic.agg) and `R/qic.R` (complete cases of y and n). It follows R's
semantics where they matter: `mean(x, na.rm = TRUE)` drops NA and NaN but not Inf and is NaN when
nothing is left; `sum(x, na.rm = TRUE)` is 0 when nothing is left; `diff` propagates NA; a
comparison with NA keeps an NA element that a later `na.rm` drops; a non-finite limit becomes NA.
The package option `qic.screenedmr` is TRUE once qicharts2 is attached (`.onAttach`), so screening
is on unless a test turns it off.

It is deliberately slow and literal (one part at a time, plain Python lists), so the engine can be
checked against it point by point. It is not used by the product.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

NA = math.nan


def _mean(xs: Sequence[float]) -> float:
    kept = [x for x in xs if not math.isnan(x)]
    return sum(kept) / len(kept) if kept else NA


def _sum(xs: Sequence[float]) -> float:
    return sum(x for x in xs if not math.isnan(x))


def _median(xs: Sequence[float]) -> float:
    kept = sorted(x for x in xs if not math.isnan(x))
    k = len(kept)
    if not k:
        return NA
    return kept[k // 2] if k % 2 else (kept[k // 2 - 1] + kept[k // 2]) / 2


def _diff_abs(xs: Sequence[float]) -> list[float]:
    return [abs(b - a) for a, b in itertools.pairwise(xs)]


def _screened_mean_mr(mr: list[float], screen: bool, factor: float = 3.267) -> float:
    amr = _mean(mr)
    if screen:
        ulmr = factor * amr
        # mr[mr < ulmr]: an NA comparison keeps an NA element, dropped again by mean(na.rm).
        mr = [m for m in mr if math.isnan(m) or math.isnan(ulmr) or m < ulmr]
        amr = _mean(mr)
    return amr


def _clip0(v: float) -> float:
    return 0.0 if not math.isnan(v) and v < 0 else v


def c4(n: float) -> float:
    if math.isnan(n) or n <= 1:
        return NA
    return math.sqrt(2 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))


def _c5(n: float) -> float:
    c = c4(n)
    return math.sqrt(1 - c**2) if not math.isnan(c) else NA


def a3(n: float) -> float:
    c = c4(n)
    return 3 / (c * math.sqrt(n)) if not math.isnan(c) else NA


def b3(n: float) -> float:
    c = c4(n)
    return max(0.0, 1 - 3 * _c5(n) / c) if not math.isnan(c) else NA


def b4(n: float) -> float:
    c = c4(n)
    return 1 + 3 * _c5(n) / c if not math.isnan(c) else NA


@dataclass
class Row:
    """One aggregated subgroup (qic.agg's data frame row)."""

    y: float
    n: float = NA
    y_sum: float = NA
    y_length: float = NA
    y_mean: float = NA
    y_sd: float = NA
    baseline: bool = True
    include: bool = True
    cl: float = NA
    lcl: float = NA
    ucl: float = NA


@dataclass(frozen=True)
class Runs:
    n_useful: int
    longest_run: int | None
    n_crossings: int | None
    signal: bool


def _qbinom_05(size: int) -> int:
    """R's qbinom(0.05, size, 0.5)."""
    if size <= 0:
        return 0
    cum = 0.0
    for k in range(size + 1):
        cum += math.comb(size, k) / 2.0**size
        if cum >= 0.05 * (1 - 64 * 2.220446049250313e-16):
            return k
    return size


def _chart_part(rows: list[Row], chart: str, screen: bool) -> None:
    base = [r.baseline and r.include for r in rows]
    ys = [r.y for r in rows]
    if chart == "i":
        cl = _mean([y for y, b in zip(ys, base, strict=True) if b])
        mr = _diff_abs([y - cl for y, b in zip(ys, base, strict=True) if b])
        sd = _screened_mean_mr(mr, screen) / 1.128
        for r in rows:
            r.cl, r.lcl, r.ucl = cl, cl - 3 * sd, cl + 3 * sd
    elif chart == "mr":
        mrs = [NA, *_diff_abs(ys)]
        for r, m in zip(rows, mrs, strict=True):
            r.y = m
        cl = _mean([m for m, b in zip(mrs, base, strict=True) if b])
        for r in rows:
            r.cl, r.lcl, r.ucl = cl, 0.0, 3.267 * cl
    elif chart in ("xbar", "s"):
        var_n = len({r.y_length for r in rows}) > 1
        b_rows = [r for r, b in zip(rows, base, strict=True) if b]
        if var_n:
            num = _sum([(r.y_length - 1) * r.y_sd**2 for r in b_rows])
            den = _sum([r.y_length - 1 for r in b_rows])
            sd = math.sqrt(num / den) if den else (NA if num == 0 else math.copysign(math.inf, num))
        else:
            sd = _mean([r.y_sd for r in b_rows])
        if chart == "xbar":
            den = _sum([r.y_length for r in b_rows])
            cl = _sum([r.y_length * r.y_mean for r in b_rows]) / den if den else NA
            for r in rows:
                r.cl, r.lcl, r.ucl = cl, cl - a3(r.y_length) * sd, cl + a3(r.y_length) * sd
        else:
            for r in rows:
                r.y = r.y_sd
                r.cl, r.lcl, r.ucl = sd, b3(r.y_length) * sd, b4(r.y_length) * sd
    elif chart in ("p", "pp", "u", "up"):
        b_rows = [r for r, b in zip(rows, base, strict=True) if b]
        den = _sum([r.n for r in b_rows])
        cl = _sum([r.y_sum for r in b_rows]) / den if den else NA
        rate = chart in ("u", "up")
        sds = []
        for r in rows:
            var = cl / r.n if r.n else (math.inf if cl else NA)
            if not rate:
                var = cl * (1 - cl) / r.n if r.n else (math.inf if cl * (1 - cl) else NA)
            sds.append(math.sqrt(var) if not math.isnan(var) else NA)
        if chart in ("pp", "up"):
            z = []
            for r, s, b in zip(rows, sds, base, strict=True):
                if b:
                    z.append((r.y - cl) / s if s not in (0.0, math.inf) and not math.isnan(s) else NA)
            sigma_z = _screened_mean_mr(_diff_abs(z), screen) / 1.128
            sds = [s * sigma_z for s in sds]
        for r, s in zip(rows, sds, strict=True):
            r.cl, r.lcl, r.ucl = cl, cl - 3 * s, cl + 3 * s
            if not rate and math.isfinite(r.ucl) and r.ucl > 1:
                r.ucl = 1.0
            if math.isfinite(r.lcl) and r.lcl < 0:
                r.lcl = 0.0
    elif chart == "c":
        cl = _mean([r.y_sum for r, b in zip(rows, base, strict=True) if b])
        for r in rows:
            r.y = r.y_sum
            r.cl, r.lcl, r.ucl = cl, _clip0(cl - 3 * math.sqrt(cl)), cl + 3 * math.sqrt(cl)
    elif chart == "g":
        m = _mean([y for y, b in zip(ys, base, strict=True) if b])
        sd = math.sqrt(m * (m + 1))
        med = _median([y for y, b in zip(ys, base, strict=True) if b])
        for r in rows:
            r.cl, r.lcl, r.ucl = med, _clip0(m - 3 * sd), m + 3 * sd
    elif chart == "t":
        for r in rows:
            r.y = r.y ** (1 / 3.6)
        _chart_part(rows, "i", screen)
        for r in rows:
            r.y, r.cl, r.ucl = r.y**3.6, r.cl**3.6, r.ucl**3.6
            r.lcl = 0.0 if math.isnan(r.lcl) or r.lcl < 0 else r.lcl**3.6
    elif chart == "run":
        cl = _median([y for y, b in zip(ys, base, strict=True) if b])
        for r in rows:
            r.cl = cl
    else:  # pragma: no cover
        raise ValueError(chart)
    for r in rows:
        if not math.isfinite(r.lcl):
            r.lcl = NA
        if not math.isfinite(r.ucl):
            r.ucl = NA


def _runs(rows: list[Row]) -> Runs:
    signs = []
    for r in rows:
        if not r.include or math.isnan(r.y) or math.isnan(r.cl):
            continue
        d = r.y - r.cl
        if d:
            signs.append(1 if d > 0 else -1)
    n = len(signs)
    if not n:
        return Runs(0, None, None, False)
    lengths = [1]
    for a, b in itertools.pairwise(signs):
        if a == b:
            lengths[-1] += 1
        else:
            lengths.append(1)
    longest = max(lengths)
    crossings = max(len(lengths) - 1, 0)
    signal = not (crossings >= _qbinom_05(n - 1) and longest <= round(math.log2(n)) + 3)
    return Runs(n, longest, crossings, signal)


def qic(
    y: Sequence[float | None],
    chart: str,
    *,
    n: Sequence[float | None] | None = None,
    subgroups: Sequence[Sequence[float | None]] | None = None,
    part: Sequence[int] | None = None,
    freeze: int | None = None,
    exclude: Sequence[int] = (),
    screen: bool = True,
) -> tuple[list[Row], list[Runs]]:
    """qic() with return.data = TRUE: rows per subgroup and runs per part.

    `part` and `exclude` are 1-based positions as in R; `subgroups` (for xbar and s) gives each
    x's observations. y is ignored for xbar and s."""

    def f(v: float | None) -> float:
        return NA if v is None else float(v)

    rows: list[Row] = []
    if subgroups is not None:
        for obs in subgroups:
            kept = [float(o) for o in obs if o is not None and not math.isnan(float(o))]
            k = len(kept)
            mean = sum(kept) / k if k else NA
            sd = math.sqrt(sum((o - mean) ** 2 for o in kept) / (k - 1)) if k > 1 else NA
            rows.append(Row(y=mean, y_sum=sum(kept) if k else NA, y_length=k, y_mean=mean, y_sd=sd))
    else:
        for i, v in enumerate(y):
            yy = f(v)
            nn = f(n[i]) if n is not None else NA
            if n is not None and (math.isnan(yy) or math.isnan(nn)):
                yy = nn = NA  # complete.cases(y, n)
            if n is not None:
                # sum(n, na.rm = TRUE) is 0 for a missing denominator; y is sum(y)/sum(n).
                nn_sum = 0.0 if math.isnan(nn) else nn
                y_sum = yy
                yy = (
                    (0.0 if math.isnan(yy) else yy) / nn_sum
                    if nn_sum
                    else (NA if not yy or math.isnan(yy) else math.inf)
                )
                rows.append(Row(y=yy, n=nn_sum, y_sum=y_sum, y_length=0 if math.isnan(y_sum) else 1))
            else:
                rows.append(Row(y=yy, y_sum=yy, y_length=0 if math.isnan(yy) else 1))
    total = len(rows)
    freeze_at = math.inf if freeze is None or part is not None else freeze
    starts = sorted({0, *(p for p in (part or ()) if 0 <= p < total)})
    bounds = [*starts, total]
    excl = set(exclude)
    for i, r in enumerate(rows, start=1):
        r.baseline = i <= freeze_at
        r.include = i not in excl
    runs = []
    for a, b in itertools.pairwise(bounds):
        chunk = rows[a:b]
        _chart_part(chunk, chart, screen)
        runs.append(Runs(0, None, None, False) if chart == "mr" else _runs(chunk))
    return rows, runs
