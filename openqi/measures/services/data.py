"""Writes for data points, chart events (rebase, baseline, ghost) and annotations."""

import datetime
import math
import statistics
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.measures.models import (
    MIN_SUBGROUP,
    SUBGROUP_CHARTS,
    Annotation,
    ChartEvent,
    ChartType,
    DataPoint,
    Measure,
)
from openqi.measures.services.measures import measure_recompute_enqueue

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
        "value": _ratio_value(measure.chart_type, numerator, denominator, value),
        "numerator": numerator,
        "denominator": denominator,
        "observations": [],
    }


def _ratio_value(chart_type: str, numerator: float | None, denominator: float | None, value: float | None) -> Any:
    if chart_type in (ChartType.P, ChartType.U) and numerator is not None and denominator:
        return numerator / denominator
    return value


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
