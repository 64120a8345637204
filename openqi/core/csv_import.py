"""Reading an uploaded CSV file for an import with a preview: the pieces every import shares.

An import reads the whole file, checks every row, shows a preview with row-level errors and writes
nothing until someone confirms it (the training completions and the staff import use this).
Line numbers count the header as line 1, as a spreadsheet shows them.
"""

import csv
import datetime
import functools
import io
from collections.abc import Iterable


class UploadError(ValueError):
    """The file as a whole cannot be read."""


def normalise_header(name: str) -> str:
    """`Work Email Address` and ` WORK  EMAIL ADDRESS ` are one column."""
    return " ".join(name.split()).lower()


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> datetime.date | None:
    """A date as YYYY-MM-DD or DD/MM/YYYY (how ESR and spreadsheets write them), else None."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def read_csv_rows(
    content: bytes, *, required: Iterable[str], max_rows: int, aliases: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file as dicts keyed by normalised column names (`aliases` maps other
    spellings to the canonical name). Raises UploadError when the file cannot be used at all."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadError("The file must be a CSV file saved as UTF-8") from error
    reader = csv.DictReader(io.StringIO(text))
    aliases = aliases or {}
    names = [aliases.get(normalise_header(n or ""), normalise_header(n or "")) for n in (reader.fieldnames or [])]
    required = list(required)
    missing = [h for h in required if h not in names]
    if missing:
        raise UploadError(f"The file must have the columns {', '.join(required)} (missing: {', '.join(missing)})")
    reader.fieldnames = names
    try:
        rows = []
        for row in reader:
            rows.append({k: (v or "").strip() if isinstance(v, str) else "" for k, v in row.items() if k})
            if len(rows) > max_rows:
                raise UploadError(f"The file has more than {max_rows:,} rows: split it")
    except csv.Error as error:
        raise UploadError(f"The file is not a readable CSV file ({error})") from error
    if not rows:
        raise UploadError("The file has no rows")
    return rows
