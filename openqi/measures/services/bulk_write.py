"""Many data points in one checked, atomic write (the API's bulk write). It stores through the
same set-based upsert as the import's background write (`services/bulk.py`,
`data_points_upsert`), so both store numbers the same way and cost a handful of queries, not one a
row.

A row for a (measure, date) that has a value already replaces it: sending the same rows again
changes nothing, so a warehouse job can safely re-run.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.measures.models import DataPoint, Measure
from openqi.measures.services.bulk import data_points_upsert
from openqi.measures.services.measures import measure_recompute_enqueue
from openqi.measures.values import ratio_value, subgroup_fields, value_errors
from openqi.organisations.models import Organisation

MAX_BULK_POINTS = 50_000
COMMENT_MAX = 500


@dataclass(frozen=True)
class PointRow:
    measure_id: int
    period: datetime.date
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    observations: Sequence[float] = field(default_factory=tuple)
    comment: str = ""


@dataclass(frozen=True)
class UpsertResult:
    created: int
    updated: int

    @property
    def count(self) -> int:
        return self.created + self.updated


def _finite(number: float | None) -> bool:
    return number is None or math.isfinite(number)


def _row_errors(row: PointRow, measure: Measure | None, seen: set[tuple[int, datetime.date]]) -> dict[str, str]:
    if measure is None:
        return {"measure_id": "No current measure in this organisation has this id"}
    if not all(_finite(n) for n in (row.value, row.numerator, row.denominator)):
        return {"value": "Values must be finite numbers"}
    errors = value_errors(
        chart_type=measure.chart_type,
        value=row.value,
        numerator=row.numerator,
        denominator=row.denominator,
        observations=list(row.observations) or None,
    )
    if len(row.comment) > COMMENT_MAX:
        errors["comment"] = f"The comment must be {COMMENT_MAX} characters or fewer"
    if (measure.pk, row.period) in seen:
        errors["period"] = f"‘{measure.name}’ already has a value for {row.period:%d/%m/%Y} earlier in this request"
    return errors


def _stored(measure: Measure, organisation: Organisation, row: PointRow) -> tuple[Any, ...]:
    """What a row stores, as a single value added on the page would (`data_point_add`): a subgroup
    chart keeps the observations with their mean and number, other charts their numbers (a ratio
    chart's value from its numerator and denominator)."""
    if measure.needs_subgroups:
        numbers: dict[str, Any] = {"numerator": None, **subgroup_fields(row.observations)}
    else:
        numbers = {"value": row.value, "numerator": row.numerator, "denominator": row.denominator, "observations": []}
    value = ratio_value(measure.chart_type, numbers.get("numerator"), numbers.get("denominator"), numbers.get("value"))
    return (
        measure.pk,
        organisation.pk,
        row.period,
        value,
        numbers.get("numerator"),
        numbers.get("denominator"),
        row.comment.strip(),
        list(numbers.get("observations") or []),
    )


@transaction.atomic
def data_points_write(*, actor: User, organisation: Organisation, rows: Sequence[PointRow]) -> UpsertResult:
    """Add or replace many data points with the import's checks, all or nothing. Refuses with a
    ValidationError keyed `<row index>.<field>` naming every faulty row; nothing is saved then."""
    if not rows:
        raise ValidationError({"points": "Send at least one data point"})
    if len(rows) > MAX_BULK_POINTS:
        raise ValidationError({"points": f"Send at most {MAX_BULK_POINTS:,} data points at once"})
    measures = {
        m.pk: m
        for m in Measure.objects.filter(
            organisation=organisation, archived_at__isnull=True, pk__in={row.measure_id for row in rows}
        )
    }
    errors: dict[str, str] = {}
    seen: set[tuple[int, datetime.date]] = set()
    for index, row in enumerate(rows):
        measure = measures.get(row.measure_id)
        for name, message in _row_errors(row, measure, seen).items():
            errors[f"{index}.{name}"] = message
        if measure is not None:
            seen.add((measure.pk, row.period))
    if errors:
        raise ValidationError(errors)
    periods = [row.period for row in rows]
    existing = set(
        DataPoint.objects.filter(
            measure_id__in=measures.keys(), period__gte=min(periods), period__lte=max(periods)
        ).values_list("measure_id", "period")
    )
    created = sum((row.measure_id, row.period) not in existing for row in rows)
    written = data_points_upsert(
        (_stored(measures[row.measure_id], organisation, row) for row in rows),
        updated_by_id=actor.pk,
        updated_at=timezone.now(),
    )
    result = UpsertResult(created=created, updated=written - created)
    audit_log(
        actor=actor,
        action="measure.data_bulk",
        organisation=organisation,
        detail={"created": result.created, "updated": result.updated, "measures": sorted(measures)},
    )
    measure_recompute_enqueue(measure_ids=measures.keys())
    return result
