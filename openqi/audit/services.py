"""Writing the audit trail. Services call `audit_log` inside their own transaction."""

from typing import Any

from django.db import models

from openqi.audit.models import AuditEvent


def audit_log(
    *,
    actor: Any,
    action: str,
    organisation: Any = None,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_user,
        actor_label=actor_user.email if actor_user else "",
        action=action,
        organisation=organisation,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=str(obj)[:254] if obj is not None else "",
        detail=detail or {},
    )
