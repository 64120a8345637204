"""Reading uploaded CSV or Excel (.xlsx) files of measure data into rows and row-level errors
(no database)."""

import csv
import datetime
import functools
import io
import math
import re
from dataclasses import dataclass, field
from typing import Any

from openqi.measures.models import MIN_SUBGROUP, ChartType, Measure
from openqi.measures.values import subgroup_fields, value_errors

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
_LONG_REQUIRED = ("measure", "date", "value")
_OPTIONAL = ("numerator", "denominator", "comment")


class UploadError(ValueError):
    """The file as a whole cannot be read; the message says what to do."""


@dataclass
class Parsed:
    file_format: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def parse_date(text: str) -> datetime.date | None:
    found = _parse_date(text.strip())
    return found[0] if found is not None else None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@functools.lru_cache(maxsize=4096)
def _parse_date(text: str) -> tuple[datetime.date, str] | None:
    """The date and its ISO text. A file of 50,000 rows holds a few hundred dates: each is read
    once (strptime is slow)."""
    if _ISO_DATE.fullmatch(text):
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            return None
        return day, text
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return day, day.isoformat()
    return None


def _number(text: str) -> float | None:
    """A finite number, allowing thousands separators; None for an empty cell."""
    if not text:
        return None
    try:
        value = float(text)  # most cells: a plain number (float() allows the spaces around it)
    except ValueError:
        text = text.strip().replace(",", "")
        if text == "":
            return None
        try:
            value = float(text)
        except ValueError:
            raise ValueError from None
    if not math.isfinite(value):
        raise ValueError
    return value


_XLSX_MAGIC = b"PK\x03\x04"  # a zip container, as every .xlsx file is
_FORMAT_HELP = "The selected file must be a CSV or Excel (.xlsx) file"


def decode(content: bytes) -> str:
    if not content.strip():
        raise UploadError("The selected file is empty")
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadError("The selected file must be smaller than 5 MB")
    if b"\x00" in content[:4096]:
        raise UploadError(f"{_FORMAT_HELP}. Save older .xls spreadsheets as .xlsx or ‘CSV UTF-8’ first")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError(
            "The selected file must be saved as UTF-8. In Excel choose ‘CSV UTF-8 (comma delimited)’"
        ) from None


def _csv_table(content: bytes) -> list[list[str]]:
    text = decode(content)
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise UploadError("The selected file could not be read as CSV") from None


def _cell_text(value: Any) -> str:
    """An Excel cell as the text a CSV export of it would hold (dates as ISO, numbers exact)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _xlsx_table(content: bytes) -> list[list[str]]:
    """The first worksheet of an .xlsx file, read-only (formulas give their saved values)."""
    import zipfile

    from openpyxl import load_workbook

    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadError("The selected file must be smaller than 5 MB")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UploadError(f"{_FORMAT_HELP}. This one could not be opened as a spreadsheet") from None
    try:
        sheet = workbook.worksheets[0]
        table: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True):
            table.append([_cell_text(v) for v in row])
            if len(table) > MAX_ROWS + 1:
                break
        return table
    finally:
        workbook.close()


@dataclass(frozen=True, slots=True)
class _Target:
    """What the reader needs of a measure, worked out once per name in the file, not per row."""

    measure: Measure
    pk: int
    name: str
    chart_type: str
    ratio: bool
    subgroup: bool


# One value of the file: line, measure name, date, value, numerator, denominator, comment (texts).
_Item = tuple[int, str, str, str, str, str, str]


def _items(table: list[list[str]]) -> tuple[str, list[_Item]]:
    """The file's format and its values, each as the texts of one row (long) or cell (wide)."""
    header = [cell.strip().lower() for cell in table[0]]
    if header[:1] == ["measure"]:
        missing = [c for c in _LONG_REQUIRED if c not in header]
        if missing:
            raise UploadError(f"The header row must include the columns: {', '.join(_LONG_REQUIRED)}")
        column = {name: i for i, name in enumerate(header)}  # a repeated name: its last column
        width = len(header)
        wanted = [column.get(name, width) for name in ("measure", "date", "value", *_OPTIONAL)]
        items: list[_Item] = []
        for line, row in enumerate(table[1:], start=2):
            cells = row[:width] + [""] * (width + 1 - min(len(row), width))  # [width]: a missing column
            m, d, v, n, den, c = (cells[i] for i in wanted)
            items.append((line, m, d, v, n, den, c))
        return "long", items
    if header[:1] == ["date"] and len(header) > 1:
        items = []
        for line, row in enumerate(table[1:], start=2):
            for i, name in enumerate(table[0][1:], start=1):
                cell = row[i] if i < len(row) else ""
                if cell.strip():
                    items.append((line, name, row[0] if row else "", cell, "", "", ""))
        return "wide", items
    raise UploadError("The first column must be ‘measure’ (one row per value) or ‘date’ (one column per measure)")


def parse_upload(content: bytes, *, measures: dict[str, Measure]) -> Parsed:
    """Long format `measure,date,value[,numerator,denominator,comment]` or wide `date,<measure>…`,
    as CSV (UTF-8) or as the first sheet of an .xlsx workbook."""
    table = _xlsx_table(content) if content.startswith(_XLSX_MAGIC) else _csv_table(content)
    table = [row for row in table if "".join(row).strip()]  # blank lines and rows of empty cells go
    if len(table) < 2:
        raise UploadError("The selected file has no rows of data under the header")
    if len(table) > MAX_ROWS:
        raise UploadError(f"The selected file has more than {MAX_ROWS:,} rows. Split it into smaller files")
    file_format, items = _items(table)
    parsed = Parsed(file_format=file_format)
    wide = file_format == "wide"
    targets: dict[str, _Target | None] = {}

    def target(name: str) -> _Target | None:
        if name not in targets:
            m = measures.get(name.strip().lower())
            targets[name] = (
                None if m is None else _Target(m, m.pk, m.name, m.chart_type, m.needs_ratio, m.needs_subgroups)
            )
        return targets[name]

    seen: set[tuple[int, str]] = set()
    subgroups: dict[tuple[int, str], dict[str, Any]] = {}
    for line, name, date_text, *number_texts, comment_text in items:
        problems: list[str] = []
        measure = target(name)
        if measure is None:
            problems.append(f"no current measure is called ‘{name.strip()[:60]}’")
        dated = _parse_date(date_text.strip())
        if dated is None:
            problems.append("the date must be a real date like 2025-03-31 or 31/03/2025")
        numbers: dict[str, float | None] = {}
        for key, text in zip(("value", "numerator", "denominator"), number_texts, strict=True):
            try:
                numbers[key] = _number(text)
            except ValueError:
                problems.append(f"the {key} must be a number")
                numbers[key] = None
        if measure is not None and not problems:
            if measure.subgroup:
                if numbers["value"] is None:
                    problems.append(f"‘{measure.name}’ needs a value: one observation per row")
            elif measure.ratio and numbers["numerator"] is None and wide:
                problems.append(f"‘{measure.name}’ needs a numerator and denominator: use one row per value")
            else:
                problems += [
                    m[0].lower() + m[1:]
                    for m in value_errors(
                        chart_type=measure.chart_type,
                        value=numbers["value"],
                        numerator=numbers["numerator"],
                        denominator=numbers["denominator"],
                    ).values()
                ]
        if measure is not None and dated is not None and not measure.subgroup:
            seen_key = (measure.pk, dated[1])
            if seen_key in seen:
                problems.append(f"‘{measure.name}’ already has a value for {dated[0]:%d/%m/%Y} earlier in the file")
            seen.add(seen_key)
        if problems:
            parsed.errors.append({"line": line, "message": f"Row {line}: " + "; ".join(problems)})
            continue
        assert measure is not None and dated is not None  # noqa: S101  (no problems means both parsed)
        period, iso = dated
        if measure.subgroup:
            # Rows of an X-bar/S measure with the same date are the observations of one subgroup.
            group = subgroups.setdefault(
                (measure.pk, iso),
                {"line": line, "measure": measure, "period": period, "values": [], "comment": ""},
            )
            group["values"].append(numbers["value"])
            group["comment"] = group["comment"] or comment_text.strip()[:500]
            continue
        parsed.rows.append(
            {
                "line": line,
                "measure_id": measure.pk,
                "measure_name": measure.name,
                "period": iso,
                **numbers,
                "comment": comment_text.strip()[:500],
            }
        )
    for group in subgroups.values():
        measure, period, line = group["measure"], group["period"], group["line"]
        if len(group["values"]) < MIN_SUBGROUP:
            parsed.errors.append(
                {
                    "line": line,
                    "message": f"Row {line}: ‘{measure.name}’ needs at least {MIN_SUBGROUP} observations "
                    f"(rows) for {period:%d/%m/%Y}",
                }
            )
            continue
        parsed.rows.append(
            {
                "line": line,
                "measure_id": measure.pk,
                "measure_name": measure.name,
                "period": period.isoformat(),
                "numerator": None,
                **subgroup_fields(group["values"]),
                "comment": group["comment"],
            }
        )
    parsed.errors.sort(key=lambda e: e["line"])
    parsed.rows.sort(key=lambda r: r["line"])
    return parsed


# The import page's example and the template file it offers: one function writes both, through the
# csv module, so a name with a comma ("Falls per 1,000 bed days") is quoted and the example
# imports exactly as shown.
TEMPLATE_HEADER = ("measure", "date", "value", "numerator", "denominator", "comment")
_GENERIC_EXAMPLE: tuple[tuple[str, ...], ...] = (
    ("Average length of stay", "2025-01-06", "4.2", "", "", ""),
    ("Falls per 1,000 bed days", "06/01/2025", "", "3", "812", ""),
)
_STEPS = {"daily": 1, "weekly": 7}


def _next_period(day: datetime.date, frequency: str) -> datetime.date:
    if frequency in _STEPS:
        return day + datetime.timedelta(days=_STEPS[frequency])
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return datetime.date(year, month, 1)


def _example_dates(measure: Measure, today: datetime.date, count: int) -> list[datetime.date]:
    """The periods after the measure's latest one (so the example adds data and replaces none)."""
    if measure.latest_period is not None:
        day = measure.latest_period
    elif measure.frequency in _STEPS:
        day = today - datetime.timedelta(days=_STEPS[measure.frequency] * count)
    else:
        day = datetime.date(today.year - 1, today.month, 1)
    dates = []
    for _ in range(count):
        day = _next_period(day, measure.frequency)
        dates.append(day)
    return dates


def _example_numbers(measure: Measure) -> list[tuple[str, str, str]]:
    """(value, numerator, denominator) cells for one period that pass `value_errors`."""
    chart = measure.chart_type
    if chart == ChartType.P:
        return [("", "12", "40")]
    if chart == ChartType.U:
        return [("", "3", "812")]
    if measure.needs_subgroups:
        return [("4.2", "", ""), ("4.8", "", "")]  # one row per observation, same date
    if chart in (ChartType.C, ChartType.G):
        return [("3", "", "")]
    if chart == ChartType.T:
        return [("12", "", "")]
    latest = measure.latest_value
    return [(f"{latest:g}" if latest is not None and math.isfinite(latest) else "4.2", "", "")]


def import_example_rows(measure: Measure | None, *, today: datetime.date) -> list[tuple[str, ...]]:
    """The example rows under `TEMPLATE_HEADER`: two generic measures, or three periods of one."""
    if measure is None:
        return list(_GENERIC_EXAMPLE)
    rows: list[tuple[str, ...]] = []
    for day in _example_dates(measure, today, 3):
        for value, numerator, denominator in _example_numbers(measure):
            rows.append((measure.name, day.isoformat(), value, numerator, denominator, ""))
    return rows


def import_example_csv(measure: Measure | None, *, today: datetime.date) -> str:
    """The example as CSV text, header first, as the page shows it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TEMPLATE_HEADER)
    writer.writerows(import_example_rows(measure, today=today))
    return buffer.getvalue().rstrip("\n")
