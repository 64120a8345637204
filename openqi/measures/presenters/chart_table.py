"""A chart's data as rows: a page of the accessible data table, and every value for the CSV and
Excel downloads. No queries."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openqi.measures.presenters.icons import POINT_STYLE, format_number
from openqi.measures.selectors import MeasureChart

EXPORT_HEADER = [
    "date",
    "value",
    "numerator",
    "denominator",
    "plotted value",
    "centre line",
    "lower limit",
    "upper limit",
    "part",
    "point type",
    "flags",
    "ghosted",
    "comment",
]


@dataclass(frozen=True)
class TableRow:
    period: datetime.date
    value: str
    numerator: str
    denominator: str
    centre: str
    lower: str
    upper: str
    point_type: str
    ghosted: bool
    comment: str


def _scaled(value: float | None, scale: float) -> float | None:
    return None if value is None else value * scale


def table_rows(chart: MeasureChart, positions: Sequence[int]) -> list[TableRow]:
    """Table rows for these positions of the whole chart (a page of the data table)."""
    scale = chart.scale
    points = chart.result.points
    rows = []
    for i in positions:
        row, point = chart.rows[i], points[i]
        if row.point is None or row.period is None:
            continue
        y = _scaled(point.y, scale)
        dp = row.point
        rows.append(
            TableRow(
                period=row.period,
                value=format_number(y),
                numerator=format_number(dp.numerator, 6),
                denominator=format_number(dp.denominator, 6),
                centre=format_number(_scaled(point.cl, scale)),
                lower=format_number(_scaled(point.lcl, scale)),
                upper=format_number(_scaled(point.ucl, scale)),
                point_type=POINT_STYLE[point.point_type][2] if y is not None else "No value",
                ghosted=point.excluded,
                comment=dp.comment,
            )
        )
    return rows


def export_rows(chart: MeasureChart) -> list[list[Any]]:
    """Every value of the whole chart, whatever part of it is drawn."""
    out = []
    scale = chart.scale
    for point, row in zip(chart.result.points, chart.rows, strict=True):
        if row.point is None or row.period is None:
            continue
        y, cl = _scaled(point.y, scale), _scaled(point.cl, scale)
        lcl, ucl = _scaled(point.lcl, scale), _scaled(point.ucl, scale)
        dp = row.point
        flags = [
            name
            for name, on in (
                ("outside limits", point.flag_outside),
                ("shift", point.flag_shift),
                ("trend", point.flag_trend),
                ("two of three", point.flag_two_of_three),
            )
            if on
        ]
        out.append(
            [
                row.period.isoformat(),
                "" if dp.value is None else dp.value,
                "" if dp.numerator is None else dp.numerator,
                "" if dp.denominator is None else dp.denominator,
                "" if y is None else y,
                "" if cl is None else cl,
                "" if lcl is None else lcl,
                "" if ucl is None else ucl,
                point.part,
                point.point_type,
                "; ".join(flags),
                "yes" if point.excluded else "no",
                dp.comment,
            ]
        )
    return out
