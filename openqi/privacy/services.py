"""Subject access and erasure for one person (UK GDPR articles 15 and 17), for system admins.

Each app says what it holds about a person through `openqi.core.personal_data` (its own
`privacy.py`); this module asks every registered app, so it imports none of them. Both actions
are audited. Neither reads nor changes anonymous records: they have no link to anybody, and no
app's handler looks for them (see docs/backup-restore.md, "Subject access and erasure")."""

import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.core import personal_data
from openqi.organisations.models import Membership, SystemMembership, SystemRole

EXPORT_FORMAT = "openqi-subject-access/1"


@dataclass(frozen=True)
class ErasureReport:
    pseudonym: str
    counts: dict[str, dict[str, int]]


def _check_admin(*, actor: User, subject: User) -> None:
    """A superuser, or a system admin of every ICS the person belongs to (through an
    organisation or an ICS role), may act; a person with no place anywhere, any system admin."""
    if actor.is_superuser:
        return
    admin_of = set(
        SystemMembership.objects.filter(user=actor, role=SystemRole.SYSTEM_ADMIN).values_list("system_id", flat=True)
    )
    if not admin_of:
        raise PermissionDenied("Only a system admin can export or erase a person's data.")
    systems = set(Membership.objects.filter(user=subject).values_list("organisation__system_id", flat=True))
    systems |= set(SystemMembership.objects.filter(user=subject).values_list("system_id", flat=True))
    if not systems <= admin_of:
        raise PermissionDenied("This person belongs to an ICS you do not administer.")


def personal_data_export(*, actor: User, subject: User) -> dict[str, Any]:
    """Everything OpenQI holds about `subject`, one section per app, ready for JSON
    (`django.core.serializers.json.DjangoJSONEncoder` turns dates and decimals into text)."""
    _check_admin(actor=actor, subject=subject)
    sections = {handler.app: handler.export(user=subject) for handler in personal_data.handlers()}
    audit_log(actor=actor, action="privacy.export", obj=subject, detail={"sections": sorted(sections)})
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        "subject": {"id": subject.pk, "email": subject.email, "name": subject.full_name},
        "sections": sections,
    }


def personal_data_erase(*, actor: User, subject: User) -> ErasureReport:
    """Remove `subject`'s personal data, or de-identify it where others rely on the record,
    then delete the account; all or nothing. The audit trail keeps their events under a random
    pseudonym that nothing else stores, so it cannot be traced back to them."""
    _check_admin(actor=actor, subject=subject)
    if actor.pk == subject.pk:
        raise PermissionDenied("Ask another system admin to erase your own account.")
    pseudonym = f"Former member {secrets.token_hex(4)}"
    counts: dict[str, dict[str, int]] = {}
    with transaction.atomic():
        for handler in personal_data.handlers():
            counts[handler.app] = handler.erase(user=subject, pseudonym=pseudonym)
        audit_log(
            actor=actor,
            action="privacy.erase",
            detail={"subject": pseudonym, "rows": {app: sum(c.values()) for app, c in counts.items()}},
        )
    return ErasureReport(pseudonym=pseudonym, counts=counts)
