"""The chart of one measure as SVG geometry, its data table and export rows. No queries."""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from openqi.measures.presenters.icons import (
    POINT_STYLE,
    Icon,
    assurance_icon,
    format_number,
    polylines,
    unit_label,
    variation_icon,
)
from openqi.measures.presenters.window import LATEST_POINTS, ChartWindow, DrawnPoint, chart_window
from openqi.measures.selectors import MeasureChart


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    shape: str
    colour: str
    hollow: bool
    label: str
    path: str


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


@dataclass(frozen=True)
class AnnotationMark:
    number: int
    x: float | None  # None: outside the drawn window (still listed under the chart)
    period: datetime.date
    text: str
    kind: str


def _shape_path(shape: str, x: float, y: float, r: float = 4.5) -> str:
    if shape == "square":
        return f"M{x - r:.1f},{y - r:.1f}h{2 * r:.1f}v{2 * r:.1f}h{-2 * r:.1f}Z"
    if shape == "diamond":
        d = r * 1.35
        return f"M{x:.1f},{y - d:.1f}L{x + d:.1f},{y:.1f}L{x:.1f},{y + d:.1f}L{x - d:.1f},{y:.1f}Z"
    if shape == "triangle":
        d = r * 1.3
        return f"M{x:.1f},{y - d:.1f}L{x + d:.1f},{y + d * 0.8:.1f}L{x - d:.1f},{y + d * 0.8:.1f}Z"
    return f"M{x - r:.1f},{y:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0Z"


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low or abs(high) or 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.001:
        if value >= low - step * 0.001:
            ticks.append(round(value, 10))
        value += step
    return ticks


class ChartPresenter:
    """SVG geometry and the accessible table for one measure's chart."""

    width = 760
    height = 320
    left = 64
    right = 20
    top = 28
    bottom = 56
    latest_points = LATEST_POINTS

    def __init__(self, chart: MeasureChart, *, show_all: bool = False) -> None:
        """Draws the latest LATEST_POINTS positions, or with `show_all` every one (averaged in
        blocks when there are many); the table and exports always cover the whole chart."""
        self.chart = chart
        self.measure = chart.measure
        self.window: ChartWindow = chart_window(chart.rows, chart.result.points, chart.scale, show_all=show_all)
        self.points: tuple[DrawnPoint, ...] = self.window.points
        self.ys = [p.y for p in self.points]
        self.cls = [p.cl for p in self.points]
        self.lcls = [p.lcl for p in self.points]
        self.ucls = [p.ucl for p in self.points]
        self.target = self.measure.target
        spread = [v for p in self.points for v in (p.low, p.high) if v is not None]
        numbers = [v for v in (*self.ys, *self.cls, *self.lcls, *self.ucls, *spread) if v is not None]
        if self.target is not None:
            numbers.append(self.target)
        low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
        pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
        self.ticks = _nice_ticks(low - pad, high + pad)
        self.y_min = min(self.ticks[0], low - pad)
        self.y_max = max(self.ticks[-1], high + pad)
        n = len(self.points)
        plot_w = self.width - self.left - self.right
        self.xs = [self.left + (plot_w * (i + 0.5) / n if n else 0) for i in range(n)]

    def scale_y(self, value: float) -> float:
        plot_h = self.height - self.top - self.bottom
        return self.top + plot_h * (1 - (value - self.y_min) / ((self.y_max - self.y_min) or 1.0))

    @property
    def unit_label(self) -> str:
        return unit_label(self.measure)

    @property
    def value_path(self) -> list[str]:
        return polylines(self.xs, self.ys, self.scale_y)

    @property
    def centre_path(self) -> list[str]:
        return self._by_part(self.cls)

    @property
    def limit_paths(self) -> list[str]:
        return self._by_part(self.lcls) + self._by_part(self.ucls)

    def _by_part(self, values: list[float | None]) -> list[str]:
        """Stepped lines that restart at each part, so a recalculation shows as a break."""
        paths: list[str] = []
        half = (self.xs[1] - self.xs[0]) / 2 if len(self.xs) > 1 else 10
        current: list[str] = []
        last_part = None
        for x, value, point in zip(self.xs, values, self.points, strict=True):
            if point.part != last_part or value is None:
                if current:
                    paths.append("M" + "L".join(current))
                current = []
                last_part = point.part
            if value is None:
                continue
            y = self.scale_y(value)
            current += [f"{x - half:.1f},{y:.1f}", f"{x + half:.1f},{y:.1f}"]
        if current:
            paths.append("M" + "L".join(current))
        return paths

    @property
    def target_x_start(self) -> float:
        """The target line starts at its `target from` date (the first point on or after it)."""
        start = self.measure.target_from
        if start is None:
            return float(self.left)
        half = (self.xs[1] - self.xs[0]) / 2 if len(self.xs) > 1 else 10
        for x, point in zip(self.xs, self.points, strict=True):
            end = point.period_end or point.period
            if end is not None and end >= start:
                return max(float(self.left), x - half)
        return float(self.width - self.right)

    @property
    def target_y(self) -> float | None:
        return None if self.target is None else self.scale_y(self.target)

    @property
    def part_breaks(self) -> list[float]:
        half = (self.xs[1] - self.xs[0]) / 2 if len(self.xs) > 1 else 10
        return [self.xs[i] - half for i in range(1, len(self.points)) if self.points[i].part != self.points[i - 1].part]

    @property
    def markers(self) -> list[Marker]:
        markers = []
        percent = self.unit_label if self.unit_label == "%" else ""
        radius = 4.5 if self.window.block == 1 else 2.5  # up to 260 blocks: smaller marks stay apart
        for x, y, point in zip(self.xs, self.ys, self.points, strict=True):
            if y is None or point.period is None:
                continue
            colour, shape, label = POINT_STYLE[point.point_type]
            sy = self.scale_y(y)
            if point.is_block:
                text = (
                    f"{point.period:%d %b %Y} to {point.period_end:%d %b %Y}: average {format_number(y)}{percent} "
                    f"of {point.count} values, lowest {format_number(point.low)}, highest {format_number(point.high)}"
                )
                if point.point_type != "common_cause":
                    label = f"includes {label.lower()}"
            else:
                text = f"{point.period:%d %b %Y}: {format_number(y)}{percent}"
            if point.excluded:
                text += " (ghosted)"
            markers.append(
                Marker(
                    x=x,
                    y=sy,
                    shape=shape,
                    colour=colour,
                    hollow=point.excluded,
                    label=f"{text}, {label.lower()}",
                    path=_shape_path(shape, x, sy, r=radius),
                )
            )
        return markers

    @cached_property
    def plotted_values(self) -> list[float | None]:
        """Every position's plotted value (as displayed: P charts in %), not only the drawn ones."""
        scale = self.chart.scale
        return [None if p.y is None else p.y * scale for p in self.chart.result.points]

    @cached_property
    def has_ghosts(self) -> bool:
        return any(r.ghosted for r in self.chart.rows)

    @property
    def spread_paths(self) -> list[str]:
        """Averaged blocks: a thin upright line from each block's lowest to highest value."""
        if self.window.block == 1:
            return []
        return [
            f"M{x:.1f},{self.scale_y(p.low):.1f}V{self.scale_y(p.high):.1f}"
            for x, p in zip(self.xs, self.points, strict=True)
            if p.low is not None and p.high is not None and p.high > p.low
        ]

    @property
    def window_note(self) -> str:
        """What part of the chart is drawn, when it is not simply every point."""
        w = self.window
        total = len(self.table_positions)
        if w.is_partial:
            return f"The chart shows the latest {LATEST_POINTS} positions of {total:,} values."
        if w.block > 1:
            return (
                f"The chart shows all {total:,} values, each mark the average of up to {w.block} "
                "consecutive values; the thin upright lines show their lowest and highest."
            )
        return ""

    @property
    def y_ticks(self) -> list[tuple[float, str]]:
        return [(self.scale_y(t), format_number(t)) for t in self.ticks if self.y_min <= t <= self.y_max]

    @property
    def x_ticks(self) -> list[tuple[float, str]]:
        dated = [(x, p.period) for x, p in zip(self.xs, self.points, strict=True) if p.period is not None]
        if not dated:
            return []
        every = max(1, math.ceil(len(dated) / 8))
        fmt = "%b %Y" if self.measure.frequency == "monthly" else "%d %b %y"
        return [(x, f"{d:{fmt}}") for x, d in dated[::every]]

    @property
    def annotation_marks(self) -> list[AnnotationMark]:
        by_period = {p.period: x for x, p in zip(self.xs, self.points, strict=True) if p.period is not None}
        first_drawn = min(by_period, default=None)
        marks = []
        for number, note in enumerate(self.chart.annotations, start=1):
            x: float | None = by_period.get(note.period)
            if x is None and self.window.first > 0 and first_drawn is not None and note.period < first_drawn:
                x = None  # before the drawn window: listed under the chart, not drawn on it
            elif x is None:
                # A note on a date without data (or inside a block) sits at the nearest earlier point.
                earlier = [px for d, px in by_period.items() if d <= note.period]
                x = earlier[-1] if earlier else (self.xs[0] if self.xs else self.left)
            marks.append(AnnotationMark(number=number, x=x, period=note.period, text=note.text, kind=note.kind))
        return marks

    @property
    def legend(self) -> list[tuple[str, str, str]]:
        used = {p.point_type for p in self.points if p.y is not None}
        return [
            (POINT_STYLE[t][0], _shape_path(POINT_STYLE[t][1], 8, 8), POINT_STYLE[t][2])
            for t in POINT_STYLE
            if t in used
        ]

    @cached_property
    def table_positions(self) -> list[int]:
        """Positions of the whole chart that have a value: what the data table pages through."""
        return [i for i, row in enumerate(self.chart.rows) if row.point is not None and row.period is not None]

    @property
    def table(self) -> list[TableRow]:
        return self.table_rows(self.table_positions)

    def table_rows(self, positions: Sequence[int]) -> list[TableRow]:
        """Table rows for these positions of the whole chart (a page of the data table)."""
        scale = self.chart.scale
        points = self.chart.result.points
        rows = []
        for i in positions:
            row, point = self.chart.rows[i], points[i]
            if row.point is None or row.period is None:
                continue
            y = None if point.y is None else point.y * scale
            cl = None if point.cl is None else point.cl * scale
            lcl = None if point.lcl is None else point.lcl * scale
            ucl = None if point.ucl is None else point.ucl * scale
            dp = row.point
            rows.append(
                TableRow(
                    period=row.period,
                    value=format_number(y),
                    numerator=format_number(dp.numerator, 6),
                    denominator=format_number(dp.denominator, 6),
                    centre=format_number(cl),
                    lower=format_number(lcl),
                    upper=format_number(ucl),
                    point_type=POINT_STYLE[point.point_type][2] if y is not None else "No value",
                    ghosted=point.excluded,
                    comment=dp.comment,
                )
            )
        return rows

    @property
    def description(self) -> str:
        kind = "Run chart" if self.chart.chart_used == "run" else f"{self.chart.chart_used.upper()} chart"
        return f"{kind} of {self.measure.name}. {self.chart.result.summary}"

    @property
    def variation(self) -> Icon | None:
        return variation_icon(self.chart.result.variation_icon)

    @property
    def assurance(self) -> Icon | None:
        return assurance_icon(self.chart.result.assurance_icon)

    def export_rows(self) -> list[list[Any]]:
        """Every value of the whole chart, whatever part of it is drawn."""
        out = []
        scale = self.chart.scale
        for point, row in zip(self.chart.result.points, self.chart.rows, strict=True):
            if row.point is None or row.period is None:
                continue
            y = None if point.y is None else point.y * scale
            cl = None if point.cl is None else point.cl * scale
            lcl = None if point.lcl is None else point.lcl * scale
            ucl = None if point.ucl is None else point.ucl * scale
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
