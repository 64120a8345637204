"""Partner involvement: the sessions, hours, expenses and vouchers of the patients and carers
(experts by experience) on a project, recorded by its lead for reporting. Audited."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.core.nhs_number import contains_nhs_number
from openqi.organisations.models import Organisation
from openqi.projects.models import InvolvementEntry, Project, ProjectMember, ProjectRole

MAX_HOURS = Decimal(24)
MAX_MONEY = Decimal("100000")


def involvement_problems(
    *,
    date: datetime.date | None,
    activity: str,
    hours: Decimal | None,
    expenses: Decimal | None,
    voucher: Decimal | None,
    note: str,
    today: datetime.date,
) -> dict[str, str]:
    """What is wrong with an entry, by field (empty when it is fine)."""
    errors: dict[str, str] = {}
    if date is None:
        errors["date"] = "Enter the date of the session"
    elif date > today:
        errors["date"] = "The date must be today or in the past"
    if not activity.strip():
        errors["activity"] = "Enter the session or activity"
    if hours is None:
        errors["hours"] = "Enter the hours, for example 1.5"
    elif hours < 0:
        errors["hours"] = "Hours cannot be negative"
    elif hours > MAX_HOURS:
        errors["hours"] = "Hours must be 24 or fewer for one entry"
    for name, amount, label in (("expenses", expenses, "Expenses"), ("voucher", voucher, "The voucher value")):
        if amount is not None and amount < 0:
            errors[name] = f"{label} cannot be negative"
        elif amount is not None and amount >= MAX_MONEY:
            errors[name] = f"{label} must be less than £100,000"
    for name, text in (("activity", activity), ("note", note)):
        if name not in errors and contains_nhs_number(text):
            errors[name] = "Remove the NHS number. Do not include anything that could identify a patient"
    return errors


@transaction.atomic
def involvement_add(
    *,
    actor: User,
    project: Project,
    member: ProjectMember,
    date: datetime.date,
    activity: str,
    hours: Decimal,
    expenses: Decimal | None = None,
    voucher: Decimal | None = None,
    note: str = "",
) -> InvolvementEntry:
    if member.project_id != project.pk or member.role != ProjectRole.PARTNER:
        raise ValidationError({"member": "Choose a partner on this project"})
    errors = involvement_problems(
        date=date,
        activity=activity,
        hours=hours,
        expenses=expenses,
        voucher=voucher,
        note=note,
        today=timezone.localdate(),
    )
    if errors:
        raise ValidationError(errors)
    entry = InvolvementEntry.objects.create(
        project=project,
        organisation=project.organisation,
        user=member.user,
        person_name=member.user.display_name,
        date=date,
        activity=activity.strip(),
        hours=hours,
        expenses=expenses or Decimal(0),
        voucher=voucher or Decimal(0),
        note=note.strip(),
        recorded_by=actor,
    )
    audit_log(
        actor=actor,
        action="involvement.add",
        organisation=project.organisation,
        obj=entry,
        detail={
            "project": project.pk,
            "hours": str(hours),
            "expenses": str(entry.expenses),
            "voucher": str(entry.voucher),
        },
    )
    return entry


@transaction.atomic
def involvement_remove(*, actor: User, entry: InvolvementEntry) -> None:
    audit_log(
        actor=actor,
        action="involvement.remove",
        organisation=entry.organisation,
        obj=entry,
        # Enough to record the entry again; the free-text note stays out of the append-only trail,
        # where erasure could not reach it.
        detail={
            "project": entry.project_id,
            "user": entry.user_id,
            "person_name": entry.person_name,
            "date": entry.date.isoformat(),
            "activity": entry.activity,
            "hours": str(entry.hours),
            "expenses": str(entry.expenses),
            "voucher": str(entry.voucher),
        },
    )
    entry.delete()


def involvement_export_log(*, actor: User, organisation: Organisation, rows: int) -> None:
    """Exports leave the platform: record who took one and how big it was."""
    audit_log(actor=actor, action="involvement.export", organisation=organisation, detail={"rows": rows})


@transaction.atomic
def involvement_mark_paid(*, actor: User, entry: InvolvementEntry) -> InvolvementEntry:
    """Finance has paid this entry's expenses and voucher: record who said so and when."""
    entry = InvolvementEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.amount <= 0:
        raise ValidationError("This entry has no expenses or voucher to pay.")
    if entry.paid_at is not None:
        raise ValidationError(f"The entry for {entry.person_name} on {entry.date:%d/%m/%Y} is already marked paid.")
    entry.paid_at, entry.paid_by = timezone.now(), actor
    entry.save(update_fields=["paid_at", "paid_by"])
    audit_log(
        actor=actor,
        action="involvement.paid",
        organisation=entry.organisation,
        obj=entry,
        detail={"project": entry.project_id, "expenses": str(entry.expenses), "voucher": str(entry.voucher)},
    )
    return entry


@transaction.atomic
def involvement_mark_unpaid(*, actor: User, entry: InvolvementEntry) -> InvolvementEntry:
    """Undo a mistaken "paid": the entry is due again; the audit trail keeps both steps."""
    entry = InvolvementEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.paid_at is None:
        raise ValidationError(f"The entry for {entry.person_name} on {entry.date:%d/%m/%Y} is not marked paid.")
    before = entry.paid_at.isoformat()
    entry.paid_at, entry.paid_by = None, None
    entry.save(update_fields=["paid_at", "paid_by"])
    audit_log(
        actor=actor,
        action="involvement.unpaid",
        organisation=entry.organisation,
        obj=entry,
        detail={"project": entry.project_id, "was_paid_at": before},
    )
    return entry
