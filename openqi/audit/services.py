"""Writing the audit trail: the one entry point for every app.

`audit_log` records a write or a security event inside the caller's transaction, with its actor
and object. When the actor is not a member of the organisation the event belongs to (a partner
organisation's member acting on a shared ICS project), the event names the actor's own
organisations too, and is still written to the owning organisation so its trail stays complete.

Anonymous actions (an anonymous idea, a public idea, an anonymous author's reply) are never
written one by one: an entry's id, time or place in the table would order it against the same
person's sign-in and other actions (issue 11, defect 7). `audit_anonymous_counts` records them
afterwards, once a day is over, as one entry per organisation, action and day with a count and the
date only (ADR 0006 and ADR 0007).
"""

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.db import models

from openqi.audit.models import AuditEvent

# Providers of extra detail about an actor, registered by the apps that know them (organisations
# registers "acting for a partner organisation" in its ready()). The trail sits below the apps that
# write to it, so it learns their facts through this seam rather than by importing them.
ActorDetail = Callable[[Any, Any], dict[str, Any]]
_actor_details: list[ActorDetail] = []


def audit_actor_detail_register(provider: ActorDetail) -> None:
    """Add `provider(actor, organisation) -> detail` to every audit entry with a signed-in actor."""
    if provider not in _actor_details:
        _actor_details.append(provider)


def audit_log(
    *,
    actor: Any,
    action: str,
    organisation: Any = None,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
) -> AuditEvent:
    """Record one event. `changes` ({field: (old, new)}) is kept in the detail as text, in full, so
    a lead can recover what an edit replaced (the audit log page shows old and new)."""
    if changes:
        detail = {
            **(detail or {}),
            "changes": {name: [_as_text(old), _as_text(new)] for name, (old, new) in changes.items()},
        }
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    if actor_user is not None:
        for provider in _actor_details:
            extra = provider(actor_user, organisation)
            if extra:
                detail = {**(detail or {}), **extra}
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


def _as_text(value: Any) -> str | list[str]:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return [str(_as_text(item)) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def audit_anonymous_counts(
    *, organisation: Any, day: datetime.date, counts: dict[str, int], today: datetime.date
) -> list[AuditEvent]:
    """Record one finished day's anonymous actions as counts: one entry per action, dated at
    midnight, with no actor and no object. Only for a day before `today` (entries written later
    than the day cannot be placed within it), and at most once per organisation, action and day,
    so the nightly run may be repeated safely."""
    if day >= today:
        raise ValueError("Anonymous actions are recorded only once their day is over.")
    midnight = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    written = []
    for action in sorted(counts):
        if not counts[action]:
            continue
        if AuditEvent.objects.filter(organisation=organisation, action=action, created_at=midnight).exists():
            continue
        written.append(
            AuditEvent.objects.create(
                action=action, organisation=organisation, created_at=midnight, detail={"count": counts[action]}
            )
        )
    return written
