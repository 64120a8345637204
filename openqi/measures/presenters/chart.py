"""The chart of one measure as SVG geometry, its data table and export rows. No queries."""

import math
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from markupsafe import Markup

from openqi.measures.presenters import chart_table
from openqi.measures.presenters.chart_marks import (
    FLAG_GAP,
    FLAG_HEIGHT,
    AnnotationFlag,
    AnnotationMark,
    Marker,
    nice_ticks,
    number_label,
    points_markup,
    shape_path,
    stepped_path,
)
from openqi.measures.presenters.chart_table import TableRow
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


class ChartPresenter:
    """SVG geometry and the accessible table for one measure's chart.

    Two drawings of the same chart: the wide one (760 units, for desktop, print and the SVG
    download) and a narrow one (320 units, larger type, fewer ticks) shown on phones, so the text
    stays at least 12 CSS px where the wide drawing would shrink to about 6 px.
    """

    # The wide drawing's geometry; an instance sets its own (narrow, or taller for stacked flags).
    width = 760
    height = 320
    left = 64
    right = 20
    top = 28
    bottom = 56
    latest_points = LATEST_POINTS

    def __init__(self, chart: MeasureChart, *, narrow: bool = False, show_all: bool = False) -> None:
        """Draws the latest LATEST_POINTS positions, or with `show_all` every one (averaged in
        blocks when there are many); the table and exports always cover the whole chart."""
        self.chart = chart
        self.narrow = narrow
        self.show_all = show_all
        self.width = 320 if narrow else 760
        self.left = 44 if narrow else 64
        self.right = 10 if narrow else 20
        self.bottom = 44 if narrow else 56
        self.font_size = 14 if narrow else 12
        self.marker_radius = 3.5 if narrow else 4.5
        self.id_prefix = "chart-narrow" if narrow else "chart"
        plot_height = 200 if narrow else 236
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
        self.ticks = nice_ticks(low - pad, high + pad)
        self.y_min = min(self.ticks[0], low - pad)
        self.y_max = max(self.ticks[-1], high + pad)
        n = len(self.points)
        plot_w = self.width - self.left - self.right
        self.xs = [self.left + (plot_w * (i + 0.5) / n if n else 0) for i in range(n)]
        self.flags = self._stack_flags()
        levels = max((f.level for f in self.flags), default=0) + 1
        # The plot keeps its height; each extra level of flags adds room above it.
        self.top = 28 + (levels - 1) * (FLAG_HEIGHT + FLAG_GAP)
        self.height = self.top + plot_height + self.bottom

    @property
    def narrow_variant(self) -> "ChartPresenter":
        return ChartPresenter(self.chart, narrow=True, show_all=self.show_all)

    def _stack_flags(self) -> list[AnnotationFlag]:
        """Notes on the same point share one flag ("3–5"); flags that would overlap go up a level,
        and beyond the last level a flag joins its left neighbour's, so clustered cycles stay legible."""
        groups: list[list[AnnotationMark]] = []
        drawn = [m for m in self.annotation_marks if m.x is not None]  # marks before the window are only listed
        for mark in sorted(drawn, key=lambda m: (m.x or 0.0, m.number)):
            if groups and groups[-1][0].x == mark.x:
                groups[-1].append(mark)
            else:
                groups.append([mark])
        max_levels = 2 if self.narrow else 3
        while True:
            flags = self._place(groups)
            crowded = next((i for i, f in enumerate(flags) if f.level >= max_levels), None)
            if crowded is None:
                return flags
            groups[crowded - 1 : crowded + 1] = [groups[crowded - 1] + groups[crowded]]

    def _place(self, groups: list[list[AnnotationMark]]) -> list[AnnotationFlag]:
        flags: list[AnnotationFlag] = []
        level_ends: list[float] = []  # the right edge of the last flag on each level
        char = self.font_size * 0.62
        for marks in groups:
            xs = tuple(sorted({m.x for m in marks if m.x is not None}))
            label = number_label(sorted(m.number for m in marks))
            box_width = max(float(FLAG_HEIGHT), len(label) * char + 8)
            centre = (xs[0] + xs[-1]) / 2
            box_x = min(max(centre - box_width / 2, 0.0), self.width - box_width)
            level = next((i for i, end in enumerate(level_ends) if end + FLAG_GAP <= box_x), len(level_ends))
            if level == len(level_ends):
                level_ends.append(box_x + box_width)
            else:
                level_ends[level] = box_x + box_width
            kind = "pdsa" if all(m.kind == "pdsa" for m in marks) else "note"
            title = "; ".join(f"{m.number}: {'PDSA cycle – ' if m.kind == 'pdsa' else ''}{m.text}" for m in marks)
            flags.append(AnnotationFlag(xs, label, box_x, box_width, level, kind, title))
        return flags

    def flag_y(self, flag: AnnotationFlag) -> float:
        """The top of a flag's box."""
        return self.top - FLAG_GAP - FLAG_HEIGHT - flag.level * (FLAG_HEIGHT + FLAG_GAP)

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
        xs: list[float] = []
        ys: list[float] = []
        last_part = None
        for x, value, point in zip(self.xs, values, self.points, strict=True):
            if point.part != last_part or value is None:
                if xs:
                    paths.append(stepped_path(xs, ys, half))
                xs, ys = [], []
                last_part = point.part
            if value is None:
                continue
            xs.append(x)
            ys.append(self.scale_y(value))
        if xs:
            paths.append(stepped_path(xs, ys, half))
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
        radius = self.marker_radius_drawn
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
                    path=shape_path(shape, x, sy, r=radius),
                )
            )
        return markers

    @cached_property
    def marker_radius_drawn(self) -> float:
        # Up to 260 blocks on an averaged chart: smaller marks stay apart.
        return self.marker_radius if self.window.block == 1 else self.marker_radius * 0.55

    @property
    def points_markup(self) -> Markup:
        """The points for a page: shapes placed with `<use>`, tooltips on the wide drawing only."""
        # Averaged charts draw smaller shapes: their own ids, should both ever share a page.
        prefix = self.id_prefix if self.window.block == 1 else f"{self.id_prefix}-small"
        return points_markup(
            self.markers, id_prefix=prefix, radius=self.marker_radius_drawn, with_titles=not self.narrow
        )

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
        every = max(1, math.ceil(len(dated) / (3 if self.narrow else 8)))
        wide_fmt = "%b %Y" if self.measure.frequency == "monthly" else "%d %b %y"
        fmt = "%b %y" if self.narrow else wide_fmt
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
            (POINT_STYLE[t][0], shape_path(POINT_STYLE[t][1], 8, 8), POINT_STYLE[t][2])
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
        return chart_table.table_rows(self.chart, positions)

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
        return chart_table.export_rows(self.chart)
