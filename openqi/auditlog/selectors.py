"""Reading the audit trail, always for one organisation."""

from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from openqi.audit.models import AuditEvent
from openqi.organisations.models import Membership, Organisation


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_event_list(*, organisation: Organisation, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    # Sign-in and other account events belong to no organisation; an organisation's log shows
    # those about its current members.
    member_ids = (
        Membership.objects.filter(organisation=organisation).annotate(uid=Cast("user_id", CharField())).values("uid")
    )
    events = AuditEvent.objects.filter(
        Q(organisation=organisation)
        | Q(
            organisation__isnull=True,
            action__startswith="auth.",
            object_type="accounts.user",
            object_id__in=member_ids,
        )
    ).select_related("actor")
    if filters:
        if filters.action:
            events = events.filter(action=filters.action)
        if filters.actor:
            events = events.filter(actor_label__icontains=filters.actor)
        if filters.date_from:
            events = events.filter(created_at__date__gte=filters.date_from)
        if filters.date_to:
            events = events.filter(created_at__date__lte=filters.date_to)
    return events


def audit_action_choices(*, organisation: Organisation) -> list[str]:
    return list(
        audit_event_list(organisation=organisation).order_by("action").values_list("action", flat=True).distinct()
    )
