"""Process map flowchart geometry and totals. No queries: it takes plain step values.

Steps run top to bottom in one column with arrows between them; the shape says the type (a pill
for start or end, a box for an action, a diamond for a decision, a dashed box for a wait), and
the note beside each says its minutes and whether it adds value, so nothing rests on colour.
"""

import textwrap
from dataclasses import dataclass

SHAPE_WIDTH = 260
SHAPE_HEIGHT = 64
GAP = 32
LEFT = 10
TOP = 10
NOTE_WIDTH = 220


@dataclass(frozen=True)
class StepValues:
    kind: str
    text: str
    owner: str
    minutes: int | None
    value_adding: bool


@dataclass(frozen=True)
class Shape:
    kind: str
    x: float
    y: float
    lines: tuple[str, ...]
    note: str
    value_adding: bool
    points: str  # the diamond's corners, for decisions

    @property
    def centre_x(self) -> float:
        return self.x + SHAPE_WIDTH / 2

    def line_y(self, index: int) -> float:
        first = self.y + SHAPE_HEIGHT / 2 - (len(self.lines) - 1) * 8 + 4
        return first + index * 16


@dataclass(frozen=True)
class Totals:
    steps: int
    minutes: int
    value_adding_minutes: int
    waiting_minutes: int
    unknown: int  # steps without minutes

    @property
    def value_adding_percent(self) -> int | None:
        return round(100 * self.value_adding_minutes / self.minutes) if self.minutes else None


@dataclass(frozen=True)
class ProcessMapDiagram:
    width: float
    height: float
    shapes: tuple[Shape, ...]
    arrows: tuple[str, ...]
    totals: Totals


def _note(step: StepValues) -> str:
    time = f"{step.minutes} min" if step.minutes is not None else "time not known"
    value = "adds value" if step.value_adding else "no added value"
    owner = f"{step.owner} · " if step.owner else ""
    return f"{owner}{time} · {value}"


def totals_for(steps: list[StepValues]) -> Totals:
    return Totals(
        steps=len(steps),
        minutes=sum(s.minutes or 0 for s in steps),
        value_adding_minutes=sum(s.minutes or 0 for s in steps if s.value_adding),
        waiting_minutes=sum(s.minutes or 0 for s in steps if s.kind == "wait"),
        unknown=sum(1 for s in steps if s.minutes is None),
    )


class ProcessMapPresenter:
    def __init__(self, *, steps: list[StepValues]) -> None:
        self.steps = steps

    def diagram(self) -> ProcessMapDiagram:
        shapes: list[Shape] = []
        arrows: list[str] = []
        for index, step in enumerate(self.steps):
            y = TOP + index * (SHAPE_HEIGHT + GAP)
            cx, cy = LEFT + SHAPE_WIDTH / 2, y + SHAPE_HEIGHT / 2
            points = (
                f"{cx:g},{y:g} {LEFT + SHAPE_WIDTH:g},{cy:g} {cx:g},{y + SHAPE_HEIGHT:g} {LEFT:g},{cy:g}"
                if step.kind == "decision"
                else ""
            )
            # a diamond has less room for words than a box
            width = 18 if step.kind == "decision" else 32
            lines = textwrap.wrap(step.text, width) or [""]
            if len(lines) > 3:
                lines = [*lines[:2], lines[2][: width - 1].rstrip() + "…"]
            shapes.append(Shape(step.kind, LEFT, y, tuple(lines), _note(step), step.value_adding, points))
            if index:
                arrows.append(f"M {cx:g} {y - GAP:g} V {y - 2:g}")
        count = len(self.steps)
        return ProcessMapDiagram(
            width=LEFT + SHAPE_WIDTH + 16 + NOTE_WIDTH,
            height=TOP * 2 + count * SHAPE_HEIGHT + max(count - 1, 0) * GAP,
            shapes=tuple(shapes),
            arrows=tuple(arrows),
            totals=totals_for(self.steps),
        )
