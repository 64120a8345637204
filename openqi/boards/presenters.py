"""The process control board's history as a small SVG chart: for each day, work required (an
outlined column) and work completed (a filled column inside it), oldest day on the left."""

import datetime
from dataclasses import dataclass

from openqi.boards.models import ControlDay

HEIGHT = 120
DAY_WIDTH = 28


@dataclass(frozen=True)
class DayColumn:
    label: str
    x: int
    required_height: int
    completed_height: int
    required: int
    completed: int


@dataclass(frozen=True)
class CategoryChart:
    name: str
    width: int
    columns: list[DayColumn]
    summary: str


def category_chart(name: str, days: list[tuple[datetime.date, ControlDay | None]]) -> CategoryChart:
    """`days` newest first, as `control_history_rows` gives them for one category."""
    ordered = list(reversed(days))
    top = max([d.required for _, d in ordered if d] + [d.completed for _, d in ordered if d] + [1])
    columns = [
        DayColumn(
            label=day.strftime("%-d %b"),
            x=30 + i * DAY_WIDTH,
            required_height=round((d.required if d else 0) / top * HEIGHT),
            completed_height=round((d.completed if d else 0) / top * HEIGHT),
            required=d.required if d else 0,
            completed=d.completed if d else 0,
        )
        for i, (day, d) in enumerate(ordered)
    ]
    required = sum(c.required for c in columns)
    completed = sum(c.completed for c in columns)
    summary = f"{name}: {completed} completed of {required} required over the last {len(columns)} days."
    return CategoryChart(name=name, width=40 + len(columns) * DAY_WIDTH, columns=columns, summary=summary)
