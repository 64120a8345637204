"""Thank-you notes: send, report, moderate, share with a manager."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.notifications.services import notification_create
from openqi.organisations.models import Membership, Organisation, Team
from openqi.recognition.models import NoteStatus, ThankYou
from openqi.recognition.services.common import (
    check_text,
    membership_of,
    recognition_url,
    require_member,
    require_panel,
)

MESSAGE_MAX = 1000
TEAM_NOTIFY_MAX = 200  # a team note tells at most this many members; the rest see it on the team page


@transaction.atomic
def thank_you_send(
    *,
    actor: User,
    organisation: Organisation,
    message: str,
    recipient: User | None = None,
    team: Team | None = None,
) -> ThankYou:
    """Thank one colleague or one team. The recipient is told by their notification preference."""
    if membership_of(actor, organisation) is None:
        raise PermissionDenied("Only members of this organisation can send thank-yous here")
    if (recipient is None) == (team is None):
        raise ValidationError({"recipient": "Choose a colleague or a team to thank"})
    message = message.strip()
    if not message:
        raise ValidationError({"message": "Say what you are thanking them for"})
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": f"Your thank-you must be {MESSAGE_MAX:,} characters or fewer"})
    check_text(message=message)
    if recipient is not None:
        if recipient.pk == actor.pk:
            raise ValidationError({"recipient": "Choose someone other than yourself"})
        require_member(recipient, organisation)
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "Choose a team in this organisation"})
    note = ThankYou.objects.create(
        organisation=organisation, sender=actor, recipient=recipient, team=team, message=message
    )
    audit_log(actor=actor, action="thank_you.send", organisation=organisation, obj=note)
    url = recognition_url("thank_you_detail", organisation, note.pk)
    if recipient is not None:
        notification_create(
            user=recipient,
            title=f"{actor.display_name} thanked you",
            body=message[:200],
            url=url,
            organisation=organisation,
            important=True,
        )
    else:
        members = (
            Membership.objects.filter(organisation=organisation, team=team)
            .exclude(user=actor)
            .select_related("user")
            .order_by("id")[:TEAM_NOTIFY_MAX]
        )
        for membership in members:
            notification_create(
                user=membership.user,
                title=f"{actor.display_name} thanked {team.name if team else 'your team'}",
                body=message[:200],
                url=url,
                organisation=organisation,
            )
    return note


@transaction.atomic
def thank_you_report(*, actor: User, note: ThankYou, reason: str) -> ThankYou:
    """Anyone who can see a note may report it as abusive; the panel then reviews it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say what is wrong with this thank-you"})
    if note.status != NoteStatus.VISIBLE:
        raise ValidationError("This thank-you has already been reported or hidden")
    check_text(reason=reason)
    note.status = NoteStatus.REPORTED
    note.reported_reason = reason[:1000]
    note.save(update_fields=["status", "reported_reason"])
    audit_log(actor=actor, action="thank_you.report", organisation=note.organisation, obj=note)
    return note


@transaction.atomic
def thank_you_moderate(*, actor: User, note: ThankYou, hide: bool, reason: str) -> ThankYou:
    """The panel hides an abusive note (its recipient no longer sees it) or restores it."""
    require_panel(actor, note.organisation)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for your decision"})
    check_text(reason=reason)
    old = note.status
    note.status = NoteStatus.HIDDEN if hide else NoteStatus.VISIBLE
    note.moderated_by = actor
    note.moderation_reason = reason[:1000]
    note.save(update_fields=["status", "moderated_by", "moderation_reason"])
    audit_log(
        actor=actor,
        action="thank_you.hide" if hide else "thank_you.restore",
        organisation=note.organisation,
        obj=note,
        changes={"status": (old, note.status)},
    )
    if hide:
        notification_create(
            user=note.sender,
            title="A thank-you you sent was hidden by a moderator",
            body=reason[:200],
            organisation=note.organisation,
        )
    return note


@transaction.atomic
def thank_you_share(*, actor: User, note: ThankYou, manager: User) -> ThankYou:
    """The person thanked shares the note with their manager, who is told."""
    if note.recipient_id != actor.pk:
        raise PermissionDenied("Only the person thanked can share this thank-you")
    if note.status == NoteStatus.HIDDEN:
        raise ValidationError("This thank-you was hidden by a moderator")
    if manager.pk == actor.pk:
        raise ValidationError({"manager": "Choose your manager, not yourself"})
    require_member(manager, note.organisation, field="manager")
    note.shared_with = manager
    note.shared_at = timezone.now()
    note.save(update_fields=["shared_with", "shared_at"])
    audit_log(
        actor=actor, action="thank_you.share", organisation=note.organisation, obj=note, detail={"with": manager.pk}
    )
    notification_create(
        user=manager,
        title=f"{actor.display_name} shared a thank-you they received",
        body=note.message[:200],
        url=recognition_url("thank_you_detail", note.organisation, note.pk),
        organisation=note.organisation,
    )
    return note
