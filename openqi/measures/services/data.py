"""Writes for data points, chart events (rebase, baseline, ghost) and annotations."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.measures.models import (
    Annotation,
    ChartEvent,
    DataPoint,
    Measure,
)
from openqi.measures.services.measures import measure_recompute_enqueue
from openqi.measures.values import ratio_value, subgroup_fields, value_errors


def _stored_numbers(
    measure: Measure,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    observations: Sequence[float] | None,
) -> dict[str, Any]:
    """The numeric fields a data point stores for this measure's kind of chart."""
    if measure.needs_subgroups:
        return {"numerator": None, **subgroup_fields(observations or [])}
    return {
        "value": ratio_value(measure.chart_type, numerator, denominator, value),
        "numerator": numerator,
        "denominator": denominator,
        "observations": [],
    }


@transaction.atomic
def data_point_add(
    *,
    actor: User,
    measure: Measure,
    period: datetime.date,
    value: float | None = None,
    numerator: float | None = None,
    denominator: float | None = None,
    observations: Sequence[float] | None = None,
    comment: str = "",
) -> DataPoint:
    if measure.is_archived:
        raise ValidationError("Data cannot be added to an archived measure.")
    errors = value_errors(
        chart_type=measure.chart_type,
        value=value,
        numerator=numerator,
        denominator=denominator,
        observations=observations,
    )
    if DataPoint.objects.filter(measure=measure, period=period).exists():
        errors["period"] = "There is already a value for this date. Change that value instead"
    if errors:
        raise ValidationError(errors)
    numbers = _stored_numbers(measure, value, numerator, denominator, observations)
    point = DataPoint.objects.create(
        measure=measure,
        organisation=measure.organisation,
        period=period,
        comment=comment,
        updated_by=actor,
        **numbers,
    )
    audit_log(
        actor=actor,
        action="measure.data_add",
        organisation=measure.organisation,
        obj=measure,
        detail={
            "period": period.isoformat(),
            "value": point.value,
            "numerator": numerator,
            "denominator": point.denominator,
        },
    )
    measure_recompute_enqueue(measure_ids=[measure.pk])
    return point


@transaction.atomic
def data_point_update(
    *,
    actor: User,
    point: DataPoint,
    value: float | None = None,
    numerator: float | None = None,
    denominator: float | None = None,
    observations: Sequence[float] | None = None,
    comment: str = "",
) -> DataPoint:
    measure = point.measure
    if measure.is_archived:
        raise ValidationError("Data of an archived measure cannot be changed.")
    errors = value_errors(
        chart_type=measure.chart_type,
        value=value,
        numerator=numerator,
        denominator=denominator,
        observations=observations,
    )
    if errors:
        raise ValidationError(errors)
    before = {"value": point.value, "numerator": point.numerator, "denominator": point.denominator}
    for field, number in _stored_numbers(measure, value, numerator, denominator, observations).items():
        setattr(point, field, number)
    point.comment = comment
    point.updated_by, point.updated_at = actor, timezone.now()
    point.save()
    audit_log(
        actor=actor,
        action="measure.data_correct",
        organisation=measure.organisation,
        obj=measure,
        detail={"period": point.period.isoformat(), "before": before, "after": {"value": point.value}},
    )
    measure_recompute_enqueue(measure_ids=[measure.pk])
    return point


@transaction.atomic
def chart_event_add(*, actor: User, measure: Measure, period: datetime.date, kind: str, reason: str) -> ChartEvent:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for this change to the chart"})
    if not DataPoint.objects.filter(measure=measure, period=period).exists():
        raise ValidationError({"period": "Choose a date that has a value on the chart"})
    if ChartEvent.objects.filter(measure=measure, period=period, kind=kind, undone_at__isnull=True).exists():
        raise ValidationError({"period": "The chart already has this change at this date"})
    event = ChartEvent.objects.create(
        measure=measure, organisation=measure.organisation, period=period, kind=kind, reason=reason, created_by=actor
    )
    audit_log(
        actor=actor,
        action=f"measure.chart_{kind}",
        organisation=measure.organisation,
        obj=measure,
        detail={"period": period.isoformat(), "reason": reason, "event": event.pk},
    )
    measure_recompute_enqueue(measure_ids=[measure.pk])
    return event


@transaction.atomic
def chart_event_undo(*, actor: User, event: ChartEvent) -> ChartEvent:
    if event.undone_at is not None:
        raise ValidationError("This change has already been undone.")
    event.undone_at, event.undone_by = timezone.now(), actor
    event.save(update_fields=["undone_at", "undone_by"])
    audit_log(
        actor=actor,
        action="measure.chart_undo",
        organisation=event.organisation,
        obj=event.measure,
        detail={"event": event.pk, "kind": event.kind, "period": event.period.isoformat()},
    )
    measure_recompute_enqueue(measure_ids=[event.measure_id])
    return event


@transaction.atomic
def annotation_add(
    *, actor: User, measure: Measure, period: datetime.date, text: str, kind: str = "note", source_ref: str = ""
) -> Annotation:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the annotation"})
    annotation = Annotation.objects.create(
        measure=measure,
        organisation=measure.organisation,
        period=period,
        text=text,
        kind=kind,
        source_ref=source_ref,
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="measure.annotate",
        organisation=measure.organisation,
        obj=measure,
        detail={"period": period.isoformat(), "kind": kind},
    )
    return annotation
