"""Display values for check-in reports: suppressed cells as words, and the p chart as SVG geometry.

No queries here: everything arrives from the selectors."""

from collections.abc import Iterator
from dataclasses import dataclass

from openqi.checkins.selectors import Cell
from openqi.spc import SeriesResult

POINT_WORDS = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Special cause – improvement",
    "special_cause_concern": "Special cause – concern",
    "special_cause_neutral": "Special cause – neutral",
}


def hidden_text(k: int) -> dict[str, str]:
    return {
        "below_k": f"fewer than {k} responses",
        "complementary": "hidden to protect a smaller group",
    }


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}%"


def cell_text(cell: Cell, k: int) -> str:
    """A cell's share of good days, or why it is not shown."""
    if cell.status == "empty":
        return "No responses"
    if not cell.shown:
        return hidden_text(k)[cell.status].capitalize()
    return percent(cell.good_share)


def week_rows(weeks: list[Cell], k: int) -> Iterator[list[str | int]]:
    """Rows of the weekly export, newest week first, with the same suppression as the page."""
    for cell in reversed(weeks):
        if cell.shown:
            yield [str(cell.key), cell.responses or 0, cell.good or 0, percent(cell.good_share) or "–"]
        else:
            text = hidden_text(k)[cell.status]
            yield [str(cell.key), text, text, text]


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: str
    special: bool
    words: str


class PChartPresenter:
    """The weekly share of good days as SVG geometry (a viewBox of WIDTH × HEIGHT), 0–100%."""

    WIDTH = 640
    HEIGHT = 260
    LEFT = 48
    RIGHT = 16
    TOP = 16
    BOTTOM = 40

    def __init__(self, result: SeriesResult, labels: list[str]) -> None:
        self.result = result
        self.labels = labels
        self.summary = result.summary
        count = max(len(result.points), 1)
        self._step = (self.WIDTH - self.LEFT - self.RIGHT) / max(count - 1, 1)

    def _x(self, i: int) -> float:
        return round(self.LEFT + i * self._step, 1)

    def _y(self, share: float) -> float:
        plot = self.HEIGHT - self.TOP - self.BOTTOM
        return round(self.TOP + (1 - share) * plot, 1)

    @property
    def has_points(self) -> bool:
        return any(p.y is not None for p in self.result.points)

    @property
    def points(self) -> list[ChartPoint]:
        found = []
        for i, point in enumerate(self.result.points):
            if point.y is None:
                continue
            special = point.point_type.startswith("special")
            found.append(
                ChartPoint(
                    x=self._x(i),
                    y=self._y(point.y),
                    label=self.labels[i],
                    value=percent(point.y),
                    special=special,
                    words=POINT_WORDS.get(point.point_type, point.point_type),
                )
            )
        return found

    def _path(self, attribute: str) -> str:
        """An SVG path through one series of values, broken wherever a value is missing."""
        parts: list[str] = []
        pen_down = False
        for i, point in enumerate(self.result.points):
            value = getattr(point, attribute)
            if value is None or (attribute == "y" and point.y is None):
                pen_down = False
                continue
            parts.append(f"{'L' if pen_down else 'M'}{self._x(i)},{self._y(min(max(value, 0.0), 1.0))}")
            pen_down = True
        return " ".join(parts)

    @property
    def line(self) -> str:
        return self._path("y")

    @property
    def centre(self) -> str:
        return self._path("cl")

    @property
    def upper(self) -> str:
        return self._path("ucl")

    @property
    def lower(self) -> str:
        return self._path("lcl")

    @property
    def gridlines(self) -> list[tuple[float, str]]:
        return [(self._y(v / 100), f"{v}%") for v in (0, 25, 50, 75, 100)]

    @property
    def x_ticks(self) -> list[tuple[float, str]]:
        """Every fourth week labelled, so labels never overlap."""
        return [(self._x(i), label) for i, label in enumerate(self.labels) if i % 4 == 0]

    @property
    def rows(self) -> list[dict[str, str]]:
        table = []
        for i, point in enumerate(self.result.points):
            table.append(
                {
                    "week": self.labels[i],
                    "share": percent(point.y) if point.y is not None else "Not shown",
                    "centre": percent(point.cl),
                    "limits": f"{percent(point.lcl)} to {percent(point.ucl)}" if point.ucl is not None else "–",
                    "variation": POINT_WORDS.get(point.point_type, "") if point.y is not None else "–",
                }
            )
        return table
