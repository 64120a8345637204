"""Command line: CSV in, points (and optionally per-part summary) CSV out.

Everything is validated before any output is opened, and outputs are written to temporary files
that replace the targets only once both are complete, so bad input never leaves partial files.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date

from .types import CHARTS, IMPROVEMENTS, POINT_TYPES, RULES, VARIATION_ICONS, ASSURANCE_ICONS

RATIO_CHARTS = ("p", "pp", "u", "up")
SUBGROUP_CHARTS = ("xbar", "s")
TRUE = {"1", "true", "TRUE", "True", "yes", "y"}
FALSE = {"", "0", "false", "FALSE", "False", "no", "n"}


class InputError(Exception):
    """Bad input; the message names the CSV line."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m openqi.spc", description=__doc__)
    p.add_argument("--input", required=True)
    p.add_argument("--chart", required=True, choices=CHARTS)
    p.add_argument("--rules", default="mdc", choices=RULES)
    p.add_argument("--improvement", default="increase", choices=IMPROVEMENTS)
    p.add_argument("--target", type=float)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--screen-mr", dest="screen_mr", action="store_true", default=None)
    g.add_argument("--no-screen-mr", dest="screen_mr", action="store_false")
    p.add_argument("--shift-points", type=int)
    p.add_argument("--trend-points", type=int)
    p.add_argument("--run-rules", default="anhoej", choices=("anhoej", "ihi"))
    p.add_argument("--conflict", choices=("improvement", "concern"))
    p.add_argument("--output", required=True)
    p.add_argument("--summary")
    return p


def _num(text: str, col: str, line: int) -> float:
    try:
        v = float(text)
    except ValueError:
        raise InputError(f"line {line}: {col} {text!r} is not a number") from None
    if not math.isfinite(v):
        raise InputError(f"line {line}: {col} {text!r} is not a finite number")
    return v


def _flag(text: str, col: str, line: int) -> bool:
    t = text.strip()
    if t in TRUE:
        return True
    if t in FALSE:
        return False
    raise InputError(f"line {line}: {col} must be 1 or 0, got {text!r}")


def _check_x(text: str, line: int) -> None:
    if not text:
        raise InputError(f"line {line}: x is empty")
    try:
        float(text)
        return
    except ValueError:
        pass
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(f"line {line}: x {text!r} is neither an ISO date nor a number") from None


class _Series:
    __slots__ = ("sid", "xs", "ys", "ns", "phases", "base", "excl", "lines", "seen")

    def __init__(self, sid: str) -> None:
        self.sid = sid
        self.xs: list[str] = []
        self.ys: list[float] = []
        self.ns: list[float] = []
        self.phases: list[str] = []
        self.base: list[bool] = []
        self.excl: list[bool] = []
        self.lines: list[int] = []
        self.seen: dict[str, int] = {}


def read_input(path: str, chart: str) -> list[_Series]:
    try:
        fh = open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            raise InputError("line 1: the input is empty (no header)")
        cols = {name.strip(): i for i, name in enumerate(header)}
        for need in ("series_id", "x", "y"):
            if need not in cols:
                raise InputError(f"line 1: missing column {need!r}")
        if chart in RATIO_CHARTS and "n" not in cols:
            raise InputError(f"line 1: missing column 'n' (needed for a {chart} chart)")
        ci, xi, yi = cols["series_id"], cols["x"], cols["y"]
        ni, pi, bi, ei = (cols.get(k) for k in ("n", "phase", "baseline", "exclude"))
        width = len(header)
        series: dict[str, _Series] = {}
        ratio = chart in RATIO_CHARTS
        subgroup = chart in SUBGROUP_CHARTS
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != width:
                raise InputError(f"line {line}: expected {width} fields, found {len(row)}")
            sid = row[ci]
            s = series.get(sid)
            if s is None:
                s = series[sid] = _Series(sid)
            x = row[xi].strip()
            _check_x(x, line)
            if not subgroup:
                first = s.seen.get(x)
                if first is not None:
                    raise InputError(
                        f"line {line}: duplicate x {x!r} in series {sid!r} (first at line "
                        f"{first}); only xbar and s charts take several rows per x"
                    )
                s.seen[x] = line
            yt = row[yi].strip()
            y = math.nan if yt == "" else _num(yt, "y", line)
            if chart == "t" and not y > 0 and yt != "":
                raise InputError(f"line {line}: y must be > 0 for a t chart, got {yt}")
            if ni is not None and (ratio or subgroup):
                nt = row[ni].strip()
                if ratio:
                    if nt == "":
                        raise InputError(f"line {line}: n is empty (needed for a {chart} chart)")
                    n = _num(nt, "n", line)
                    if n <= 0:
                        raise InputError(f"line {line}: n must be > 0 for a {chart} chart, got {nt}")
                    s.ns.append(n)
            s.xs.append(x)
            s.ys.append(y)
            s.phases.append(row[pi] if pi is not None else "")
            s.base.append(_flag(row[bi], "baseline", line) if bi is not None else False)
            s.excl.append(_flag(row[ei], "exclude", line) if ei is not None else False)
            s.lines.append(line)
    return list(series.values())


def _f(v: float) -> str:
    return "" if v != v else repr(v)


def _i(v: int) -> str:
    return "" if v < 0 else str(v)


def _write_atomic(path: str, text: str) -> str:
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".spc-", suffix=".tmp", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return tmp


def _csv_cell(text: str) -> str:
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def run(args: argparse.Namespace) -> int:
    import numpy as np

    from .api import SeriesInput, analyse_batch

    series = read_input(args.input, args.chart)
    items = [
        SeriesInput(
            values=np.array(s.ys),
            x=s.xs,
            n=np.array(s.ns) if args.chart in RATIO_CHARTS else None,
            phase=s.phases,
            baseline=np.array(s.base, dtype=np.bool_),
            exclude=np.array(s.excl, dtype=np.bool_),
        )
        for s in series
    ]
    try:
        batch = analyse_batch(
            items,
            chart=args.chart,
            rules=args.rules,
            improvement=args.improvement,
            target=args.target,
            screen_mr=args.screen_mr,
            shift_points=args.shift_points,
            trend_points=args.trend_points,
            conflict=args.conflict,
            run_rules=args.run_rules,
        )
    except ValueError as exc:
        raise InputError(str(exc)) from None
    e = batch.engine
    f = e.flags
    tf = ("false", "true")
    y = [_f(v) for v in e.y.tolist()]
    cl = [_f(v) for v in e.cl.tolist()]
    lcl = [_f(v) for v in e.lcl.tolist()]
    ucl = [_f(v) for v in e.ucl.tolist()]
    fo = [tf[b] for b in (f.out_hi | f.out_lo).tolist()]
    fs = [tf[b] for b in (f.shift_hi | f.shift_lo).tolist()]
    ft = [tf[b] for b in (f.trend_up | f.trend_dn).tolist()]
    f3 = [tf[b] for b in (f.tot_hi | f.tot_lo).tolist()]
    pt = [POINT_TYPES[c] for c in e.point_type.tolist()]
    part_local = (e.part - e.part_series_first()).tolist()
    out = ["series_id,idx,x,y,part,cl,lcl,ucl,flag_outside,flag_shift,flag_trend,"
           "flag_two_of_three,point_type"]
    offsets = batch.offsets.tolist()
    for i, xs in enumerate(batch.xs):
        sid = _csv_cell(series[i].sid)
        lo = offsets[i]
        for k in range(offsets[i + 1] - lo):
            j = lo + k
            out.append(
                f"{sid},{k + 1},{_csv_cell(str(xs[k]) if xs is not None else '')},{y[j]},"
                f"{part_local[j] + 1},{cl[j]},{lcl[j]},{ucl[j]},{fo[j]},{fs[j]},{ft[j]},"
                f"{f3[j]},{pt[j]}"
            )
    points_text = "\n".join(out) + "\n"
    summary_text = None
    if args.summary:
        r = e.runs
        rows = ["series_id,part,n_useful,longest_run,longest_run_max,n_crossings,"
                "n_crossings_min,runs_signal,variation_icon,assurance_icon"]
        first_part = e.series_first_part()
        for gp, sidx in enumerate(e.part_series.tolist()):
            rows.append(
                f"{_csv_cell(series[sidx].sid)},{gp - first_part[sidx] + 1},"
                f"{max(int(r.n_useful[gp]), 0)},{_i(int(r.longest_run[gp]))},"
                f"{_i(int(r.longest_run_max[gp]))},{_i(int(r.n_crossings[gp]))},"
                f"{_i(int(r.n_crossings_min[gp]))},{tf[bool(r.signal[gp])]},"
                f"{VARIATION_ICONS[int(e.part_variation[gp])]},"
                f"{ASSURANCE_ICONS[int(e.part_assurance[gp])]}"
            )
        summary_text = "\n".join(rows) + "\n"
    tmp_points = _write_atomic(args.output, points_text)
    tmp_summary = _write_atomic(args.summary, summary_text) if summary_text is not None else None
    os.replace(tmp_points, args.output)
    if tmp_summary is not None:
        os.replace(tmp_summary, args.summary)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return run(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
