"""Triage: status changes, merging duplicates, assignment and the public answer; each tells the
submitter, supporters and followers."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.core.concurrency import lock_for_edit, merge_edit
from openqi.core.events import event_publish
from openqi.ideas.models import (
    ANSWERABLE,
    TRANSITIONS,
    EventKind,
    Idea,
    IdeaEvent,
    IdeaFollow,
    IdeaSupport,
    Status,
)
from openqi.ideas.services.common import check_free_text, idea_url, local_today
from openqi.notifications.services import notification_create
from openqi.organisations.models import Membership, Team


def _watchers(idea: Idea) -> set[int]:
    """The named submitter, supporters and followers of an idea (never an anonymous author: an
    anonymous idea has no submitter, and its author follows it through the code instead)."""
    recipients: set[int] = set()
    if idea.submitted_by_id and not idea.is_anonymous:
        recipients.add(idea.submitted_by_id)
    recipients.update(IdeaSupport.objects.filter(idea=idea).values_list("user_id", flat=True))
    recipients.update(IdeaFollow.objects.filter(idea=idea).values_list("user_id", flat=True))
    return recipients


def _notify(*, idea: Idea, recipients: set[int], actor: User, title: str, body: str = "", url: str = "") -> set[int]:
    """In-app, and by email as each person chooses (the notifications app queues the email task for
    "immediately"; the daily digest picks up the rest). Never the actor; only people still in the
    organisation. Returns who was told."""
    recipients = recipients - {actor.pk}
    members = Membership.objects.filter(organisation=idea.organisation, user_id__in=recipients).select_related("user")
    told: set[int] = set()
    for membership in members:
        notification_create(
            user=membership.user,
            organisation=idea.organisation,
            title=title,
            body=body,
            url=url or idea_url(idea),
            important=True,
        )
        told.add(membership.user_id)
    return told


def _notify_watchers(*, idea: Idea, actor: User, title: str, body: str = "") -> set[int]:
    return _notify(idea=idea, recipients=_watchers(idea), actor=actor, title=title, body=body)


@transaction.atomic
def idea_change_status(
    *,
    actor: User,
    idea: Idea,
    status: str,
    message: str = "",
    accepted_as: str = "",
    duplicate_of: Idea | None = None,
) -> Idea:
    if status not in TRANSITIONS.get(idea.status, ()):
        raise ValidationError({"status": "Choose one of the next steps listed"})
    message = message.strip()
    check_free_text(message=message)
    if status == Status.ACCEPTED and not accepted_as:
        raise ValidationError({"accepted_as": "Choose how the idea is being taken forward"})
    if status == Status.NOT_TAKEN_FORWARD and not message:
        raise ValidationError({"message": "Give the reason the idea is not being taken forward"})
    if status == Status.NEEDS_INFO and not message:
        raise ValidationError({"message": "Write the question for the person who shared the idea"})
    if status == Status.DUPLICATE:
        if duplicate_of is None or duplicate_of.organisation_id != idea.organisation_id:
            raise ValidationError({"duplicate_of": "Enter the number of an idea in this organisation"})
        if duplicate_of.pk == idea.pk or duplicate_of.duplicate_of_id == idea.pk:
            raise ValidationError({"duplicate_of": "An idea cannot be a duplicate of itself"})
    before = idea.status
    idea.status = status
    idea.accepted_as = accepted_as if status == Status.ACCEPTED else ""
    idea.duplicate_of = duplicate_of if status == Status.DUPLICATE else None
    idea.save(update_fields=["status", "accepted_as", "duplicate_of"])
    IdeaEvent.objects.create(
        idea=idea,
        kind=EventKind.STATUS,
        status=status,
        message=message,
        actor=actor,
        created_on=local_today(),
        created_at=timezone.now(),
    )
    if duplicate_of is not None and status == Status.DUPLICATE:
        _merge_into(source=idea, target=duplicate_of)
    audit_log(
        actor=actor,
        action="idea.status_change",
        organisation=idea.organisation,
        obj=idea,
        detail={"before": before, "after": status, "accepted_as": idea.accepted_as},
    )
    if idea.duplicate_of is not None:
        original = idea.duplicate_of
        body = f"It says much the same as idea {original.pk}, “{original.title[:80]}”: follow that one from now on."
        body = f"{message}\n\n{body}" if message else body
        told = _notify(
            idea=idea,
            recipients=_watchers(idea),
            actor=actor,
            title=f"Idea “{idea.title[:80]}” is a duplicate",
            body=body,
            url=idea_url(original),
        )
        # Those already told about the duplicate follow the original now; the rest hear once.
        _notify(
            idea=original,
            recipients=_watchers(original) - told,
            actor=actor,
            title=f"Idea {idea.pk} was merged into “{original.title[:80]}”",
            body=f"Its supporters and followers now back idea {original.pk}.",
        )
    else:
        said = f"\n\nMessage from the team:\n{message}" if message else ""
        _notify_watchers(
            idea=idea,
            actor=actor,
            title=f"Idea “{idea.title[:80]}” is now {idea.status_text.lower()}",
            body=f"Idea: {idea.title}\nNew status: {idea.status_text}{said}",
        )
    return idea


def _merge_into(*, source: Idea, target: Idea) -> None:
    # Supporters and followers of a duplicate back the original from now on.
    for support in IdeaSupport.objects.filter(idea=source):
        IdeaSupport.objects.get_or_create(idea=target, user_id=support.user_id)
    for follow in IdeaFollow.objects.filter(idea=source):
        IdeaFollow.objects.get_or_create(idea=target, user_id=follow.user_id)


@transaction.atomic
def idea_assign(
    *,
    actor: User,
    idea: Idea,
    owner: User | None,
    team: Team | None,
    response_due: datetime.date | None,
) -> Idea:
    if owner is not None and not Membership.objects.filter(organisation=idea.organisation, user=owner).exists():
        raise ValidationError({"owner": "Choose a member of this organisation"})
    if team is not None and team.organisation_id != idea.organisation_id:
        raise ValidationError({"team": "Choose a team in this organisation"})
    if response_due is not None and response_due < idea.submitted_on:
        raise ValidationError({"response_due": "First response due must be on or after the day the idea was shared"})
    idea.owner = owner
    idea.team = team
    idea.response_due = response_due
    idea.save(update_fields=["owner", "team", "response_due"])
    IdeaEvent.objects.create(
        idea=idea, kind=EventKind.ASSIGNED, actor=actor, created_on=local_today(), created_at=timezone.now()
    )
    audit_log(
        actor=actor,
        action="idea.assign",
        organisation=idea.organisation,
        obj=idea,
        detail={"owner": owner.pk if owner else None, "team": team.pk if team else None},
    )
    if owner is not None and owner.pk != actor.pk:
        notification_create(
            user=owner,
            organisation=idea.organisation,
            title=f"You are now the owner of idea “{idea.title[:80]}”",
            url=idea_url(idea),
            important=True,
        )
    return idea


@transaction.atomic
def idea_answer(*, actor: User, idea: Idea, answer: str, base: Mapping[str, str] | None = None) -> Idea:
    """Write the public "you said, we did" answer once an idea is implemented or not taken forward.
    With `base`, an answer someone else wrote since the page was shown is an EditConflict rather
    than silently replaced; an unchanged answer is not published again."""
    lock_for_edit(idea, ["public_answer", "answered_on", "status"])
    if idea.status not in ANSWERABLE:
        raise ValidationError("Answer an idea once it is implemented or not taken forward.")
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "Write the answer"})
    check_free_text(answer=answer)
    current = {"answer": idea.public_answer}
    changed = merge_edit(current=current, submitted={"answer": answer}, base=base)
    if not changed:
        return idea
    idea.public_answer = answer
    idea.answered_on = local_today()
    idea.save(update_fields=["public_answer", "answered_on"])
    IdeaEvent.objects.create(
        idea=idea,
        kind=EventKind.ANSWERED,
        message=answer,
        actor=actor,
        created_on=local_today(),
        created_at=timezone.now(),
    )
    audit_log(
        actor=actor,
        action="idea.answer",
        organisation=idea.organisation,
        obj=idea,
        changes={"public_answer": (current["answer"], answer)},
    )
    _notify_watchers(idea=idea, actor=actor, title=f"You said, we did: “{idea.title[:80]}”", body=answer)
    # Public fields only: who shared the idea (named or not) and who answered it never leave OpenQI.
    event_publish(
        "idea.answered",
        organisation_id=idea.organisation_id,
        payload={
            "idea_id": idea.pk,
            "title": idea.title,
            "status": idea.status,
            "answer": answer,
            "answered_on": idea.answered_on.isoformat(),
            "source": idea.source,
        },
    )
    return idea
