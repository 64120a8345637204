"""Helpers for the measures tests: a measure with data, made directly (services are tested apart)."""

import datetime
import re
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from openqi.measures.models import DataPoint, Measure
from openqi.organisations.models import Organisation

START = datetime.date(2024, 1, 1)


def make_measure(organisation: Organisation, **overrides: Any) -> Measure:
    fields: dict[str, Any] = {
        "name": "Average length of stay",
        "measure_type": "outcome",
        "what_counted": "Mean length of stay of discharged adults",
        "frequency": "weekly",
        "chart_type": "i",
        "improvement": "decrease",
    }
    fields.update(overrides)
    return Measure.objects.create(organisation=organisation, **fields)


def add_points(
    measure: Measure,
    values: Sequence[float | None],
    *,
    start: datetime.date = START,
    step_days: int = 7,
    denominators: Sequence[float] | None = None,
) -> list[DataPoint]:
    points = []
    for i, value in enumerate(values):
        if value is None:
            continue
        period = start + datetime.timedelta(days=step_days * i)
        if denominators is not None:
            points.append(
                DataPoint(
                    measure=measure,
                    organisation=measure.organisation,
                    period=period,
                    numerator=value,
                    denominator=denominators[i],
                    value=value / denominators[i],
                )
            )
        else:
            points.append(DataPoint(measure=measure, organisation=measure.organisation, period=period, value=value))
    return DataPoint.objects.bulk_create(points)


# Twenty stable weeks then ten much lower ones: a clear special cause at the end.
STABLE = [5.1, 4.8, 5.3, 5.0, 4.9, 5.2, 5.1, 4.7, 5.0, 5.3, 4.9, 5.1, 5.0, 4.8, 5.2, 5.0, 4.9, 5.1, 5.2, 4.8]
IMPROVED = [3.9, 4.0, 3.8, 4.1, 3.9, 4.0, 3.7, 3.9, 4.0, 3.8]


@pytest.fixture
def measure_with_data(personas: Any) -> Callable[..., Measure]:
    def build(values: Sequence[float | None] = STABLE, **overrides: Any) -> Measure:
        measure = make_measure(personas.org_a, **overrides)
        add_points(measure, values)
        return measure

    return build


def drawn_points(html: str, drawing: str) -> int:
    """How many points the page's wide or narrow drawing places: shapes placed with <use>, and
    dots (zero-length lines) on the phone drawing."""
    svg = html[html.index(f"openqi-chart--{drawing}") :]
    svg = svg[: svg.index("</svg>")]
    return svg.count("<use ") + len(re.findall(r"h0(?=M|\")", svg))
