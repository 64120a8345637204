"""Display values for dashboard charts: horizontal bar charts as SVG geometry (funnels, stages,
peer benchmarking). No queries: values arrive from the tiles. The p charts reuse the check-ins
presenter (`checkins.presenters.PChartPresenter`), the same drawing as the check-in pages."""

from dataclasses import dataclass
from typing import Any

from openqi.checkins.presenters import PChartPresenter


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # the value as read (a count, a percentage, "hidden")
    y: float
    width: float
    highlight: bool = False


class BarChartPresenter:
    """One bar per row, longest = full width; a missing value draws no bar and says why."""

    kind = "bar"
    WIDTH = 640
    LABEL = 300
    ROW = 28
    TOP = 8

    def __init__(self, title: str, summary: str, rows: list[tuple[str, float | None, str]], *, highlight: str = ""):
        self.title = title
        self.summary = summary
        top = max((v for _, v, _ in rows if v is not None), default=0) or 1
        plot = self.WIDTH - self.LABEL - 70
        self.bars = [
            Bar(
                label=label,
                value=value,
                text=text,
                y=self.TOP + i * self.ROW,
                width=round(plot * (value or 0) / top, 1) if value is not None else 0,
                highlight=bool(highlight) and label == highlight,
            )
            for i, (label, value, text) in enumerate(rows)
        ]
        self.HEIGHT = self.TOP * 2 + self.ROW * max(len(rows), 1)

    @property
    def has_points(self) -> bool:
        return any(b.value for b in self.bars)


class PChart:
    """A p chart with its title, for the dashboard template (the geometry is the check-ins one)."""

    kind = "p"

    def __init__(self, title: str, result: Any, labels: list[str]) -> None:
        self.title = title
        self.drawing = PChartPresenter(result, labels)
        self.summary = self.drawing.summary

    @property
    def has_points(self) -> bool:
        return self.drawing.has_points
