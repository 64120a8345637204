"""Fishbone (cause and effect) diagram geometry. No queries: it takes the problem and causes.

The problem is the head on the right; three categories branch above the spine and three below,
each bone slanting back from the spine; causes sit on short ticks along their bone, first cause
nearest the category's name.
"""

import textwrap
from dataclasses import dataclass

from openqi.projects.models import CauseCategory

REGION_WIDTH = 250
HEAD_WIDTH = 190
HEAD_HEIGHT = 90
LABEL_SPACE = 28
ROW = 22
SLANT = 50
CAUSE_CHARS = 30
TOP = (CauseCategory.PEOPLE, CauseCategory.METHODS, CauseCategory.EQUIPMENT)
BOTTOM = (CauseCategory.ENVIRONMENT, CauseCategory.MATERIALS, CauseCategory.MEASUREMENT)


def shorten(text: str, limit: int = CAUSE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class CauseMark:
    text: str
    x: float  # where the text ends (anchored at its end)
    y: float
    tick: str  # SVG path data for the tick from the text to the bone


@dataclass(frozen=True)
class Bone:
    label: str
    label_x: float
    label_y: float
    path: str
    causes: tuple[CauseMark, ...]


@dataclass(frozen=True)
class FishboneDiagram:
    width: float
    height: float
    spine: str
    head_x: float
    head_y: float
    head_lines: tuple[str, ...]
    bones: tuple[Bone, ...]


class FishbonePresenter:
    def __init__(self, *, problem: str, causes: list[tuple[str, str]]) -> None:
        self.problem = problem
        self.by_category: dict[str, list[str]] = {c: [] for c in CauseCategory.values}
        for category, text in causes:
            self.by_category.setdefault(category, []).append(text)

    def _rows(self, categories: tuple[CauseCategory, ...]) -> int:
        return max(2, *(len(self.by_category[c]) for c in categories))

    def diagram(self) -> FishboneDiagram:
        top_height = (self._rows(TOP) + 1) * ROW
        bottom_height = (self._rows(BOTTOM) + 1) * ROW
        spine_y = LABEL_SPACE + top_height
        bottom_end = spine_y + bottom_height
        head_x = 3 * REGION_WIDTH + 10
        bones: list[Bone] = []
        for above, categories in ((True, TOP), (False, BOTTOM)):
            far_y = LABEL_SPACE if above else bottom_end
            for index, category in enumerate(categories):
                base_x = (index + 1) * REGION_WIDTH - 10
                far_x = base_x - SLANT
                marks = []
                for j, text in enumerate(self.by_category[category]):
                    y = far_y + (j + 1) * ROW if above else far_y - (j + 1) * ROW
                    bone_x = far_x + SLANT * (y - far_y) / (spine_y - far_y)
                    marks.append(
                        CauseMark(
                            shorten(text),
                            round(bone_x - 12, 1),
                            y + 4,
                            f"M {bone_x - 10:g} {y:g} H {bone_x:g}",
                        )
                    )
                bones.append(
                    Bone(
                        label=CauseCategory(category).label,
                        label_x=far_x,
                        label_y=far_y - 10 if above else far_y + 20,
                        path=f"M {far_x:g} {far_y:g} L {base_x:g} {spine_y:g}",
                        causes=tuple(marks),
                    )
                )
        lines = textwrap.wrap(self.problem, 24) or [""]
        if len(lines) > 4:
            lines = [*lines[:3], lines[3][:23].rstrip() + "…"]
        return FishboneDiagram(
            width=head_x + HEAD_WIDTH + 1,
            height=bottom_end + LABEL_SPACE + 4,
            spine=f"M 10 {spine_y:g} H {head_x:g}",
            head_x=head_x,
            head_y=spine_y - HEAD_HEIGHT / 2,
            head_lines=tuple(lines),
            bones=tuple(bones),
        )
