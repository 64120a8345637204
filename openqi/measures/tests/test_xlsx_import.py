"""Excel workbooks (.xlsx) import like CSV: first sheet, same layouts, same row-level checks."""

import datetime
import io
from typing import Any

import pytest
from openpyxl import Workbook

from openqi.measures.importing import MAX_ROWS, UploadError, parse_upload
from openqi.measures.tests.conftest import make_measure


def _workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def by_name(personas: Any) -> dict[str, Any]:
    measures = [
        make_measure(personas.org_a, name="Average length of stay"),
        make_measure(personas.org_a, name="Falls", chart_type="u", rate_per=1000),
    ]
    return {m.name.lower(): m for m in measures}


def test_a_long_workbook_with_real_excel_dates_is_read(by_name: dict[str, Any]) -> None:
    content = _workbook(
        [
            ["measure", "date", "value", "numerator", "denominator", "comment"],
            ["Average length of stay", datetime.datetime(2025, 1, 6), 4.2, None, None, None],
            ["Falls", "13/01/2025", None, 3, 812, "new bay"],
        ]
    )
    parsed = parse_upload(content, measures=by_name)
    assert parsed.errors == []
    assert [(r["period"], r["value"], r["numerator"]) for r in parsed.rows] == [
        ("2025-01-06", 4.2, None),
        ("2025-01-13", None, 3.0),
    ]


def test_a_wide_workbook_has_one_column_per_measure(by_name: dict[str, Any]) -> None:
    content = _workbook(
        [["date", "Average length of stay"], [datetime.date(2025, 1, 6), 4.5], [datetime.date(2025, 1, 13), 4.1]]
    )
    parsed = parse_upload(content, measures=by_name)
    assert parsed.file_format == "wide" and [r["value"] for r in parsed.rows] == [4.5, 4.1]


def test_bad_cells_in_a_workbook_are_reported_by_row(by_name: dict[str, Any]) -> None:
    content = _workbook([["measure", "date", "value"], ["Average length of stay", "31/02/2025", "lots"]])
    parsed = parse_upload(content, measures=by_name)
    assert parsed.rows == []
    assert parsed.errors[0]["message"].startswith("Row 2: ") and "real date" in parsed.errors[0]["message"]


def test_a_formula_cell_gives_its_saved_value_never_the_formula(by_name: dict[str, Any]) -> None:
    content = _workbook([["measure", "date", "value"], ["Average length of stay", "2025-01-06", "=1+1"]])
    parsed = parse_upload(content, measures=by_name)
    # A workbook saved by code keeps no computed value for the formula, so the cell reads as empty:
    # the row is refused and the formula text goes nowhere.
    assert parsed.rows == []
    assert parsed.errors[0]["message"] == "Row 2: enter a value"


def test_a_damaged_workbook_is_refused_with_a_clear_message(by_name: dict[str, Any]) -> None:
    content = _workbook([["measure", "date", "value"]])[:200]
    with pytest.raises(UploadError, match="could not be opened as a spreadsheet"):
        parse_upload(content, measures=by_name)


def test_a_workbook_with_too_many_rows_is_refused(by_name: dict[str, Any]) -> None:
    rows: list[list[Any]] = [["date", "Average length of stay"]]
    rows += [[datetime.date(2000, 1, 1) + datetime.timedelta(days=i), 1.0] for i in range(MAX_ROWS + 1)]
    with pytest.raises(UploadError, match="more than"):
        parse_upload(_workbook(rows), measures=by_name)
