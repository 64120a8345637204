"""The PDSA timeline: one row per cycle, a bar from its planned start to its decision (or today
while it runs), on a shared date axis. No queries. The cycles table beside it is the text
alternative, and each bar carries its status in words, not only in colour."""

import datetime
from dataclasses import dataclass

LABEL_WIDTH = 90
PLOT_WIDTH = 520
ROW_HEIGHT = 28
BAR_HEIGHT = 16
AXIS_HEIGHT = 24
RUNNING = ("doing", "studying")


@dataclass(frozen=True)
class CycleSpan:
    number: int
    start: datetime.date | None
    end: datetime.date | None  # the decision date; None while the cycle runs
    status: str  # planned, doing, studying, adopted, adapted, abandoned
    status_label: str


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    y: float
    width: float
    status: str
    note: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class PdsaTimeline:
    width: float
    height: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    left_out: int  # cycles without a start date cannot be placed


def _month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    day = first.replace(day=1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


class PdsaTimelinePresenter:
    def __init__(self, *, cycles: list[CycleSpan], today: datetime.date) -> None:
        self.cycles = cycles
        self.today = today

    def timeline(self) -> PdsaTimeline:
        placed = [(c, c.start, c.end or max(self.today, c.start)) for c in self.cycles if c.start is not None]
        if not placed:
            return PdsaTimeline(LABEL_WIDTH + PLOT_WIDTH, AXIS_HEIGHT, (), (), len(self.cycles))
        first = min(start for _, start, _ in placed)
        last = max([*(end for _, _, end in placed), first + datetime.timedelta(days=7)])
        span = max((last - first).days, 1)

        def x_of(day: datetime.date) -> float:
            return round(LABEL_WIDTH + PLOT_WIDTH * (day - first).days / span, 1)

        bars = []
        for row, (cycle, start, end) in enumerate(placed):
            x = x_of(start)
            bars.append(
                Bar(
                    label=f"PDSA {cycle.number}",
                    x=x,
                    y=AXIS_HEIGHT + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                    width=max(x_of(end) - x, 4),
                    status=cycle.status,
                    note=f"{cycle.status_label} (running)" if cycle.status in RUNNING else cycle.status_label,
                )
            )
        ticks = tuple(Tick(x_of(m), f"{m:%b %Y}") for m in _month_starts(first, last))
        return PdsaTimeline(
            # Room for "PDSA 12: Doing (running)" after the last bar: on a phone the region opens at
            # this end, where the cycle label at the left is out of view, so each note names its cycle.
            width=LABEL_WIDTH + PLOT_WIDTH + 170,
            height=AXIS_HEIGHT + len(placed) * ROW_HEIGHT,
            bars=tuple(bars),
            ticks=ticks,
            left_out=len(self.cycles) - len(placed),
        )
