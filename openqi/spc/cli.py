"""Command line: CSV in, points (and optionally per-part summary) CSV out.

Everything is validated before any output is opened, and outputs are written to temporary files
that replace the targets only once both are complete, so bad input never leaves partial files.
"""

from __future__ import annotations

import argparse
import csv
import gc
import math
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import chain, groupby, repeat
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

from .types import ASSURANCE_ICONS, CHARTS, IMPROVEMENTS, POINT_TYPES, RULES, VARIATION_ICONS

RATIO_CHARTS = ("p", "pp", "u", "up")
SUBGROUP_CHARTS = ("xbar", "s")
TRUE = {"1", "true", "TRUE", "True", "yes", "y"}
CHUNK_ROWS = 1 << 16
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


class Table:
    """Validated input, column-wise, with rows grouped by series in order of first appearance."""

    def __init__(self) -> None:
        self.sids: list[str] = []
        self.sizes: list[int] = []
        self.x: list[str] = []
        self.y: list[float] = []
        self.n: list[float] | None = None
        self.phase: list[str] | None = None
        self.baseline: list[bool] | None = None
        self.exclude: list[bool] | None = None


def _read_text(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read {path}: {exc.reason}") from None


def _fast_columns(text: str) -> tuple[list[str], list[list[str]], Sequence[int]] | None:
    """Plain files (no quotes, no CR, no blank lines, every row full width): split whole text.

    Returns None when the file needs the csv module (or has a bad row, for its line number).
    """
    if '"' in text or "\r" in text:
        return None
    body_at = text.find("\n")
    if body_at < 0:
        return None
    header = text[:body_at].split(",")
    body = text[body_at + 1 :]
    if body.endswith("\n"):
        body = body[:-1]
    if not body or "\n\n" in body:
        return None
    width = len(header)
    nrows = body.count("\n") + 1
    if body.count(",") != nrows * (width - 1):
        return None
    lines = body.split("\n")
    # Equal totals can hide a short row next to a long one: count every row's separators.
    if set(map(str.count, lines, repeat(","))) != {width - 1}:
        return None
    body = ",".join(lines)
    del lines
    flat = body.split(",")
    del body
    return header, [flat[c::width] for c in range(width)], range(2, nrows + 2)


def _read_rows(text: str) -> tuple[list[str], list[list[str]], list[int]]:
    import io

    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise InputError("line 1: the input is empty (no header)")
    if '"' in text:
        # Quoted fields may span lines, so take line numbers from the reader.
        rows, lines = [], []
        for row in reader:
            if row:
                rows.append(row)
                lines.append(reader.line_num)
        return header, rows, lines
    rows = list(reader)
    if all(rows):
        return header, rows, list(range(2, len(rows) + 2))
    lines = [i + 2 for i, r in enumerate(rows) if r]
    return header, [r for r in rows if r], lines


def _floats(col: Sequence[str], name: str, lines: Sequence[int]) -> list[float]:
    try:
        fast = list(map(float, col))
    except ValueError:
        pass
    else:
        if math.isfinite(sum(fast)):  # no gaps, NaN or infinity (else the checks below)
            return fast
    try:
        vals = [float(t) if t else math.nan for t in col]
    except ValueError:
        vals = []
        for t, line in zip(col, lines, strict=True):
            vals.append(math.nan if not t.strip() else _num(t.strip(), name, line))
    if math.isfinite(math.fsum(v for v in vals if v == v)) and (sum(v != v for v in vals) == sum(not t for t in col)):
        return vals
    for i, v in enumerate(vals):
        if v - v != 0.0 and (v == v or col[i].strip()):  # typed NaN or infinity
            raise InputError(f"line {lines[i]}: {name} {col[i].strip()!r} is not a finite number")
    return vals


def _flags(col: Sequence[str], name: str, lines: Sequence[int]) -> list[bool]:
    mapping = {}
    for t in set(col):
        s = t.strip()
        if s in TRUE:
            mapping[t] = True
        elif s in FALSE:
            mapping[t] = False
    if len(mapping) < len(set(col)):
        i = next(i for i, t in enumerate(col) if t not in mapping)
        raise InputError(f"line {lines[i]}: {name} must be 1 or 0, got {col[i]!r}")
    return [mapping[t] for t in col]


def _check_duplicates(
    sid_col: Sequence[str], x_col: list[str], first: dict[str, int], lines: Sequence[int], counts: list[int] | None
) -> None:
    """One row per (series, x) outside xbar/s; integer keys keep this fast for big files."""
    import numpy as np

    xcode = {x: k for k, x in enumerate(dict.fromkeys(x_col))}
    if counts is not None:  # contiguous series: the series number is a repeat
        key = np.repeat(np.arange(len(counts), dtype=np.int64) * len(xcode), counts)
    else:
        key = np.fromiter(map(first.__getitem__, sid_col), np.int64, len(sid_col)) * len(xcode)
    key += np.fromiter(map(xcode.__getitem__, x_col), np.int64, len(x_col))
    key.sort()
    if not np.any(key[1:] == key[:-1]):
        return
    seen: dict[tuple[str, str], int] = {}
    for i, k in enumerate(zip(sid_col, x_col, strict=True)):
        if k in seen:
            raise InputError(
                f"line {lines[i]}: duplicate x {k[1]!r} in series {k[0]!r} (first at line "
                f"{lines[seen[k]]}); only xbar and s charts take several rows per x"
            )
        seen[k] = i


def _bad_index(ok: np.ndarray) -> int:
    import numpy as np

    bad = np.flatnonzero(~ok)
    return int(bad[0]) if bad.shape[0] else -1


def read_input(path: str, chart: str) -> Table:
    import numpy as np

    text = _read_text(path)
    fast = _fast_columns(text)
    if fast is not None:
        del text
        header, columns, lines = fast
        nrows = len(lines)
    else:
        header, rows, lines = _read_rows(text)
        nrows = len(rows)
    cols = {name.strip(): i for i, name in enumerate(header)}
    for need in ("series_id", "x", "y"):
        if need not in cols:
            raise InputError(f"line 1: missing column {need!r}")
    ratio = chart in RATIO_CHARTS
    if ratio and "n" not in cols:
        raise InputError(f"line 1: missing column 'n' (needed for a {chart} chart)")
    if fast is None:
        width = len(header)
        if set(map(len, rows)) - {width}:
            i = next(i for i, r in enumerate(rows) if len(r) != width)
            raise InputError(f"line {lines[i]}: expected {width} fields, found {len(rows[i])}")
        columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in header]
    sid_col = columns[cols["series_id"]]
    x_col = columns[cols["x"]]
    x_set = set(x_col)
    if any(xt != xt.strip() for xt in x_set):
        x_col = list(map(str.strip, x_col))
        x_set = set(x_col)
    if len(x_set) * 4 < len(x_col):
        # Few distinct x (dates shared by every series): keep one string object per value.
        x_col = list(map({xt: xt for xt in x_set}.__getitem__, x_col))
    for xt in x_set:
        try:
            _check_x(xt, 0)
        except InputError:
            i = x_col.index(xt)
            _check_x(xt, lines[i])
    y = _floats(columns[cols["y"]], "y", lines)
    if chart == "t":
        ya = np.array(y)
        i = _bad_index((ya > 0) | np.isnan(ya))
        if i >= 0:
            raise InputError(f"line {lines[i]}: y must be > 0 for a t chart, got {columns[cols['y']][i]}")
    t = Table()
    if ratio:
        ncol = columns[cols["n"]]
        nvals = _floats(ncol, "n", lines)
        i = _bad_index(np.array(nvals) > 0)
        if i >= 0:
            got = ncol[i].strip() or "nothing"
            raise InputError(f"line {lines[i]}: n must be > 0 for a {chart} chart, got {got}")
        t.n = nvals
    first = {sid: k for k, sid in enumerate(dict.fromkeys(sid_col))}
    runs = [(k, len(list(g))) for k, g in groupby(sid_col)]
    # Rows of a series are usually contiguous; only otherwise regroup them (stable sort).
    contiguous = len(runs) == len(first)
    if contiguous:
        counts = [k for _, k in runs]
    else:
        tally = Counter(sid_col)
        counts = [tally[sid] for sid in first]
    if chart not in SUBGROUP_CHARTS:
        _check_duplicates(sid_col, x_col, first, lines, counts if contiguous else None)
    order = None if contiguous else sorted(range(nrows), key=lambda i: first[sid_col[i]])
    t.sids = list(first)
    t.sizes = counts

    def ordered(col: list[Any]) -> list[Any]:
        return col if order is None else [col[i] for i in order]

    t.x = ordered(x_col)
    t.y = ordered(y)
    if t.n is not None:
        t.n = ordered(t.n)
    if "phase" in cols:
        t.phase = ordered(columns[cols["phase"]])
    for name in ("baseline", "exclude"):
        if name in cols:
            setattr(t, name, ordered(_flags(columns[cols[name]], name, lines)))
    return t


def _fmt_values(values: np.ndarray) -> list[str]:
    """repr of every value (shortest round-trip, so full precision), '' for NaN."""
    import numpy as np

    text = list(map(repr, values.tolist()))
    for i in np.flatnonzero(np.isnan(values)).tolist():
        text[i] = ""
    return text


def _fmt_runs(part: np.ndarray, cl: np.ndarray, lcl: np.ndarray, ucl: np.ndarray) -> list[str]:
    """'part,cl,lcl,ucl' per point (1-based part); formatted once per run of equal values."""
    import numpy as np

    n = part.shape[0]
    if n == 0:
        return []
    start = np.ones(n, dtype=np.bool_)
    start[1:] = part[1:] != part[:-1]
    for a in (cl, lcl, ucl):
        bits = np.ascontiguousarray(a, dtype=np.float64).view(np.int64)  # exact, NaN-safe
        start[1:] |= bits[1:] != bits[:-1]
    at = np.flatnonzero(start)
    lens = np.diff(np.append(at, n))
    cols = [_fmt_values(a[at]) for a in (cl, lcl, ucl)]
    text = [f"{p + 1},{c},{lo},{hi}" for p, c, lo, hi in zip(part[at].tolist(), *cols, strict=True)]
    out: list[str] = np.repeat(np.array(text, dtype=object), lens).tolist()
    return out


def _i(v: int) -> str:
    return "" if v < 0 else str(v)


def _write_atomic(path: str, chunks: Iterable[str]) -> str:
    """Write chunks to a temporary file next to path (renamed into place by the caller)."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".spc-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            for chunk in chunks:
                fh.write(chunk)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _csv_cell(text: str) -> str:
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def run(args: argparse.Namespace) -> int:
    import numpy as np

    from .api import SeriesInput, analyse_batch, analyse_flat
    from .settings import resolve

    table = read_input(args.input, args.chart)
    try:
        settings = resolve(
            args.chart, args.rules, args.improvement, args.target, args.screen_mr,
            args.shift_points, args.trend_points, args.conflict, args.run_rules,
        )  # fmt: skip
        offsets = np.concatenate(([0], np.cumsum(np.array(table.sizes, dtype=np.int64))))
        xs = [table.x[offsets[i] : offsets[i + 1]] for i in range(len(table.sizes))]
        y = np.array(table.y, dtype=np.float64)
        if args.chart in SUBGROUP_CHARTS:
            items = [
                SeriesInput(
                    values=y[offsets[i] : offsets[i + 1]],
                    x=xs[i],
                    phase=None if table.phase is None else table.phase[offsets[i] : offsets[i + 1]],
                    baseline=None if table.baseline is None else table.baseline[offsets[i] : offsets[i + 1]],
                    exclude=None if table.exclude is None else table.exclude[offsets[i] : offsets[i + 1]],
                )
                for i in range(len(table.sizes))
            ]
            batch = analyse_batch(
                items, chart=args.chart, rules=args.rules, improvement=args.improvement,
                target=args.target, screen_mr=args.screen_mr, shift_points=args.shift_points,
                trend_points=args.trend_points, conflict=args.conflict, run_rules=args.run_rules,
            )  # fmt: skip
        else:
            size_arr = np.array(table.sizes, dtype=np.int64)
            series_id = np.repeat(np.arange(size_arr.shape[0], dtype=np.int64), size_arr)
            new_part = np.ones(y.shape[0], dtype=np.bool_)
            new_part[1:] = series_id[1:] != series_id[:-1]
            if table.phase is not None and y.shape[0]:
                ph = np.array(table.phase)
                new_part[1:] |= ph[1:] != ph[:-1]
            part = np.cumsum(new_part) - 1
            batch = analyse_flat(
                y, size_arr, settings,
                n=None if table.n is None else np.array(table.n, dtype=np.float64),
                part=part.astype(np.int64),
                baseline=None if table.baseline is None else np.array(table.baseline, dtype=np.bool_),
                exclude=None if table.exclude is None else np.array(table.exclude, dtype=np.bool_),
                xs=xs,
            )  # fmt: skip
    except ValueError as exc:
        raise InputError(str(exc)) from None
    e = batch.engine
    f = e.flags
    tf = ("false", "true")
    # Per point: "series_id,idx,x,y" + ",part,cl,lcl,ucl" (constant along runs of a part, so
    # formatted once per run) + ",flags...,point_type" (one of few combinations, looked up).
    part_local = e.part - e.part_series_first()
    limits_txt = _fmt_runs(part_local, e.cl, e.lcl, e.ucl)
    del part_local
    code = (
        (f.out_hi | f.out_lo).astype(np.int16)
        + 2 * (f.shift_hi | f.shift_lo)
        + 4 * (f.trend_up | f.trend_dn)
        + 8 * (f.tot_hi | f.tot_lo)
        + 16 * e.point_type.astype(np.int16)
    )
    tails = np.array(
        [
            f"{tf[k & 1]},{tf[(k >> 1) & 1]},{tf[(k >> 2) & 1]},{tf[(k >> 3) & 1]},{POINT_TYPES[k >> 4]}"
            for k in range(16 * len(POINT_TYPES))
        ],
        dtype=object,
    )
    offsets = batch.offsets.tolist()
    sizes = [offsets[i + 1] - offsets[i] for i in range(len(table.sids))]
    sid_cells = np.array([_csv_cell(sid) for sid in table.sids], dtype=object)
    numbers = [str(k) for k in range(1, max(sizes, default=0) + 1)]
    if sizes and min(sizes) == max(sizes):
        idx_col = numbers * len(sizes)
    else:
        idx_col = list(chain.from_iterable(numbers[:k] for k in sizes))
    x_all = list(map(str, chain.from_iterable(xs_i for xs_i in batch.xs if xs_i is not None)))
    if any(c in v for v in set(x_all) for c in ',"\n\r'):
        x_all = [_csv_cell(v) for v in x_all]
    sid_rows = np.repeat(sid_cells, sizes)  # references, not copies, of the cells

    def points_chunks() -> Iterator[str]:
        yield "series_id,idx,x,y,part,cl,lcl,ucl,flag_outside,flag_shift,flag_trend,flag_two_of_three,point_type\n"
        # Format and write a slice of rows at a time: memory stays flat however big the file.
        total = len(x_all)
        for a in range(0, total, CHUNK_ROWS):
            b = min(a + CHUNK_ROWS, total)
            rows = zip(
                sid_rows[a:b].tolist(), idx_col[a:b], x_all[a:b], _fmt_values(e.y[a:b]), limits_txt[a:b],
                tails[code[a:b]].tolist(), strict=True,
            )  # fmt: skip
            yield "\n".join(map(",".join, rows)) + "\n"

    summary_text = None
    if args.summary:
        r = e.runs
        rows = [
            "series_id,part,n_useful,longest_run,longest_run_max,n_crossings,"
            "n_crossings_min,runs_signal,variation_icon,assurance_icon"
        ]
        first_part = e.series_first_part()
        sids = [_csv_cell(sid) for sid in table.sids]
        ps = e.part_series
        nums = [(np.maximum(r.n_useful, 0), False)] + [
            (a, True) for a in (r.longest_run, r.longest_run_max, r.n_crossings, r.n_crossings_min)
        ]
        num_cols = [[_i(v) if neg else str(v) for v in a.tolist()] for a, neg in nums]
        rows.extend(
            map(
                ",".join,
                zip(
                    [sids[k] for k in ps.tolist()],
                    map(str, (np.arange(ps.shape[0]) - first_part[ps] + 1).tolist()),
                    *num_cols,
                    [tf[b] for b in r.signal.tolist()],
                    [VARIATION_ICONS[c] for c in e.part_variation.tolist()],
                    [ASSURANCE_ICONS[c] for c in e.part_assurance.tolist()],
                    strict=True,
                ),
            )
        )
        summary_text = "\n".join(rows) + "\n"
    tmp_points = _write_atomic(args.output, points_chunks())
    try:
        tmp_summary = _write_atomic(args.summary, [summary_text]) if summary_text is not None else None
    except BaseException:
        os.unlink(tmp_points)
        raise
    os.replace(tmp_points, args.output)
    if tmp_summary is not None:
        os.replace(tmp_summary, args.summary)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Millions of short-lived rows and cells: the cyclic collector only costs time here.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return run(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if collecting:
            gc.enable()
