"""Public types of openqi.spc: literals, settings and frozen result dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Chart = Literal["run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g"]
Rules = Literal["mdc", "mdc-sql", "ptd", "qic"]
Improvement = Literal["increase", "decrease", "neutral"]
Conflict = Literal["improvement", "concern"]
RunRules = Literal["anhoej", "ihi"]
PointType = Literal[
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
]
VariationIcon = Literal[
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
    "none",
]
AssuranceIcon = Literal["pass", "fail", "hit_and_miss", "none"]
XValue = str | float | int | None

CHARTS: tuple[Chart, ...] = ("run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g")
RULES: tuple[Rules, ...] = ("mdc", "mdc-sql", "ptd", "qic")
IMPROVEMENTS: tuple[Improvement, ...] = ("increase", "decrease", "neutral")
# Codes index these tuples; the engine works on int8 codes, never on strings.
POINT_TYPES: tuple[PointType, ...] = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
VARIATION_ICONS: tuple[VariationIcon, ...] = (
    "none",
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)
ASSURANCE_ICONS: tuple[AssuranceIcon, ...] = ("none", "pass", "fail", "hit_and_miss")


@dataclass(frozen=True, slots=True)
class Settings:
    """Fully resolved analysis settings (profile defaults plus overrides)."""

    chart: Chart = "i"
    rules: Rules = "mdc"
    improvement: Improvement = "increase"
    target: float | None = None
    screen_mr: bool = False
    shift_points: int = 6
    trend_points: int = 6
    conflict: Conflict = "improvement"
    run_rules: RunRules = "anhoej"
    min_points: int = 13


@dataclass(frozen=True, slots=True)
class Point:
    """One plotted point (one subgroup for xbar and s charts)."""

    idx: int
    x: XValue
    y: float | None
    part: int
    cl: float | None
    lcl: float | None
    ucl: float | None
    flag_outside: bool
    flag_shift: bool
    flag_trend: bool
    flag_two_of_three: bool
    point_type: PointType
    excluded: bool


@dataclass(frozen=True, slots=True)
class Part:
    """One part (phase) of a chart with its runs analysis; numbers None when not computed."""

    part: int
    start_idx: int
    end_idx: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    n_crossings_max: int | None
    runs_signal: bool
    variation_icon: VariationIcon
    assurance_icon: AssuranceIcon


@dataclass(frozen=True, slots=True)
class SeriesResult:
    """Everything a chart needs: points, parts, icons, summary sentence and warnings."""

    settings: Settings
    points: tuple[Point, ...]
    parts: tuple[Part, ...]
    variation_icon: VariationIcon
    assurance_icon: AssuranceIcon
    summary: str
    warnings: tuple[str, ...]
