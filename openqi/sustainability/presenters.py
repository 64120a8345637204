"""Display values for sustainability results: a bar chart of each factor against its maximum, a
radar (portal) view, and the totals over time, as SVG geometry for the templates."""

import math
from dataclasses import dataclass
from decimal import Decimal

from openqi.sustainability.scoring import FactorResult, Result

BAR_WIDTH = 360  # px for a full bar (the factor's maximum, or level 4)
RADAR_SIZE = 320
RADAR_RADIUS = 120


def number(value: Decimal | None) -> str:
    return "not confirmed" if value is None else f"{value:.1f}"


@dataclass(frozen=True)
class Bar:
    name: str
    level: int
    score: str
    maximum: str
    share_percent: int
    length: int
    y: int
    weighted: bool
    strength: bool
    weakness: bool


@dataclass(frozen=True)
class RadarPoint:
    name: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


class ResultPresenter:
    def __init__(self, result: Result) -> None:
        self.result = result

    def _is(self, fr: FactorResult, group: tuple[FactorResult, ...]) -> bool:
        return any(r.factor.key == fr.factor.key for r in group)

    def bars(self) -> list[Bar]:
        rows = []
        for i, fr in enumerate(self.result.factors):
            rows.append(
                Bar(
                    name=fr.factor.name,
                    level=fr.level,
                    score=number(fr.score),
                    maximum=number(fr.factor.maximum),
                    share_percent=int(fr.share * 100),
                    length=int(fr.share * BAR_WIDTH),
                    y=i * 34,
                    weighted=fr.weighted,
                    strength=self._is(fr, self.result.strengths),
                    weakness=self._is(fr, self.result.weaknesses),
                )
            )
        return rows

    @property
    def chart_height(self) -> int:
        return len(self.result.factors) * 34 + 30

    def summary(self) -> str:
        strengths = ", ".join(r.factor.name for r in self.result.strengths) or "none"
        weaknesses = ", ".join(r.factor.name for r in self.result.weaknesses) or "none"
        return f"Strengths: {strengths}. Weaknesses: {weaknesses}."

    def radar(self) -> tuple[list[RadarPoint], str, list[str]]:
        """The factor points, the polygon of the team's shares, and the grid rings' polygons."""
        n = len(self.result.factors)
        centre = RADAR_SIZE / 2

        def at(i: int, share: float) -> tuple[float, float]:
            angle = -math.pi / 2 + 2 * math.pi * i / n
            return (
                round(centre + RADAR_RADIUS * share * math.cos(angle), 1),
                round(centre + RADAR_RADIUS * share * math.sin(angle), 1),
            )

        points = []
        for i, fr in enumerate(self.result.factors):
            x, y = at(i, float(fr.share))
            lx, ly = at(i, 1.12)
            anchor = "middle" if abs(lx - centre) < 10 else ("start" if lx > centre else "end")
            points.append(RadarPoint(name=str(i + 1), x=x, y=y, label_x=lx, label_y=ly, anchor=anchor))
        polygon = " ".join(f"{p.x},{p.y}" for p in points)
        rings = [" ".join("{},{}".format(*at(i, ring)) for i in range(n)) for ring in (0.25, 0.5, 0.75, 1.0)]
        return points, polygon, rings


@dataclass(frozen=True)
class HistoryBar:
    label: str
    total: str
    complete: bool
    diversity: str
    x: int
    height: int


def history_bars(points: list[tuple[str, Result, Decimal | None]], *, ceiling: Decimal) -> list[HistoryBar]:
    """Totals over time as columns (height against the known maximum)."""
    bars = []
    for i, (label, result, spread) in enumerate(points):
        height = int(result.total / ceiling * 160) if ceiling else 0
        bars.append(
            HistoryBar(
                label=label,
                total=f"{result.total:.1f}",
                complete=result.complete,
                diversity="–" if spread is None else f"{spread:.2f}",
                x=40 + i * 70,
                height=height,
            )
        )
    return bars
