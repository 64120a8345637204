"""Writes for measures, their data, chart events, annotations and imports. Atomic and audited."""

import datetime
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.measures.models import (
    Annotation,
    ChartEvent,
    ChartType,
    DataPoint,
    ImportStatus,
    Measure,
    PendingImport,
)
from openqi.notifications.services import notification_create
from openqi.organisations.models import Organisation, Team

MEASURE_FIELDS = (
    "name",
    "measure_type",
    "team",
    "project_ref",
    "what_counted",
    "numerator",
    "denominator",
    "inclusions_exclusions",
    "data_source",
    "unit",
    "frequency",
    "chart_type",
    "rate_per",
    "improvement",
    "target",
    "target_from",
    "owner",
    "rules",
    "visibility",
)
# Changing these changes the chart, so the stored icons are recomputed.
_CHART_FIELDS = {"frequency", "chart_type", "rate_per", "improvement", "target", "target_from", "rules"}


def measure_recompute_enqueue(*, measure_ids: Iterable[int]) -> None:
    """Queue the icon and summary refresh once the write has committed."""
    from openqi.measures.tasks import measure_recompute

    def enqueue(pk: int) -> None:
        measure_recompute.enqueue(pk)

    for measure_id in sorted(set(measure_ids)):
        transaction.on_commit(partial(enqueue, measure_id))


def _check_scope(*, organisation: Organisation, values: Mapping[str, Any]) -> None:
    team = values.get("team")
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "Choose a team in this organisation."})
    owner = values.get("owner")
    if owner is not None and not owner.memberships.filter(organisation=organisation).exists():
        raise ValidationError({"owner": "Choose an owner who is a member of this organisation."})
    if values.get("visibility") == "team" and team is None:
        raise ValidationError({"visibility": "Choose a team, or let everyone in the organisation see the measure."})


@transaction.atomic
def measure_create(*, actor: User, organisation: Organisation, values: Mapping[str, Any]) -> Measure:
    _check_scope(organisation=organisation, values=values)
    fields = {k: v for k, v in values.items() if k in MEASURE_FIELDS}
    if fields.get("chart_type") != ChartType.U:
        fields["rate_per"] = 1
    measure = Measure.objects.create(organisation=organisation, created_by=actor, **fields)
    audit_log(actor=actor, action="measure.create", organisation=organisation, obj=measure)
    return measure


@transaction.atomic
def measure_update(*, actor: User, measure: Measure, values: Mapping[str, Any]) -> Measure:
    if measure.is_archived:
        raise ValidationError("An archived measure cannot be changed.")
    _check_scope(organisation=measure.organisation, values=values)
    changed: dict[str, list[str]] = {}
    for key, value in values.items():
        if key not in MEASURE_FIELDS:
            continue
        before = getattr(measure, key)
        if before != value:
            changed[key] = [str(before), str(value)]
            setattr(measure, key, value)
    if measure.chart_type != ChartType.U:
        measure.rate_per = 1
    measure.updated_at = timezone.now()
    # Only the edited fields: the stored icons belong to the recompute task and must not be
    # overwritten with whatever this (possibly stale) instance holds.
    measure.save(update_fields=[*changed, "rate_per", "updated_at"])
    audit_log(
        actor=actor,
        action="measure.update",
        organisation=measure.organisation,
        obj=measure,
        detail={"changed": changed},
    )
    if _CHART_FIELDS & changed.keys():
        measure_recompute_enqueue(measure_ids=[measure.pk])
    return measure


@transaction.atomic
def measure_archive(*, actor: User, measure: Measure) -> Measure:
    if measure.is_archived:
        raise ValidationError("This measure is already archived.")
    measure.archived_at = timezone.now()
    measure.save(update_fields=["archived_at"])
    audit_log(actor=actor, action="measure.archive", organisation=measure.organisation, obj=measure)
    return measure


@transaction.atomic
def measure_copy(*, actor: User, measure: Measure, team: Team | None, name: str) -> Measure:
    """Spread: the same definition for another team, starting with no data."""
    if team is not None and team.organisation_id != measure.organisation_id:
        raise ValidationError({"team": "Choose a team in this organisation."})
    if team is not None and team.pk == measure.team_id:
        raise ValidationError({"team": "Choose a different team from the original measure's."})
    values = {k: getattr(measure, k) for k in MEASURE_FIELDS}
    values.update(team=team, name=name)
    copy = Measure.objects.create(organisation=measure.organisation, created_by=actor, **values)
    audit_log(
        actor=actor,
        action="measure.copy",
        organisation=measure.organisation,
        obj=copy,
        detail={"from_measure": measure.pk, "team": team.pk if team else None},
    )
    return copy


def value_errors(
    *, chart_type: str, value: float | None, numerator: float | None, denominator: float | None
) -> dict[str, str]:
    """What is wrong with one period's numbers for this kind of chart (empty when all is well)."""
    errors: dict[str, str] = {}
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
    comment: str = "",
) -> DataPoint:
    if measure.is_archived:
        raise ValidationError("Data cannot be added to an archived measure.")
    errors = value_errors(chart_type=measure.chart_type, value=value, numerator=numerator, denominator=denominator)
    if DataPoint.objects.filter(measure=measure, period=period).exists():
        errors["period"] = "There is already a value for this date. Change that value instead"
    if errors:
        raise ValidationError(errors)
    point = DataPoint.objects.create(
        measure=measure,
        organisation=measure.organisation,
        period=period,
        value=_ratio_value(measure.chart_type, numerator, denominator, value),
        numerator=numerator,
        denominator=denominator,
        comment=comment,
        updated_by=actor,
    )
    audit_log(
        actor=actor,
        action="measure.data_add",
        organisation=measure.organisation,
        obj=measure,
        detail={"period": period.isoformat(), "value": value, "numerator": numerator, "denominator": denominator},
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
    comment: str = "",
) -> DataPoint:
    measure = point.measure
    if measure.is_archived:
        raise ValidationError("Data of an archived measure cannot be changed.")
    errors = value_errors(chart_type=measure.chart_type, value=value, numerator=numerator, denominator=denominator)
    if errors:
        raise ValidationError(errors)
    before = {"value": point.value, "numerator": point.numerator, "denominator": point.denominator}
    point.value = _ratio_value(measure.chart_type, numerator, denominator, value)
    point.numerator, point.denominator, point.comment = numerator, denominator, comment
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


@transaction.atomic
def import_prepare(*, actor: User, organisation: Organisation, filename: str, content: bytes) -> PendingImport:
    """Parse an upload into a pending import; nothing touches the measures until it is confirmed."""
    from openqi.measures.importing import parse_upload
    from openqi.measures.selectors import measure_by_name

    parsed = parse_upload(content, measures=measure_by_name(organisation=organisation))
    pending = PendingImport.objects.create(
        organisation=organisation,
        created_by=actor,
        filename=filename[:255],
        file_format=parsed.file_format,
        rows=parsed.rows,
        errors=parsed.errors,
    )
    audit_log(
        actor=actor,
        action="measure.import_upload",
        organisation=organisation,
        obj=pending,
        detail={"rows": len(parsed.rows), "errors": len(parsed.errors), "format": parsed.file_format},
    )
    return pending


@transaction.atomic
def import_confirm(*, actor: User, pending: PendingImport) -> int:
    if pending.created_by_id != actor.pk:
        raise PermissionDenied("Only the person who uploaded the file can import it.")
    # Lock the row so a double submit cannot import twice.
    pending = PendingImport.objects.select_for_update().get(pk=pending.pk)
    if pending.status != ImportStatus.PENDING:
        raise ValidationError("This import has already been confirmed or cancelled.")
    if pending.errors:
        raise ValidationError("Fix the errors in the file and upload it again.")
    measures = {
        m.pk: m
        for m in Measure.objects.filter(
            organisation=pending.organisation, archived_at__isnull=True, pk__in={r["measure_id"] for r in pending.rows}
        )
    }
    periods = {row["period"] for row in pending.rows}
    existing = {
        (p.measure_id, p.period.isoformat()): p
        for p in DataPoint.objects.filter(measure_id__in=measures.keys(), period__in=periods)
    }
    now = timezone.now()
    to_create: list[DataPoint] = []
    to_update: list[DataPoint] = []
    for row in pending.rows:
        measure = measures.get(row["measure_id"])
        if measure is None:
            raise ValidationError("A measure in this file has been archived since the upload. Upload it again.")
        numbers = {k: row.get(k) for k in ("value", "numerator", "denominator")}
        if value_errors(chart_type=measure.chart_type, **numbers):
            raise ValidationError("A measure's chart type changed since the upload. Upload the file again.")
        point = existing.get((measure.pk, row["period"]))
        if point is None:
            point = DataPoint(
                measure=measure,
                organisation=pending.organisation,
                period=datetime.date.fromisoformat(row["period"]),
            )
            to_create.append(point)
        else:
            to_update.append(point)
        point.value = _ratio_value(measure.chart_type, numbers["numerator"], numbers["denominator"], numbers["value"])
        point.numerator, point.denominator = numbers["numerator"], numbers["denominator"]
        point.comment, point.updated_by, point.updated_at = row.get("comment", ""), actor, now
    # Set-based writes: one file of a few thousand rows must not cost a query per row.
    DataPoint.objects.bulk_create(to_create, batch_size=1000)
    DataPoint.objects.bulk_update(
        to_update, ["value", "numerator", "denominator", "comment", "updated_by", "updated_at"], batch_size=500
    )
    count = len(to_create) + len(to_update)
    pending.status = ImportStatus.CONFIRMED
    pending.save(update_fields=["status"])
    audit_log(
        actor=actor,
        action="measure.import_confirm",
        organisation=pending.organisation,
        obj=pending,
        detail={"rows": count, "measures": sorted(measures)},
    )
    measure_recompute_enqueue(measure_ids=measures.keys())
    return count


@transaction.atomic
def import_cancel(*, actor: User, pending: PendingImport) -> None:
    if pending.status != ImportStatus.PENDING:
        raise ValidationError("This import has already been confirmed or cancelled.")
    pending.status = ImportStatus.CANCELLED
    pending.rows = []
    pending.save(update_fields=["status", "rows"])
    audit_log(actor=actor, action="measure.import_cancel", organisation=pending.organisation, obj=pending)


def _is_special(point_type: str) -> bool:
    return point_type not in ("", "common_cause")


@transaction.atomic
def measure_summary_refresh(*, measure_id: int) -> Measure | None:
    """Store the latest icons, summary and sparkline; tell the owner about new signals."""
    from openqi.measures.presenters import ChartPresenter, assurance_icon, variation_icon
    from openqi.measures.selectors import measure_chart

    measure = (
        Measure.objects.select_for_update(of=("self",))
        .select_related("organisation", "owner")
        .filter(pk=measure_id)
        .first()
    )
    if measure is None:
        return None
    chart = measure_chart(organisation=measure.organisation, measure=measure)
    presenter = ChartPresenter(chart)
    latest = next(
        (
            (p, y, r)
            for p, y, r in reversed(list(zip(chart.result.points, presenter.ys, chart.rows, strict=True)))
            if y is not None
        ),
        None,
    )
    old = (measure.latest_period, measure.latest_point_type, measure.assurance_icon)
    measure.latest_value = latest[1] if latest else None
    measure.latest_period = latest[2].period if latest else None
    measure.latest_point_type = latest[0].point_type if latest else ""
    measure.variation_icon = chart.result.variation_icon
    measure.assurance_icon = chart.result.assurance_icon
    measure.summary = chart.result.summary
    measure.sparkline = presenter.ys[-26:]
    measure.computed_at = timezone.now()
    measure.save(
        update_fields=[
            "latest_value",
            "latest_period",
            "latest_point_type",
            "variation_icon",
            "assurance_icon",
            "summary",
            "sparkline",
            "computed_at",
        ]
    )
    owner = measure.owner
    if owner is None or not owner.is_active:
        return measure
    url = reverse("measures:measure_detail", args=[measure.organisation.slug, measure.pk])
    new_signal = _is_special(measure.latest_point_type) and (not _is_special(old[1]) or old[0] != measure.latest_period)
    if new_signal:
        icon = variation_icon(measure.variation_icon)
        notification_create(
            user=owner,
            organisation=measure.organisation,
            title=f"{measure.name}: special cause variation at the latest point",
            body=(icon.label + ". " if icon else "") + measure.summary,
            url=url,
            important=True,
        )
    if old[2] and old[2] != measure.assurance_icon:
        icon = assurance_icon(measure.assurance_icon)
        notification_create(
            user=owner,
            organisation=measure.organisation,
            title=f"{measure.name}: assurance against the target has changed",
            body=(icon.label if icon else "No assurance can be given yet") + ". " + measure.summary,
            url=url,
            important=True,
        )
    return measure
