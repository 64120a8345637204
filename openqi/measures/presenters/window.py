"""Which positions of a long chart are drawn: the latest ones, or all of them averaged in blocks.

Only the drawing is windowed. The engine has already analysed the whole series (baselines,
rebases and ghosts as set for the measure), so a drawn point's centre line and limits are the
ones that point has in the full analysis; a block's are the averages of its points'.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# The default view: about two years of weekly data, as most measures have.
LATEST_POINTS = 104
# Above this many positions, "all points" draws averaged blocks instead (a 700-pixel plot cannot
# show more marks than this apart, and a page with 16,700 SVG paths does not load).
MAX_DRAWN = 260

# A block takes the most telling type of its points: a concern before an improvement, before a
# neutral signal, before common cause.
_TYPE_ORDER = (
    "special_cause_concern",
    "special_cause_improvement",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
    "common_cause",
)


@dataclass(frozen=True)
class DrawnPoint:
    """One position on the drawn chart: a data point, a gap, or a block of consecutive points."""

    period: datetime.date | None
    period_end: datetime.date | None
    y: float | None
    cl: float | None
    lcl: float | None
    ucl: float | None
    part: int
    point_type: str
    excluded: bool
    count: int = 1
    low: float | None = None
    high: float | None = None

    @property
    def is_block(self) -> bool:
        return self.period_end is not None and self.period_end != self.period


@dataclass(frozen=True)
class ChartWindow:
    points: tuple[DrawnPoint, ...]
    total: int  # positions in the whole chart (values and gaps)
    first: int  # index of the first drawn position in the whole chart
    block: int  # positions per drawn point: 1, or the size of the averaged blocks
    show_all: bool

    @property
    def is_partial(self) -> bool:
        return not self.show_all and self.total > len(self.points)


def _scaled(value: float | None, scale: float) -> float | None:
    return None if value is None else value * scale


def _mean(values: list[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _single(row: Any, point: Any, scale: float) -> DrawnPoint:
    y = _scaled(point.y, scale)
    return DrawnPoint(
        period=row.period,
        period_end=row.period,
        y=y,
        cl=_scaled(point.cl, scale),
        lcl=_scaled(point.lcl, scale),
        ucl=_scaled(point.ucl, scale),
        part=point.part,
        point_type=point.point_type,
        excluded=point.excluded,
        count=0 if y is None else 1,
        low=y,
        high=y,
    )


def _block(members: list[DrawnPoint]) -> DrawnPoint:
    ys = [m.y for m in members if m.y is not None]
    dated = [m.period for m in members if m.period is not None]
    types = {m.point_type for m in members if m.y is not None}
    return DrawnPoint(
        period=dated[0] if dated else None,
        period_end=dated[-1] if dated else None,
        y=_mean(ys),
        cl=_mean([m.cl for m in members if m.cl is not None]),
        lcl=_mean([m.lcl for m in members if m.lcl is not None]),
        ucl=_mean([m.ucl for m in members if m.ucl is not None]),
        part=members[-1].part,
        point_type=next((t for t in _TYPE_ORDER if t in types), "common_cause"),
        excluded=bool(ys) and all(m.excluded for m in members if m.y is not None),
        count=len(ys),
        low=min(ys) if ys else None,
        high=max(ys) if ys else None,
    )


def chart_window(rows: Sequence[Any], points: Sequence[Any], scale: float, *, show_all: bool) -> ChartWindow:
    """The drawn positions: the latest LATEST_POINTS, or everything (in blocks above MAX_DRAWN)."""
    total = len(rows)
    if not show_all and total > LATEST_POINTS:
        first = total - LATEST_POINTS
        drawn = tuple(_single(r, p, scale) for r, p in zip(rows[first:], points[first:], strict=True))
        return ChartWindow(points=drawn, total=total, first=first, block=1, show_all=False)
    singles = [_single(r, p, scale) for r, p in zip(rows, points, strict=True)]
    if total <= MAX_DRAWN:
        return ChartWindow(points=tuple(singles), total=total, first=0, block=1, show_all=show_all)
    size = math.ceil(total / MAX_DRAWN)
    blocks: list[DrawnPoint] = []
    members: list[DrawnPoint] = []
    for single in singles:
        # A block never spans a recalculation, so each part's limits stay its own.
        if members and (len(members) == size or single.part != members[-1].part):
            blocks.append(_block(members))
            members = []
        members.append(single)
    if members:
        blocks.append(_block(members))
    return ChartWindow(points=tuple(blocks), total=total, first=0, block=size, show_all=True)
