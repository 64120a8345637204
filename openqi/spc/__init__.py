"""openqi.spc: statistical process control for quality improvement (numpy only, no I/O).

Analyse one series with `analyse`, or many with `analyse_batch` (vectorised).
"""

from __future__ import annotations

from .api import SeriesInput, analyse, analyse_batch
from .result import BatchResult
from .runs import ihi_runs_limits
from .types import (
    AssuranceIcon,
    Chart,
    Conflict,
    Improvement,
    Part,
    Point,
    PointType,
    Rules,
    RunRules,
    SeriesResult,
    Settings,
    VariationIcon,
)

__all__ = [
    "AssuranceIcon",
    "BatchResult",
    "Chart",
    "Conflict",
    "Improvement",
    "Part",
    "Point",
    "PointType",
    "Rules",
    "RunRules",
    "SeriesInput",
    "SeriesResult",
    "Settings",
    "VariationIcon",
    "analyse",
    "analyse_batch",
    "ihi_runs_limits",
]
