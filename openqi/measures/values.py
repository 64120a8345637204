"""Checking and deriving one period's numbers for a measure's kind of chart. Pure: no database
reads or writes, so the data entry services (`services/data.py`), the file reader
(`importing.py`) and the import service (`services/imports.py`) all share one set of rules."""

import math
import statistics
from collections.abc import Sequence
from typing import Any

from openqi.measures.models import MIN_SUBGROUP, SUBGROUP_CHARTS, ChartType

MAX_SUBGROUP = 200


def value_errors(
    *,
    chart_type: str,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    observations: Sequence[float] | None = None,
) -> dict[str, str]:
    """What is wrong with one period's numbers for this kind of chart (empty when all is well)."""
    errors: dict[str, str] = {}
    if chart_type in SUBGROUP_CHARTS:
        if not observations:
            errors["observations"] = "Enter the observations for this date"
        elif len(observations) < MIN_SUBGROUP:
            errors["observations"] = f"Enter at least {MIN_SUBGROUP} observations: the chart needs their spread"
        elif len(observations) > MAX_SUBGROUP:
            errors["observations"] = f"Enter at most {MAX_SUBGROUP} observations for one date"
        elif not all(math.isfinite(v) for v in observations):
            errors["observations"] = "Each observation must be a number"
        return errors
    if chart_type in (ChartType.P, ChartType.U):
        if numerator is None:
            errors["numerator"] = "Enter the numerator"
        elif numerator < 0:
            errors["numerator"] = "The numerator must be 0 or more"
        if denominator is None:
            errors["denominator"] = "Enter the denominator"
        elif denominator <= 0:
            errors["denominator"] = "The denominator must be more than 0"
        if (
            chart_type == ChartType.P
            and "numerator" not in errors
            and "denominator" not in errors
            and numerator is not None
            and denominator is not None
            and numerator > denominator
        ):
            errors["numerator"] = "The numerator cannot be more than the denominator for a percentage"
        return errors
    if value is None:
        errors["value"] = "Enter a value"
    elif chart_type == ChartType.T and value <= 0:
        errors["value"] = "The time between events must be more than 0"
    elif chart_type in (ChartType.C, ChartType.G) and value < 0:
        errors["value"] = "A count must be 0 or more"
    return errors


def subgroup_fields(observations: Sequence[float]) -> dict[str, Any]:
    """What a data point stores for a subgroup: the observations, their mean and their number."""
    values = [float(v) for v in observations]
    return {"observations": values, "value": statistics.fmean(values), "denominator": float(len(values))}


def ratio_value(chart_type: str, numerator: float | None, denominator: float | None, value: float | None) -> Any:
    """The value a data point stores: numerator over denominator for a P or U chart, else the value."""
    if chart_type in (ChartType.P, ChartType.U) and numerator is not None and denominator:
        return numerator / denominator
    return value
