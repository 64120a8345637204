"""Completions from ESR (or any learning system) as CSV: read and check every row, show a preview
with row-level errors, then write all the good rows in one transaction, or nothing.

Columns: `email`, `course` (its title in the catalogue), `completed_on` (YYYY-MM-DD or DD/MM/YYYY).
A row already recorded (same person, course and date) is counted as already there, so importing
the same file twice adds nothing: the import is idempotent. A file with any error cannot be
confirmed: fix it and upload it again.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.core.csv_import import UploadError, parse_date, read_csv_rows
from openqi.organisations.models import Membership, Organisation
from openqi.training.models import (
    CompletionImport,
    Course,
    ImportStatus,
    RecordSource,
    TrainingRecord,
    new_code,
)
from openqi.training.selectors import course_list

HEADER = ("email", "course", "completed_on")
MAX_ROWS = 100_000
MAX_ERRORS_SHOWN = 200
__all__ = ["UploadError", "import_cancel", "import_confirm", "import_prepare", "parse_date"]


def _read(content: bytes) -> list[dict[str, str]]:
    return read_csv_rows(content, required=HEADER, max_rows=MAX_ROWS)


def import_prepare(*, actor: User, organisation: Organisation, filename: str, content: bytes) -> CompletionImport:
    """Read and check the file; nothing is recorded until a lead confirms the preview."""
    rows = _read(content)
    people = dict(Membership.objects.filter(organisation=organisation).values_list("user__email", "user_id"))
    people = {email.lower(): pk for email, pk in people.items()}
    courses = {c.title.strip().lower(): c.pk for c in course_list(organisation=organisation)}
    today = timezone.localdate()
    good: list[list[object]] = []
    errors: list[dict[str, object]] = []
    seen: dict[tuple[int, int, str], int] = {}
    for line, row in enumerate(rows, start=2):
        problems: list[str] = []
        user_id = people.get(row.get("email", "").strip().lower())
        if user_id is None:
            problems.append(
                f"No one with the email ‘{row.get('email', '').strip()}’ is a member of {organisation.name}"
            )
        course_id = courses.get(row.get("course", "").strip().lower())
        if course_id is None:
            problems.append(f"No course called ‘{row.get('course', '').strip()}’ in the catalogue")
        date = parse_date(row.get("completed_on", ""))
        if date is None:
            problems.append("Enter the completion date as YYYY-MM-DD or DD/MM/YYYY")
        elif date > today:
            problems.append("The completion date is in the future")
        if not problems and user_id is not None and course_id is not None and date is not None:
            key = (user_id, course_id, date.isoformat())
            if key in seen:
                problems.append(f"The same completion is on line {seen[key]}")
            else:
                seen[key] = line
                good.append([user_id, course_id, date.isoformat()])
        if problems:
            errors.append({"line": line, "message": "; ".join(problems)})
    pending = CompletionImport.objects.create(
        organisation=organisation,
        uploaded_by=actor,
        filename=filename[:200],
        rows=good if not errors else [],
        errors=errors,
        row_count=len(rows),
    )
    audit_log(
        actor=actor,
        action="training.import_prepare",
        organisation=organisation,
        obj=pending,
        detail={"rows": len(rows), "errors": len(errors)},
    )
    return pending


@transaction.atomic
def import_confirm(*, actor: User, pending: CompletionImport) -> int:
    """Write every row in one transaction; rows already recorded are left as they are. Returns how
    many records were added."""
    pending = CompletionImport.objects.select_for_update().get(pk=pending.pk)
    if pending.status != ImportStatus.PENDING:
        raise ValidationError("This import has already been confirmed or cancelled")
    if pending.errors:
        raise ValidationError("Fix the errors in the file and upload it again: nothing was imported")
    organisation = pending.organisation
    courses = {c.pk: c for c in Course.objects.filter(pk__in={r[1] for r in pending.rows}).select_related("level")}
    teams = dict(Membership.objects.filter(organisation=organisation).values_list("user_id", "team_id"))
    existing = set(
        (u, c, d.isoformat())
        for u, c, d in TrainingRecord.objects.filter(course_id__in=courses).values_list(
            "user_id", "course_id", "completed_on"
        )
    )
    now = timezone.now()
    new = [
        TrainingRecord(
            organisation=organisation,
            user_id=user_id,
            team_id=teams.get(user_id),
            course_id=course_id,
            level_id=courses[course_id].level_id,
            completed_on=datetime.date.fromisoformat(day),
            source=RecordSource.IMPORT,
            certificate_code=new_code(),
            created_at=now,
        )
        for user_id, course_id, day in pending.rows
        if (user_id, course_id, day) not in existing
    ]
    TrainingRecord.objects.bulk_create(new, batch_size=2000)
    pending.status = ImportStatus.CONFIRMED
    pending.created_count = len(new)
    pending.rows = []  # the records hold them now; the preview keeps only counts
    pending.save(update_fields=["status", "created_count", "rows"])
    audit_log(
        actor=actor,
        action="training.import_confirm",
        organisation=organisation,
        obj=pending,
        detail={"created": len(new), "already": pending.row_count - len(new)},
    )
    return len(new)


@transaction.atomic
def import_cancel(*, actor: User, pending: CompletionImport) -> None:
    if pending.status != ImportStatus.PENDING:
        raise ValidationError("This import has already been confirmed or cancelled")
    pending.status = ImportStatus.CANCELLED
    pending.rows = []
    pending.save(update_fields=["status", "rows"])
    audit_log(actor=actor, action="training.import_cancel", organisation=pending.organisation, obj=pending)
