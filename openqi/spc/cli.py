"""Command line: CSV in, points (and optionally per-part summary) CSV out.

Everything is validated before any output is opened, and outputs are written to temporary files
that replace the targets only once both are complete, so bad input never leaves partial files.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import numpy as np

    from .result import BatchResult
    from .types import Settings

from .cli_input import SUBGROUP_CHARTS, InputError, Table, read_input
from .types import ASSURANCE_ICONS, CHARTS, IMPROVEMENTS, POINT_TYPES, RULES, VARIATION_ICONS

CHUNK_ROWS = 1 << 16  # rows formatted and written at a time


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


def _fmt_values(values: np.ndarray) -> list[str]:
    """repr of every value (shortest round-trip, so full precision), '' for NaN."""
    import numpy as np

    floats = values.tolist()
    distinct = set(floats)
    if len(distinct) * 2 > len(floats):
        text = list(map(repr, floats))
    else:
        # Measures repeat values (counts, rounded rates): format each distinct value once. A set
        # holds 0.0 and -0.0 as one key, so zeros are formatted one by one afterwards.
        text = list(map({v: repr(v) for v in distinct}.__getitem__, floats))
        for i in np.flatnonzero(values == 0.0).tolist():
            text[i] = repr(floats[i])
    for i in np.flatnonzero(np.isnan(values)).tolist():
        text[i] = ""
    return text


def _fmt_runs(part: np.ndarray, cl: np.ndarray, lcl: np.ndarray, ucl: np.ndarray) -> list[str]:
    """',part,cl,lcl,ucl,' per point (1-based part); formatted once per run of equal values."""
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
    text = [f",{p + 1},{c},{lo},{hi}," for p, c, lo, hi in zip(part[at].tolist(), *cols, strict=True)]
    out: list[str] = np.repeat(np.array(text, dtype=object), lens).tolist()
    return out


def _i(v: int) -> str:
    return "" if v < 0 else str(v)


def _open_temp(path: str) -> tuple[str, TextIO]:
    """A new temporary file next to path (renamed into place by the caller) and its handle."""
    folder = os.path.dirname(os.path.abspath(path))
    # As tempfile.mkstemp (a fresh name, created exclusively, private) without importing tempfile,
    # which pulls in shutil, bz2, lzma and random: a tenth of the CLI's start-up.
    while True:
        tmp = os.path.join(folder, f".spc-{os.urandom(8).hex()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:  # pragma: no cover - 64 random bits
            continue
    try:
        return tmp, os.fdopen(fd, "w", encoding="utf-8", newline="")
    except BaseException:  # pragma: no cover - fdopen of a fresh descriptor
        os.close(fd)
        os.unlink(tmp)
        raise


def _csv_cell(text: str) -> str:
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


POINTS_HEADER = "series_id,idx,x,y,part,cl,lcl,ucl,flag_outside,flag_shift,flag_trend,flag_two_of_three,point_type\n"
SUMMARY_HEADER = (
    "series_id,part,n_useful,longest_run,longest_run_max,n_crossings,"
    "n_crossings_min,runs_signal,variation_icon,assurance_icon\n"
)


def run(args: argparse.Namespace) -> int:
    from .cli_stream import NotContiguous, read_tables

    try:
        return _run(args, read_tables(args.input, args.chart))
    except NotContiguous:
        # A big file whose series' rows are spread out: read it whole and regroup them.
        return _run(args, iter([read_input(args.input, args.chart)]))


def _run(args: argparse.Namespace, tables: Iterator[Table]) -> int:
    """Analyse and write table after table into temporary files; rename them when all is done."""
    from .settings import resolve

    temps: list[tuple[str, TextIO]] = []
    settings: Settings | None = None
    try:
        for table in tables:
            if settings is None:
                try:
                    settings = resolve(
                        args.chart, args.rules, args.improvement, args.target, args.screen_mr,
                        args.shift_points, args.trend_points, args.conflict, args.run_rules,
                    )  # fmt: skip
                except ValueError as exc:
                    raise InputError(str(exc)) from None
            batch = _analyse(table, args, settings)
            if not temps:
                _open_outputs(args, temps)
            for chunk in _points_rows(table, batch):
                temps[0][1].write(chunk)
            if args.summary:
                temps[1][1].write(_summary_rows(table, batch))
        if not temps:
            _open_outputs(args, temps)
        for _, fh in temps:
            fh.close()
    except BaseException:
        for tmp, fh in temps:
            fh.close()
            os.unlink(tmp)
        raise
    os.replace(temps[0][0], args.output)
    if args.summary:
        os.replace(temps[1][0], args.summary)
    return 0


def _open_outputs(args: argparse.Namespace, temps: list[tuple[str, TextIO]]) -> None:
    for path, header in ((args.output, POINTS_HEADER), (args.summary, SUMMARY_HEADER)):
        if path:
            temps.append(_open_temp(path))
            temps[-1][1].write(header)


def _analyse(table: Table, args: argparse.Namespace, settings: Settings) -> BatchResult:
    import numpy as np

    from .api import SeriesInput, analyse_batch, analyse_flat

    try:
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
            return analyse_batch(
                items, chart=args.chart, rules=args.rules, improvement=args.improvement,
                target=args.target, screen_mr=args.screen_mr, shift_points=args.shift_points,
                trend_points=args.trend_points, conflict=args.conflict, run_rules=args.run_rules,
            )  # fmt: skip
        size_arr = np.array(table.sizes, dtype=np.int64)
        series_id = np.repeat(np.arange(size_arr.shape[0], dtype=np.int64), size_arr)
        new_part = np.ones(y.shape[0], dtype=np.bool_)
        new_part[1:] = series_id[1:] != series_id[:-1]
        if table.phase is not None and y.shape[0]:
            ph = np.array(table.phase)
            new_part[1:] |= ph[1:] != ph[:-1]
        part = np.cumsum(new_part) - 1
        return analyse_flat(
            y, size_arr, settings,
            n=None if table.n is None else np.array(table.n, dtype=np.float64),
            part=part.astype(np.int64),
            baseline=None if table.baseline is None else np.array(table.baseline, dtype=np.bool_),
            exclude=None if table.exclude is None else np.array(table.exclude, dtype=np.bool_),
            xs=xs,
        )  # fmt: skip
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _points_rows(table: Table, batch: BatchResult) -> Iterator[str]:
    """The points file's rows for one table, CHUNK_ROWS rows per string."""
    import numpy as np

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
            f"{tf[k & 1]},{tf[(k >> 1) & 1]},{tf[(k >> 2) & 1]},{tf[(k >> 3) & 1]},{POINT_TYPES[k >> 4]}\n"
            for k in range(16 * len(POINT_TYPES))
        ],
        dtype=object,
    )
    offsets = batch.offsets.tolist()
    sizes = [offsets[i + 1] - offsets[i] for i in range(len(table.sids))]
    # Every cell carries the separator that follows it, so a chunk is one "".join of a flat list
    # filled by slice assignment (no per-row tuples or joins).
    sid_cells = np.array([_csv_cell(sid) + "," for sid in table.sids], dtype=object)
    numbers = [f"{k}," for k in range(1, max(sizes, default=0) + 1)]
    if sizes and min(sizes) == max(sizes):
        idx_col = numbers * len(sizes)
    else:
        idx_col = list(chain.from_iterable(numbers[:k] for k in sizes))
    x_all = list(map(str, chain.from_iterable(xs_i for xs_i in batch.xs if xs_i is not None)))
    if any(c in v for v in set(x_all) for c in ',"\n\r'):
        x_all = [_csv_cell(v) for v in x_all]
    sid_rows = np.repeat(sid_cells, sizes)  # references, not copies, of the cells
    comma = [","]
    # Format and write a slice of rows at a time: memory stays flat however big the table.
    total = len(x_all)
    for a in range(0, total, CHUNK_ROWS):
        b = min(a + CHUNK_ROWS, total)
        m = b - a
        cells: list[str] = [""] * (7 * m)
        cells[0::7] = sid_rows[a:b].tolist()
        cells[1::7] = idx_col[a:b]
        cells[2::7] = x_all[a:b]
        cells[3::7] = comma * m
        cells[4::7] = _fmt_values(e.y[a:b])
        cells[5::7] = limits_txt[a:b]
        cells[6::7] = tails[code[a:b]].tolist()
        yield "".join(cells)


def _summary_rows(table: Table, batch: BatchResult) -> str:
    """The summary file's rows (one per part) for one table."""
    import numpy as np

    e = batch.engine
    r = e.runs
    tf = ("false", "true")
    first_part = e.series_first_part()
    sids = [_csv_cell(sid) for sid in table.sids]
    ps = e.part_series
    nums = [(np.maximum(r.n_useful, 0), False)] + [
        (a, True) for a in (r.longest_run, r.longest_run_max, r.n_crossings, r.n_crossings_min)
    ]
    num_cols = [[_i(v) if neg else str(v) for v in a.tolist()] for a, neg in nums]
    rows = map(
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
    return "".join(row + "\n" for row in rows)


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
