"""The aim sentence, the driver outline and the driver diagram SVG geometry. No queries."""

import datetime
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from openqi.projects.models import DRIVER_LEVELS, format_amount


def aim_sentence(*, what: str, amount: Decimal | None, unit: str, by: datetime.date | None, for_whom: str) -> str:
    """The aim in one sentence: "We aim to reduce falls by 30% for patients on Ward 9 by 31 March 2027."."""
    if not (what and amount is not None and unit and by and for_whom):
        return ""
    number = format_amount(amount)
    quantity = f"{number}{unit}" if unit.startswith("%") else f"{number} {unit}"
    what = what.strip().rstrip(".")
    what = what[0].lower() + what[1:] if what[:1].isupper() and not what[:2].isupper() else what
    return f"We aim to {what} by {quantity} for {for_whom.strip().rstrip('.')} by {by.day} {by:%B %Y}."


@dataclass
class OutlineNode:
    id: int
    parent_id: int | None
    text: str
    depth: int
    is_first: bool = False
    is_last: bool = False
    children: list["OutlineNode"] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return DRIVER_LEVELS.get(self.depth, "Box")

    @property
    def child_label(self) -> str:
        return DRIVER_LEVELS.get(self.depth + 1, "")

    @property
    def can_indent(self) -> bool:
        return not self.is_first and self.depth + self.height <= 3

    @property
    def height(self) -> int:
        return 1 + max((c.height for c in self.children), default=0)


def driver_outline(rows: list[tuple[int, int | None, int, str]]) -> list[OutlineNode]:
    """Rows of (id, parent_id, position, text) as a tree of roots in outline order."""
    by_parent: dict[int | None, list[tuple[int, int | None, int, str]]] = {}
    for row in rows:
        by_parent.setdefault(row[1], []).append(row)

    def build(parent: int | None, depth: int) -> list[OutlineNode]:
        kids = sorted(by_parent.get(parent, []), key=lambda r: (r[2], r[0]))
        nodes = []
        for index, (pk, parent_id, _, text) in enumerate(kids):
            node = OutlineNode(pk, parent_id, text, depth, is_first=index == 0, is_last=index == len(kids) - 1)
            node.children = build(pk, depth + 1)
            nodes.append(node)
        return nodes

    return build(None, 1)


def flatten(roots: list[OutlineNode]) -> list[OutlineNode]:
    flat: list[OutlineNode] = []
    for node in roots:
        flat.append(node)
        flat.extend(flatten(node.children))
    return flat


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    depth: int  # 0 for the aim

    @property
    def text_x(self) -> float:
        return self.x + 10

    def line_y(self, index: int) -> float:
        return self.y + 22 + index * LINE_HEIGHT


@dataclass(frozen=True)
class DriverDiagram:
    width: float
    height: float
    columns: tuple[tuple[float, str], ...]
    boxes: tuple[Box, ...]
    connectors: tuple[str, ...]  # SVG path data, parent's right edge to child's left edge


BOX_WIDTH = 200
BOX_HEIGHT = 64  # the least height: three lines; a box with more lines grows
LINE_HEIGHT = 17
COLUMN_GAP = 48
ROW_GAP = 16
HEADER = 36
CHARS_PER_LINE = 26
COLUMN_TITLES = ("Aim", "Primary drivers", "Secondary drivers", "Change ideas")


def wrap(text: str, max_lines: int | None = None) -> tuple[str, ...]:
    """The text in lines of at most CHARS_PER_LINE; the drawing keeps every line (a box grows to
    hold them, so the aim is never cut off); a caller that must fit a set height passes max_lines."""
    lines = textwrap.wrap(text, CHARS_PER_LINE, break_long_words=True) or [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: CHARS_PER_LINE - 1].rstrip() + "…"
    return tuple(lines)


def box_height(lines: tuple[str, ...]) -> float:
    return float(max(BOX_HEIGHT, 13 + LINE_HEIGHT * len(lines)))


def _centre(box: Box) -> float:
    return box.y + box.height / 2


class DriverDiagramPresenter:
    """Columns by level (aim, primary, secondary, change ideas); each leaf takes a row and a
    parent sits level with the middle of its children, joined by elbow connectors."""

    def __init__(self, *, aim: str, roots: list[OutlineNode]) -> None:
        self.aim = aim
        self.roots = roots

    @staticmethod
    def column_x(depth: int) -> float:
        return depth * (BOX_WIDTH + COLUMN_GAP)

    def diagram(self) -> DriverDiagram:
        boxes: list[Box] = []
        connectors: list[str] = []
        next_y = [float(HEADER)]  # the top of the next free row

        def place(node: OutlineNode) -> Box:
            """Place a node and its subtree below the rows used so far."""
            lines = wrap(node.text)
            height = box_height(lines)
            start = next_y[0]
            if node.children:
                child_boxes = [place(child) for child in node.children]
                centre = (_centre(child_boxes[0]) + _centre(child_boxes[-1])) / 2
                # A parent taller than its children's span starts level with its subtree.
                top = max(centre - height / 2, start)
            else:
                child_boxes = []
                top = start
            box = Box(self.column_x(node.depth), top, BOX_WIDTH, height, lines, node.depth)
            next_y[0] = max(next_y[0], top + height + ROW_GAP)
            boxes.append(box)
            connectors.extend(self._connector(box, child) for child in child_boxes)
            return box

        root_boxes = [place(root) for root in self.roots]
        aim_lines = wrap(self.aim or "No aim yet")
        aim_height = box_height(aim_lines)
        aim_centre = (_centre(root_boxes[0]) + _centre(root_boxes[-1])) / 2 if root_boxes else HEADER + aim_height / 2
        aim_box = Box(0, max(aim_centre - aim_height / 2, HEADER), BOX_WIDTH, aim_height, aim_lines, 0)
        connectors.extend(self._connector(aim_box, root) for root in root_boxes)
        boxes.insert(0, aim_box)
        deepest = max((b.depth for b in boxes), default=0)
        columns = max(deepest + 1, 2)
        return DriverDiagram(
            width=self.column_x(columns - 1) + BOX_WIDTH + 1,
            height=max(b.y + b.height for b in boxes) + 1,
            columns=tuple((self.column_x(d), COLUMN_TITLES[d]) for d in range(columns)),
            boxes=tuple(boxes),
            connectors=tuple(connectors),
        )

    @staticmethod
    def _connector(parent: Box, child: Box) -> str:
        x1, y1 = parent.x + parent.width, parent.y + parent.height / 2
        x2, y2 = child.x, child.y + child.height / 2
        middle = (x1 + x2) / 2
        return f"M {x1:g} {y1:g} H {middle:g} V {y2:g} H {x2:g}"
