"""The ESR-style staff import: upload, preview (with row-level errors and what would change),
confirm in one transaction, or cancel. Idempotent: the same file again changes nothing.

The preview is a dry run of the very code that confirming runs (`services.record_apply`, inside a
transaction that is rolled back), so what it promises is what confirming does; a row that the
organisation's rules refuse (ending your own membership, removing the last admin) is a row error
there, with its line number. Nobody missing from the file is touched: an extract may be partial, so
only a row saying so makes a leaver.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.core.csv_import import UploadError
from openqi.organisations.models import Organisation, Team
from openqi.people import esr
from openqi.people.models import ImportStatus, RecordSource, StaffImport, StaffRecord
from openqi.people.services import PersonData, record_apply, team_path_ensure

MAX_ERRORS_SHOWN = 200
# The words of the summary, in the order it shows them.
CHANGE_LABELS = {
    "new": "new staff records",
    "invited": "invited to join",
    "linked": "matched to existing members",
    "moved": "moved to another team",
    "details": "with changed details",
    "email": "with a changed email address",
    "left": "leavers whose membership ended",
    "returned": "returning after leaving",
    "teams": "new teams",
}
__all__ = ["UploadError", "import_cancel", "import_confirm", "import_prepare"]


class _DryRun(Exception):
    """Raised to roll the preview's transaction back."""


@dataclass
class _Result:
    counts: Counter[str]
    errors: list[dict[str, object]]
    unchanged: int


def _match(organisation: Organisation, row: esr.ParsedRow) -> StaffRecord | None:
    records = StaffRecord.objects.filter(organisation=organisation)
    if row.assignment_number:
        found = records.filter(assignment_number=row.assignment_number).first()
        if found is not None:
            return found
    if row.employee_number:
        found = records.filter(employee_number=row.employee_number).first()
        if found is not None:
            return found
    return records.filter(email__iexact=row.email).first()


def _apply_all(
    *, actor: User, actor_role: str, organisation: Organisation, rows: list[esr.ParsedRow], per_row_errors: bool
) -> _Result:
    counts: Counter[str] = Counter()
    errors: list[dict[str, object]] = []
    unchanged = 0
    teams_before = Team.objects.filter(organisation=organisation).count()
    cache: dict[tuple[str, ...], Team] = {}
    for row in rows:
        try:
            with transaction.atomic():  # a savepoint: a refused row leaves nothing behind
                team = team_path_ensure(actor=actor, organisation=organisation, path=row.team_path, cache=cache)
                outcome = record_apply(
                    actor=actor,
                    actor_role=actor_role,
                    organisation=organisation,
                    record=_match(organisation, row),
                    data=PersonData(
                        email=row.email,
                        given_name=row.given_name,
                        family_name=row.family_name,
                        employee_number=row.employee_number,
                        assignment_number=row.assignment_number,
                        position=row.position,
                        staff_group=row.staff_group,
                        team=team,
                        active=row.active,
                        ended_on=datetime.date.fromisoformat(row.ended_on) if row.ended_on else None,
                    ),
                    source=RecordSource.ESR,
                )
        except (ValidationError, PermissionDenied) as error:
            cache.clear()  # teams made in the rolled-back savepoint are gone
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            if not per_row_errors:
                raise ValidationError(f"Line {row.line}: {message}") from error
            errors.append({"line": row.line, "message": message})
            continue
        counts.update(outcome.changes)
        unchanged += not outcome.changes
    counts["teams"] = Team.objects.filter(organisation=organisation).count() - teams_before
    return _Result(counts=counts, errors=errors, unchanged=unchanged)


def _counts_json(result: _Result) -> dict[str, int]:
    summary = {key: result.counts.get(key, 0) for key in CHANGE_LABELS}
    summary["unchanged"] = result.unchanged
    return summary


def import_prepare(
    *, actor: User, actor_role: str, organisation: Organisation, filename: str, content: bytes
) -> StaffImport:
    """Read and check the file, and work out what confirming would change; nothing is kept but the
    pending import (raises UploadError when the file cannot be read at all)."""
    rows = esr.read(content)
    good, errors = esr.parse(rows, today=timezone.localdate())
    preview: dict[str, int] = {}
    if not errors:
        try:
            with transaction.atomic():
                result = _apply_all(
                    actor=actor, actor_role=actor_role, organisation=organisation, rows=good, per_row_errors=True
                )
                raise _DryRun
        except _DryRun:
            pass
        errors = result.errors
        preview = _counts_json(result)
    pending = StaffImport.objects.create(
        organisation=organisation,
        uploaded_by=actor,
        filename=filename[:200],
        rows=[row.as_json() for row in good] if not errors else [],
        errors=sorted(errors, key=lambda e: int(str(e["line"]))),
        row_count=len(rows),
        preview=preview,
    )
    audit_log(
        actor=actor,
        action="people.import_prepare",
        organisation=organisation,
        obj=pending,
        detail={"rows": len(rows), "errors": len(errors), "filename": pending.filename},
    )
    return pending


@transaction.atomic
def import_confirm(*, actor: User, actor_role: str, pending: StaffImport) -> dict[str, int]:
    """Apply every row in one transaction, or nothing; returns the summary of what changed."""
    pending = StaffImport.objects.select_for_update().get(pk=pending.pk)
    if pending.status != ImportStatus.PENDING:
        raise ValidationError("This import has already been confirmed or cancelled")
    if pending.errors:
        raise ValidationError("Fix the errors in the file and upload it again: nothing was imported")
    rows = [esr.ParsedRow.from_json(r) for r in pending.rows]
    result = _apply_all(
        actor=actor, actor_role=actor_role, organisation=pending.organisation, rows=rows, per_row_errors=False
    )
    pending.summary = _counts_json(result)
    pending.status = ImportStatus.CONFIRMED
    pending.confirmed_at = timezone.now()
    pending.rows = []  # the records hold them now
    pending.save(update_fields=["summary", "status", "confirmed_at", "rows"])
    audit_log(
        actor=actor,
        action="people.import_confirm",
        organisation=pending.organisation,
        obj=pending,
        detail=pending.summary,
    )
    return pending.summary


@transaction.atomic
def import_cancel(*, actor: User, pending: StaffImport) -> None:
    if pending.status != ImportStatus.PENDING:
        raise ValidationError("This import has already been confirmed or cancelled")
    pending.status = ImportStatus.CANCELLED
    pending.rows = []
    pending.save(update_fields=["status", "rows"])
    audit_log(actor=actor, action="people.import_cancel", organisation=pending.organisation, obj=pending)
