"""Reading and checking the command line's input CSV: every row is validated before any output
is written, and each error names its CSV line."""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Sequence
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np


RATIO_CHARTS = ("p", "pp", "u", "up")
SUBGROUP_CHARTS = ("xbar", "s")
TRUE = {"1", "true", "TRUE", "True", "yes", "y"}
FALSE = {"", "0", "false", "FALSE", "False", "no", "n"}


class InputError(Exception):
    """Bad input; the message names the CSV line."""


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


def _fast_columns(text: str, first_line: int) -> tuple[list[str], list[list[str]], Sequence[int]] | None:
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
    # Equal totals can hide a short row next to a long one: count every row's separators (on the
    # UTF-8 bytes, where "," and newline never occur inside a multi-byte character).
    import numpy as np

    raw = np.frombuffer(body.encode("utf-8"), dtype=np.uint8)
    commas = np.flatnonzero(raw == 0x2C)
    row_ends = np.searchsorted(commas, np.append(np.flatnonzero(raw == 0x0A), raw.shape[0]))
    del raw
    if np.any(np.diff(row_ends, prepend=0) != width - 1):
        return None
    del commas, row_ends
    flat = body.replace("\n", ",").split(",")
    del body
    return header, [flat[c::width] for c in range(width)], range(first_line, first_line + nrows)


def _read_rows(text: str, first_line: int) -> tuple[list[str], list[list[str]], list[int]]:
    import io

    skip = first_line - 2  # lines of the file before this text's first row (header excluded)
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
                lines.append(reader.line_num + skip)
        return header, rows, lines
    rows = list(reader)
    if all(rows):
        return header, rows, list(range(first_line, len(rows) + first_line))
    lines = [i + first_line for i, r in enumerate(rows) if r]
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

    # The common shape: every series has the same distinct x in the same order.
    if (
        counts
        and min(counts) == max(counts)
        and len(set(x_col[: counts[0]])) == counts[0]
        and x_col == x_col[: counts[0]] * len(counts)
    ):
        return
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
    return parse_text(_read_text(path), chart)


def parse_text(text: str, chart: str, first_line: int = 2) -> Table:
    """Check and read a header line plus rows; first_line is the file line of the first row."""
    import numpy as np

    fast = _fast_columns(text, first_line)
    if fast is not None:
        del text
        header, columns, lines = fast
        nrows = len(lines)
    else:
        header, rows, lines = _read_rows(text, first_line)
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
