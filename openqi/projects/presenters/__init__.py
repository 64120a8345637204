"""Display values for projects: the aim sentence, the diagrams' SVG geometry. No queries:
selectors hand in plain rows."""

from openqi.projects.presenters.drivers import (
    BOX_HEIGHT,
    BOX_WIDTH,
    COLUMN_GAP,
    HEADER,
    ROW_GAP,
    Box,
    DriverDiagram,
    DriverDiagramPresenter,
    OutlineNode,
    aim_sentence,
    driver_outline,
    flatten,
    wrap,
)
from openqi.projects.presenters.fishbone import FishboneDiagram, FishbonePresenter
from openqi.projects.presenters.pdsa_timeline import CycleSpan, PdsaTimeline, PdsaTimelinePresenter
from openqi.projects.presenters.process_map import ProcessMapDiagram, ProcessMapPresenter, StepValues

__all__ = [
    "BOX_HEIGHT",
    "BOX_WIDTH",
    "COLUMN_GAP",
    "HEADER",
    "ROW_GAP",
    "Box",
    "CycleSpan",
    "DriverDiagram",
    "DriverDiagramPresenter",
    "FishboneDiagram",
    "FishbonePresenter",
    "OutlineNode",
    "PdsaTimeline",
    "PdsaTimelinePresenter",
    "ProcessMapDiagram",
    "ProcessMapPresenter",
    "StepValues",
    "aim_sentence",
    "driver_outline",
    "flatten",
    "wrap",
]
