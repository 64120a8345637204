"""One plain-language sentence per chart: the text alternative shown to non-statisticians."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .types import Part, Point, Settings, XValue

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_CL_WORD = {
    "run": "median",
    "g": "median",
    "t": "centre line",
    "mr": "average moving range",
    "s": "average standard deviation",
}


def fmt_number(v: float, percent: bool = False) -> str:
    """Three significant figures, but never hide whole units (300.5 stays 300.5, not 300)."""
    if percent:
        return fmt_number(v * 100.0) + "%"
    if v == 0 or not math.isfinite(v):
        return "0" if v == 0 else str(v)
    digits = max(0, 2 - math.floor(math.log10(abs(v))))
    text = f"{v:,.{max(digits, 1) if abs(v) >= 100 and v != round(v) else digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_x(x: XValue, idx: int, monthly: bool) -> str:
    if x is None or x == "":
        return f"point {idx}"
    if isinstance(x, str) and len(x) >= 10 and x[4] == "-" and x[7] == "-":
        try:
            year, month, day = int(x[:4]), int(x[5:7]), int(x[8:10])
            if monthly:
                return f"{_MONTHS[month - 1]} {year}"
            return f"{day} {_MONTHS[month - 1]} {year}"
        except (ValueError, IndexError):
            return x
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def _is_monthly(points: Sequence[Point]) -> bool:
    xs = [p.x for p in points if isinstance(p.x, str) and len(p.x) >= 10]
    return bool(xs) and len(xs) == len(points) and all(x[8:10] == "01" for x in xs)


def _run_sentence(run_len: int, side: str, start: str, cl_word: str) -> str:
    return f"{run_len} points {side} the {cl_word} since {start}"


def _assurance_clause(settings: Settings, icon: str, percent: bool) -> str:
    if settings.target is None or icon == "none":
        return ""
    t = fmt_number(settings.target, percent)
    return {
        "pass": f"; the target of {t} is consistently met",
        "fail": f"; the target of {t} will not be met unless the process changes",
        "hit_and_miss": f"; the target of {t} will sometimes be met and sometimes missed",
    }[icon]


def _describe_special(points: Sequence[Point], last: Point, settings: Settings, cl_word: str, monthly: bool) -> str:
    pct = settings.chart in ("p", "pp")
    kind = {
        "special_cause_improvement": "Special cause improvement",
        "special_cause_concern": "Special cause concern",
        "special_cause_neutral_high": "Special cause variation (high)",
        "special_cause_neutral_low": "Special cause variation (low)",
    }[last.point_type]
    y = last.y if last.y is not None else math.nan
    cl = last.cl if last.cl is not None else math.nan
    when = fmt_x(last.x, last.idx, monthly)
    if last.flag_outside:
        above = last.ucl is not None and y > last.ucl
        lim = last.ucl if above else last.lcl
        which = "above the upper" if above else "below the lower"
        return (
            f"{kind}: the latest value ({fmt_number(y, pct)}, {when}) is {which} "
            f"process limit of {fmt_number(lim or 0.0, pct)}"
        )
    usable = [p for p in points if not p.excluded and p.y is not None]
    if last.flag_trend:
        k = len(usable) - 1
        rising = k > 0 and (usable[k - 1].y or 0.0) < y
        while k > 0 and usable[k - 1].flag_trend and ((usable[k - 1].y or 0.0) < (usable[k].y or 0.0)) == rising:
            k -= 1
        start = fmt_x(usable[k].x, usable[k].idx, monthly)
        verb = "rising" if rising else "falling"
        return f"{kind}: {len(usable) - k} points {verb} in a row since {start}"
    if last.flag_shift:
        k = len(usable) - 1
        above = y > cl
        while k > 0 and usable[k - 1].flag_shift and ((usable[k - 1].y or 0.0) > (usable[k - 1].cl or 0.0)) == above:
            k -= 1
        start = fmt_x(usable[k].x, usable[k].idx, monthly)
        side = "above" if above else "below"
        return f"{kind}: " + _run_sentence(len(usable) - k, side, start, cl_word)
    side = "upper" if y > cl else "lower"
    return f"{kind}: 2 of the last 3 points are close to the {side} process limit"


def summarise(
    points: Sequence[Point],
    parts: Sequence[Part],
    settings: Settings,
    variation: str,
    assurance: str,
) -> str:
    usable = [p for p in points if not p.excluded and p.y is not None]
    cl_word = _CL_WORD.get(settings.chart, "mean")
    pct = settings.chart in ("p", "pp")
    if not usable:
        return "No data to chart yet."
    monthly = _is_monthly(points)
    last = usable[-1]
    part = next((pt for pt in parts if pt.part == last.part), parts[-1])
    n_part = sum(1 for p in usable if p.part == last.part)
    has_limits = last.ucl is not None or last.lcl is not None
    if settings.chart != "run" and not has_limits:
        if settings.rules in ("mdc", "mdc-sql") and n_part < settings.min_points:
            return (
                f"Too few points to judge variation: {n_part} "
                f"{'point' if n_part == 1 else 'points'} so far, and process limits need at "
                f"least {settings.min_points}."
            )
        return f"Process limits cannot be calculated from these {n_part} points (no variation)."
    if settings.chart == "run" or (settings.rules == "qic" and last.point_type == "common_cause"):
        return _runs_sentence(part, last, settings, cl_word, pct, n_part) + "."
    if last.point_type != "common_cause":
        text = _describe_special(points, last, settings, cl_word, monthly)
    else:
        earlier = sum(1 for p in usable if p.part == last.part and p.point_type != "common_cause")
        lo, hi, cl = last.lcl, last.ucl, last.cl
        band = (
            f"between {fmt_number(lo or 0.0, pct)} and {fmt_number(hi or 0.0, pct)}"
            if lo is not None and hi is not None
            else "within the process limits"
        )
        if earlier:
            text = (
                f"Common cause variation at the latest point ({fmt_x(last.x, last.idx, monthly)}),"
                f" but {earlier} earlier {'point shows' if earlier == 1 else 'points show'} "
                f"special cause variation"
            )
        else:
            text = (
                f"Common cause variation only: the {n_part} points vary {band} around a "
                f"{cl_word} of {fmt_number(cl or 0.0, pct)}"
            )
    return text + _assurance_clause(settings, assurance, pct) + "."


def _runs_sentence(part: Part, last: Point, settings: Settings, cl_word: str, pct: bool, n_part: int) -> str:
    cl = fmt_number(last.cl or 0.0, pct) if last.cl is not None else "?"
    if part.n_useful < 2 or part.longest_run is None:
        return f"Too few points off the {cl_word} to look for patterns ({part.n_useful})"
    if not part.runs_signal:
        return f"Random variation only: no unusual runs or patterns around the {cl_word} of {cl} across {n_part} points"
    if settings.run_rules == "ihi" and settings.chart == "run":
        return (
            f"Non-random variation: a shift, trend or unusual number of runs around the "
            f"{cl_word} of {cl} (IHI rules, {n_part} points)"
        )
    if part.longest_run_max is not None and part.longest_run > part.longest_run_max:
        return (
            f"Non-random variation: a run of {part.longest_run} points on one side of the "
            f"{cl_word} of {cl}, longer than the {part.longest_run_max} expected by chance"
        )
    return (
        f"Non-random variation: the data cross the {cl_word} of {cl} only "
        f"{part.n_crossings} times, fewer than the {part.n_crossings_min} expected by chance"
    )
