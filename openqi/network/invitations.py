"""Invitations to members by interest (issue 15, ADR 0029): the CQI team picks an upcoming event
and an interest; members with that interest who chose to hear about events get an email.

Never twice: one `InvitationRecipient` per event and member (a unique constraint, inserted with
conflicts ignored), whichever invitation or interest found them, claimed by a conditional write
(`sent_at` from empty to now) before the email goes. Sent by the task worker in batches; consent
is checked again at sending time, so someone who withdrew meanwhile gets nothing.
"""

import logging
from functools import partial

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django_tasks import task

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.network import selectors, updates
from openqi.network.calendar import event_url
from openqi.network.models import Contact, Event, Member, Topic
from openqi.network.system_models import Invitation, InvitationRecipient
from openqi.network.update_sending import BATCH, INSERT_CHUNK, batched
from openqi.organisations.models import System

logger = logging.getLogger(__name__)
INVITABLE = (Contact.EVERYTHING, Contact.EVENTS)


def _has_topic(topic: str) -> Q:
    # Members' interests are a JSON list: containment on PostgreSQL, the quoted code as text on
    # SQLite (which has no containment), as the member directory filters them.
    if connection.vendor == "postgresql":
        return Q(topics__contains=[topic])
    return Q(topics__icontains=f'"{topic}"')


def invitation_audience(*, system: System, topic: str) -> QuerySet[Member]:
    """Confirmed members with this interest who chose to hear about events and have not withdrawn."""
    return Member.objects.filter(
        _has_topic(topic),
        system=system,
        verified_at__isnull=False,
        consent_withdrawn_at__isnull=True,
        contact__in=INVITABLE,
    )


def may_be_invited(member: Member) -> bool:
    """The audience's test for one member, at the moment of sending."""
    return member.verified_at is not None and member.consent_withdrawn_at is None and member.contact in INVITABLE


def invitable_events(*, system: System) -> QuerySet[Event]:
    return selectors.event_queryset(system=system)


def invitation_create(*, actor: User, system: System, event_id: int, topic: str) -> Invitation:
    event = invitable_events(system=system).filter(pk=event_id).first()
    if event is None:
        raise ValidationError({"event": "Choose an upcoming event from the list"})
    if topic not in Topic.values:
        raise ValidationError({"topic": "Choose an interest from the list"})
    with transaction.atomic():
        invitation = Invitation.objects.create(system=system, event=event, topic=topic, created_by=actor)
        audit_log(
            actor=actor,
            action="network.invitation_create",
            obj=invitation,
            detail={"event": event.pk, "topic": topic},
        )
        transaction.on_commit(partial(invitation_queue.enqueue, invitation.pk))
    return invitation


def invitation_list(*, system: System) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(system=system)
        .select_related("event", "event__occasion")
        .annotate(
            invited=Count("recipients"),
            sent=Count("recipients", filter=Q(recipients__sent_at__isnull=False)),
        )
        .order_by("-created_at", "-pk")  # Meta.ordering is dropped with GROUP BY: pages need an order
    )


@task()
def invitation_queue(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("event").filter(pk=invitation_id).first()
    if invitation is None:
        return
    audience = invitation_audience(system=invitation.system, topic=invitation.topic).order_by("pk")
    for chunk in batched(audience.values_list("pk", flat=True).iterator(chunk_size=INSERT_CHUNK), INSERT_CHUNK):
        InvitationRecipient.objects.bulk_create(
            [InvitationRecipient(invitation=invitation, event=invitation.event, member_id=pk) for pk in chunk],
            ignore_conflicts=True,  # already invited to this event: never twice
        )
    pending = InvitationRecipient.objects.filter(invitation=invitation, sent_at__isnull=True).order_by("pk")
    for ids in batched(pending.values_list("pk", flat=True).iterator(chunk_size=INSERT_CHUNK), BATCH):
        invitation_send_batch.enqueue(invitation.pk, ids)


@task()
def invitation_send_batch(invitation_id: int, recipient_ids: list[int]) -> None:
    invitation = (
        Invitation.objects.select_related("system", "event", "event__occasion", "event__system")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return
    rows = InvitationRecipient.objects.filter(
        invitation=invitation, pk__in=recipient_ids, sent_at__isnull=True
    ).select_related("member")
    for row in rows:
        if not may_be_invited(row.member):
            continue  # withdrew or stopped invitations since: nothing is sent
        claimed = InvitationRecipient.objects.filter(pk=row.pk, sent_at__isnull=True).update(sent_at=timezone.now())
        if not claimed:  # another run sent it
            continue
        try:
            _message(invitation, row.member).send()
        except Exception:  # a mail error: release the claim so a later run may try again
            InvitationRecipient.objects.filter(pk=row.pk).update(sent_at=None)
            logger.warning("Invitation %s to recipient %s failed", invitation.pk, row.pk)


def _message(invitation: Invitation, member: Member) -> EmailMessage:
    event = invitation.event
    member.system = invitation.system
    link = updates.unsubscribe_url(member)
    body = (
        f"Dear {member.name},\n\n"
        f"You told us you are interested in {Topic(invitation.topic).label.lower()}, so we would like to "
        f"invite you to:\n\n{event.title}\n{event.when}\n{event.get_kind_display()}, "
        f"{event.get_mode_display().lower()}\n\n{event.description}\n\n"
        f"Book a place: {event_url(event)}\n\n"
        f"Stop invitations and updates from the {invitation.system.name} QI network: {link}\n"
    )
    return EmailMessage(
        subject=f"Invitation: {event.title}",
        body=body,
        to=[member.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<invitations.{invitation.system.slug}.network.openqi>",
        },
    )
