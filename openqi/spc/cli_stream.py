"""Reading a large input CSV a few thousand whole series at a time, so memory stays bounded.

A plain file (no quotes, no carriage returns) bigger than a few blocks is read in blocks of
about BLOCK_BYTES, each cut at the start of its last series (rows of a series are contiguous in
such files, so no series is ever split); every piece is checked and parsed exactly as a whole
file would be, with its errors naming lines of the whole file. Anything else (a small file, or
one with quoted fields that might span lines) is read whole.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import BinaryIO

from .cli_input import InputError, Table, parse_text

BLOCK_BYTES = 1 << 22  # about 150,000 rows of a typical file


class NotContiguous(Exception):
    """A series' rows are not together in the file: it must be read whole to regroup them."""


def _decode(raw: bytes, path: str, encoding: str = "utf-8") -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read {path}: {exc.reason}") from None


def series_cut(buf: bytes) -> int:
    """Offset in buf where the rows of its last complete line's series begin (0: none before).

    Everything from there on (that series' rows, blank lines among them and an unfinished last
    line) is kept for the next block.
    """
    end = buf.rfind(b"\n")
    while end > 0 and buf[end - 1] == 0x0A:  # blank lines at the end
        end -= 1
    if end <= 0:
        return 0
    start = buf.rfind(b"\n", 0, end) + 1
    comma = buf.find(b",", start, end)
    if comma < 0:  # a malformed last line: keep it, the next block reports it with its line
        return start
    sid = buf[start : comma + 1]
    cut = start
    while cut > 0:
        prev = buf.rfind(b"\n", 0, cut - 1) + 1
        line = buf[prev : cut - 1]
        if line and not line.startswith(sid):
            break
        cut = prev
    return cut


def _plain(fh: BinaryIO) -> bool:
    """True when the file has no quote and no carriage return (one row per line, no quoting)."""
    while block := fh.read(1 << 20):
        if b'"' in block or b"\r" in block:
            return False
    return True


def read_tables(path: str, chart: str, block_bytes: int | None = None) -> Iterator[Table]:
    """Tables of whole series in file order; raises NotContiguous when a series comes back."""
    block = BLOCK_BYTES if block_bytes is None else block_bytes
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed by the with below, after the size check
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            whole = size <= 2 * block or not _plain(fh)
            fh.seek(0)
            if whole:
                raw = fh.read()
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from None
        if whole:
            yield parse_text(_decode(raw, path, "utf-8-sig"), chart)
            return
        yield from _blocks(fh, path, chart, block)


def _blocks(fh: BinaryIO, path: str, chart: str, block: int) -> Iterator[Table]:
    header = _decode(fh.readline(), path, "utf-8-sig")
    if not header.endswith("\n"):  # pragma: no cover - the file is larger than two blocks
        header += "\n"
    line = 2
    seen: set[str] = set()
    carry = b""
    while True:
        try:
            data = fh.read(block)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from None
        buf = carry + data
        if data:
            cut = series_cut(buf)
            if cut == 0:  # one series fills the block so far: read on
                carry = buf
                continue
            body, carry = buf[:cut], buf[cut:]
        else:
            body, carry = buf, b""
        text = _decode(body, path)
        if text.strip("\n"):
            table = parse_text(header + text, chart, first_line=line)
            if not seen.isdisjoint(table.sids):
                raise NotContiguous
            seen.update(table.sids)
            yield table
        line += text.count("\n")
        if not data:
            return
