"""Imports of measure data: prepare (parse and check), queue (the person confirms), run (the
background task writes every row atomically, in bulk, or none), cancel."""

import datetime
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.measures.importing import parse_upload
from openqi.measures.models import (
    ImportStatus,
    Measure,
    PendingImport,
)
from openqi.measures.selectors import measure_by_name
from openqi.measures.services.bulk import data_points_upsert
from openqi.measures.services.measures import measure_recompute_enqueue
from openqi.measures.tasks import measure_import_run
from openqi.measures.values import ratio_value, value_errors
from openqi.organisations.models import Organisation


@transaction.atomic
def import_prepare(*, actor: User, organisation: Organisation, filename: str, content: bytes) -> PendingImport:
    """Parse an upload into a pending import; nothing touches the measures until it is confirmed."""
    parsed = parse_upload(content, measures=measure_by_name(organisation=organisation))
    pending = PendingImport(
        organisation=organisation, created_by=actor, filename=filename[:255], file_format=parsed.file_format
    )
    pending.hold(parsed.rows, parsed.errors)
    pending.save(force_insert=True)
    audit_log(
        actor=actor,
        action="measure.import_upload",
        organisation=organisation,
        obj=pending,
        detail={"rows": pending.row_count, "errors": pending.error_count, "format": parsed.file_format},
    )
    return pending


_ALREADY = "This import has already been confirmed or cancelled."


def import_queue(*, actor: User, pending: PendingImport) -> PendingImport:
    """Confirm an upload: the rows are written by a background task (`import_run`), so a file of
    50,000 rows is not one long request. A failed import may be queued again."""
    if pending.created_by_id != actor.pk:
        raise PermissionDenied("Only the person who uploaded the file can import it.")
    with transaction.atomic():
        # Lock the row so a double submit cannot queue twice (without reading its rows).
        pending = PendingImport.objects.select_for_update().defer("packed_rows").get(pk=pending.pk)
        if pending.status not in (ImportStatus.PENDING, ImportStatus.FAILED):
            raise ValidationError(_ALREADY)
        if pending.errors:
            raise ValidationError("Fix the errors in the file and upload it again.")
        retry = pending.status == ImportStatus.FAILED
        pending.status = ImportStatus.QUEUED
        pending.queued_at, pending.started_at, pending.finished_at = timezone.now(), None, None
        pending.failure = ""
        pending.save(update_fields=["status", "queued_at", "started_at", "finished_at", "failure"])
        audit_log(
            actor=actor,
            action="measure.import_queue",
            organisation=pending.organisation,
            obj=pending,
            detail={"rows": pending.row_count, "retry": retry},
        )
        pk = pending.pk
        transaction.on_commit(lambda: measure_import_run.enqueue(pk))
    return pending


# What the uploader reads when the import stopped for a reason that is not theirs to fix.
IMPORT_FAULT = (
    "The import stopped because of a problem on our side. Nothing was imported. "
    "Try again; if it fails again, contact your QI team."
)


def import_run(*, pending_id: int) -> int | None:
    """The background half of an import: write every row in one transaction, or none.

    Safe to run twice (a worker lost mid-import hands the task to another): the status is
    checked under a row lock, and the writes and the 'confirmed' status commit together, so a
    second run after a success does nothing and one after a loss starts again from nothing.
    Returns the number of values written, or None when there was nothing to do or it failed.
    """
    with transaction.atomic():
        # The rows are read once, by the write (its own lock), not here.
        pending = PendingImport.objects.select_for_update().defer("packed_rows").filter(pk=pending_id).first()
        if pending is None or pending.status not in (ImportStatus.QUEUED, ImportStatus.IMPORTING):
            return None
        pending.status = ImportStatus.IMPORTING
        pending.started_at = timezone.now()
        pending.save(update_fields=["status", "started_at"])
    try:
        return _import_write(actor=pending.created_by, pending=pending, allowed=(ImportStatus.IMPORTING,))
    except ValidationError as error:
        _import_failed(pending_id=pending_id, reason=" ".join(error.messages))
        return None
    except Exception:
        _import_failed(pending_id=pending_id, reason=IMPORT_FAULT)
        raise  # the task is marked failed with the error class, for an operator to see


def _import_failed(*, pending_id: int, reason: str) -> None:
    with transaction.atomic():
        pending = PendingImport.objects.select_for_update().defer("packed_rows").get(pk=pending_id)
        pending.status = ImportStatus.FAILED
        pending.failure = reason[:300]
        pending.finished_at = timezone.now()
        pending.save(update_fields=["status", "failure", "finished_at"])
        audit_log(
            actor=None,
            action="measure.import_fail",
            organisation=pending.organisation,
            obj=pending,
            detail={"reason": pending.failure},
        )


def import_confirm(*, actor: User, pending: PendingImport) -> int:
    """Write a pending import's rows now, in this transaction (the task's work; tests and the
    demo data call it directly)."""
    if pending.created_by_id != actor.pk:
        raise PermissionDenied("Only the person who uploaded the file can import it.")
    return _import_write(actor=actor, pending=pending, allowed=(ImportStatus.PENDING,))


@transaction.atomic
def _import_write(*, actor: User, pending: PendingImport, allowed: tuple[str, ...]) -> int:
    # Lock the row so a double submit cannot import twice.
    pending = PendingImport.objects.select_for_update().get(pk=pending.pk)
    if pending.status not in allowed:
        raise ValidationError(_ALREADY)
    if pending.errors:
        raise ValidationError("Fix the errors in the file and upload it again.")
    rows = pending.held_rows()
    # One query for every measure in the file; each row is then checked against its measure's
    # chart type as it is now (read once per measure, not per row).
    chart_types = dict(
        Measure.objects.filter(
            organisation=pending.organisation_id, archived_at__isnull=True, pk__in={row[0] for row in rows}
        ).values_list("pk", "chart_type")
    )
    periods: dict[str, datetime.date] = {}  # a few hundred distinct dates in 50,000 rows

    def checked() -> Iterator[tuple[Any, ...]]:
        organisation_id = pending.organisation_id
        for measure_id, iso, value, numerator, denominator, comment, observations in rows:
            chart_type = chart_types.get(measure_id)
            if chart_type is None:
                raise ValidationError("A measure in this file has been archived since the upload. Upload it again.")
            if value_errors(
                chart_type=chart_type,
                value=value,
                numerator=numerator,
                denominator=denominator,
                observations=observations,
            ):
                raise ValidationError("A measure's chart type changed since the upload. Upload the file again.")
            period = periods.get(iso)
            if period is None:
                period = periods[iso] = datetime.date.fromisoformat(iso)
            yield (
                measure_id,
                organisation_id,
                period,
                ratio_value(chart_type, numerator, denominator, value),
                numerator,
                denominator,
                comment,
                observations,
            )

    now = timezone.now()
    # Set-based writes (services/bulk.py): ten statements for 50,000 values, each value inserted or
    # replacing the measure's value for that period. A row found wrong part-way raises, and the
    # transaction writes nothing.
    count = data_points_upsert(checked(), updated_by_id=actor.pk if actor else None, updated_at=now)
    pending.status = ImportStatus.CONFIRMED
    pending.imported_count = count
    pending.finished_at = now
    pending.release()  # the values are in the data points now
    pending.save(update_fields=["status", "imported_count", "finished_at", "packed_rows"])
    audit_log(
        actor=actor,
        action="measure.import_confirm",
        organisation=pending.organisation,
        obj=pending,
        detail={"rows": count, "measures": sorted(chart_types)},
    )
    measure_recompute_enqueue(measure_ids=chart_types.keys())
    return count


@transaction.atomic
def import_cancel(*, actor: User, pending: PendingImport) -> None:
    if pending.status not in (ImportStatus.PENDING, ImportStatus.FAILED):
        raise ValidationError("This import has already been confirmed or cancelled.")
    pending.status = ImportStatus.CANCELLED
    pending.release()
    pending.save(update_fields=["status", "packed_rows"])
    audit_log(actor=actor, action="measure.import_cancel", organisation=pending.organisation, obj=pending)
