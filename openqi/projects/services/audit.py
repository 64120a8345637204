"""`audit_log` for the projects services: the same call, which also names the actor's own
organisation when they act on a shared ICS project from a partner organisation. The event is
written to the owning organisation (the project's), so its audit trail stays complete."""

from typing import Any

from django.db import models

from openqi.audit.models import AuditEvent
from openqi.audit.services import audit_log as _audit_log
from openqi.organisations.models import Membership


def acting_organisations(*, actor: Any, organisation: Any) -> list[str]:
    """The names of the actor's organisations in the same ICS when they are not a member of
    `organisation` (a partner organisation's member); empty otherwise."""
    if organisation is None or not getattr(actor, "is_authenticated", False):
        return []
    if Membership.objects.filter(user=actor, organisation=organisation).exists():
        return []
    return sorted(
        Membership.objects.filter(user=actor, organisation__system_id=organisation.system_id).values_list(
            "organisation__name", flat=True
        )
    )


def audit_log(
    *,
    actor: Any,
    action: str,
    organisation: Any = None,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    acting = acting_organisations(actor=actor, organisation=organisation)
    if acting:
        detail = {**(detail or {}), "actor_organisation": ", ".join(acting)}
    return _audit_log(actor=actor, action=action, organisation=organisation, obj=obj, detail=detail)
