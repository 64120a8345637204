"""The audit trail's part in subject access and erasure (registered in `openqi.core.personal_data`;
it lives with the log page because it reads people, which the trail at the foot of the layers may not import).

Export: the events the person acted in, and the events about their account. Actions on
anonymous items are recorded without an actor, so none of them can appear here.
Erasure: every event is kept; the person's link, email and name are replaced by the erasure's
pseudonym (`AuditEventQuerySet.pseudonymise`, the one rewrite the append-only table allows)."""

from typing import Any

from openqi.accounts.models import User
from openqi.audit.models import AuditEvent
from openqi.core import personal_data

FIELDS = ("action", "organisation__name", "object_type", "object_id", "object_label", "detail", "created_at")


def identifiers(user: User) -> list[str]:
    """How the trail may name the person: their email, and their full name when it has at least
    two words (a single short name would also match other people's labels)."""
    names = [user.email]
    if len(user.full_name.split()) >= 2:
        names.append(user.full_name)
    return names


def export_personal_data(*, user: User) -> dict[str, Any]:
    about = AuditEvent.objects.filter(object_type=User._meta.label_lower, object_id=str(user.pk))
    return {
        "events_you_acted_in": list(AuditEvent.objects.filter(actor=user).order_by("created_at", "id").values(*FIELDS)),
        "events_about_your_account": list(about.exclude(actor=user).order_by("created_at", "id").values(*FIELDS)),
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    changed = AuditEvent.objects.pseudonymise(actor_id=user.pk, identifiers=identifiers(user), pseudonym=pseudonym)
    return {"audit_events_pseudonymised": changed}


personal_data.register(app="audit", export=export_personal_data, erase=erase_personal_data, order=950)
