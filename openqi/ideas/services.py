"""Writes for ideas. Each is atomic and audited; anonymous contributions are audited without an
actor, an object or a time of day, so the trail cannot lead back to the person."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.models import AuditEvent
from openqi.audit.services import audit_log
from openqi.core.nhs_number import contains_nhs_number
from openqi.ideas.models import (
    ANSWERABLE,
    TRANSITIONS,
    Campaign,
    EventKind,
    Idea,
    IdeaComment,
    IdeaEvent,
    IdeaFollow,
    IdeaSupport,
    Identity,
    Moderation,
    Source,
    Status,
    new_follow_up_code,
)
from openqi.ideas.tasks import idea_embed
from openqi.notifications.services import notification_create
from openqi.organisations.models import Membership, Organisation, Team

NHS_NUMBER_MESSAGE = (
    "Remove the NHS number. Do not include anything that could identify a patient, such as names, "
    "dates of birth or NHS numbers"
)


def check_free_text(**fields: str) -> None:
    """Refuse text that holds an NHS number, naming each field that does."""
    errors = {name: NHS_NUMBER_MESSAGE for name, text in fields.items() if contains_nhs_number(text)}
    if errors:
        raise ValidationError(errors)


def _audit_anonymous(*, action: str, organisation: Organisation) -> AuditEvent:
    # No actor, no object id or label, and midnight rather than the time: the entry records that
    # something happened that day, and nothing that could be matched to a person's session.
    today = timezone.now().date()
    return AuditEvent.objects.create(
        action=action,
        organisation=organisation,
        created_at=datetime.datetime.combine(today, datetime.time.min, tzinfo=datetime.UTC),
    )


def _today() -> datetime.date:
    return timezone.localdate()


def _idea_url(idea: Idea) -> str:
    return reverse("ideas:idea_detail", args=[idea.organisation.slug, idea.pk])


@transaction.atomic
def idea_submit(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    problem: str,
    suggestion: str,
    identity: str,
    domains: list[str] | None = None,
    team: Team | None = None,
    campaign: Campaign | None = None,
) -> tuple[Idea, str]:
    """Share an idea. Returns the idea and, for an anonymous one, the follow-up code (else "")."""
    if identity not in Identity.values:
        raise ValidationError({"identity": "Choose how your name is shown"})
    if campaign is not None and (campaign.organisation_id != organisation.pk or not campaign.is_open_on(_today())):
        raise ValidationError({"campaign": "This campaign is not open for ideas"})
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "Choose a team in this organisation"})
    check_free_text(title=title, problem=problem, suggestion=suggestion)
    anonymous = identity == Identity.ANONYMOUS
    code, code_hash = new_follow_up_code() if anonymous else ("", "")
    idea = Idea.objects.create(
        organisation=organisation,
        title=title.strip(),
        problem=problem.strip(),
        suggestion=suggestion.strip(),
        team=team,
        campaign=campaign,
        domains=Idea.pack_domains(domains or []),
        identity=identity,
        source=Source.STAFF,
        submitted_by=None if anonymous else actor,
        submitted_on=_today(),
        submitted_at=None if anonymous else timezone.now(),
        follow_up_hash=code_hash,
    )
    IdeaEvent.objects.create(
        idea=idea,
        kind=EventKind.SUBMITTED,
        status=Status.SUBMITTED,
        actor=None if anonymous else actor,
        created_on=idea.submitted_on,
        created_at=idea.submitted_at,
    )
    if anonymous:
        _audit_anonymous(action="idea.submit_anonymous", organisation=organisation)
    else:
        IdeaFollow.objects.get_or_create(idea=idea, user=actor)
        audit_log(actor=actor, action="idea.submit", organisation=organisation, obj=idea, detail={"identity": identity})
        # Anonymous ideas are embedded by the nightly batch instead: see openqi.ideas.tasks.
        transaction.on_commit(lambda: idea_embed.enqueue(idea.pk))
    return idea, code


@transaction.atomic
def idea_public_submit(*, organisation: Organisation, title: str, problem: str, suggestion: str) -> tuple[Idea, str]:
    """An idea or feedback from a patient or the public: anonymous, waiting for moderation."""
    check_free_text(title=title, problem=problem, suggestion=suggestion)
    code, code_hash = new_follow_up_code()
    idea = Idea.objects.create(
        organisation=organisation,
        title=title.strip(),
        problem=problem.strip(),
        suggestion=suggestion.strip(),
        identity=Identity.ANONYMOUS,
        source=Source.PUBLIC,
        submitted_on=_today(),
        follow_up_hash=code_hash,
        moderation=Moderation.PENDING,
    )
    IdeaEvent.objects.create(idea=idea, kind=EventKind.SUBMITTED, status=Status.SUBMITTED, created_on=idea.submitted_on)
    _audit_anonymous(action="idea.submit_public", organisation=organisation)
    return idea, code


@transaction.atomic
def idea_moderate(*, actor: User, idea: Idea, approve: bool) -> Idea:
    if idea.moderation != Moderation.PENDING:
        raise ValidationError("This idea is not waiting for moderation.")
    idea.moderation = Moderation.APPROVED if approve else Moderation.REJECTED
    idea.save(update_fields=["moderation"])
    IdeaEvent.objects.create(
        idea=idea, kind=EventKind.MODERATED, actor=actor, created_on=_today(), created_at=timezone.now()
    )
    audit_log(
        actor=actor,
        action="idea.moderate",
        organisation=idea.organisation,
        obj=idea,
        detail={"approved": approve},
    )
    return idea


def _notify_watchers(*, idea: Idea, actor: User, title: str, body: str = "") -> None:
    """The named submitter, supporters and followers; never the actor; never an anonymous author."""
    recipients: set[int] = set()
    if idea.submitted_by_id and not idea.is_anonymous:
        recipients.add(idea.submitted_by_id)
    recipients.update(IdeaSupport.objects.filter(idea=idea).values_list("user_id", flat=True))
    recipients.update(IdeaFollow.objects.filter(idea=idea).values_list("user_id", flat=True))
    recipients.discard(actor.pk)
    # Only people still in the organisation hear about it.
    members = Membership.objects.filter(organisation=idea.organisation, user_id__in=recipients).select_related("user")
    for membership in members:
        notification_create(
            user=membership.user, organisation=idea.organisation, title=title, body=body, url=_idea_url(idea)
        )


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
        created_on=_today(),
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
    _notify_watchers(
        idea=idea,
        actor=actor,
        title=f"Idea “{idea.title[:80]}” is now {idea.status_text.lower()}",
        body=message,
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
        idea=idea, kind=EventKind.ASSIGNED, actor=actor, created_on=_today(), created_at=timezone.now()
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
            url=_idea_url(idea),
        )
    return idea


@transaction.atomic
def idea_answer(*, actor: User, idea: Idea, answer: str) -> Idea:
    """Write the public "you said, we did" answer once an idea is implemented or not taken forward."""
    if idea.status not in ANSWERABLE:
        raise ValidationError("Answer an idea once it is implemented or not taken forward.")
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "Write the answer"})
    check_free_text(answer=answer)
    idea.public_answer = answer
    idea.answered_on = _today()
    idea.save(update_fields=["public_answer", "answered_on"])
    IdeaEvent.objects.create(
        idea=idea, kind=EventKind.ANSWERED, message=answer, actor=actor, created_on=_today(), created_at=timezone.now()
    )
    audit_log(actor=actor, action="idea.answer", organisation=idea.organisation, obj=idea)
    _notify_watchers(idea=idea, actor=actor, title=f"You said, we did: “{idea.title[:80]}”", body=answer)
    return idea


@transaction.atomic
def idea_follow_up_reply(*, idea: Idea, message: str) -> IdeaEvent:
    """The anonymous submitter answers through their code: no actor and no time of day."""
    message = message.strip()
    if not message:
        raise ValidationError({"message": "Write your reply"})
    check_free_text(message=message)
    event = IdeaEvent.objects.create(idea=idea, kind=EventKind.REPLY, message=message, created_on=_today())
    _audit_anonymous(action="idea.reply_anonymous", organisation=idea.organisation)
    return event


@transaction.atomic
def idea_support_toggle(*, user: User, idea: Idea) -> bool:
    """Back an idea ("me too"), or stop backing it. True when the person now supports it."""
    support = IdeaSupport.objects.filter(idea=idea, user=user).first()
    if support is not None:
        support.delete()
        audit_log(actor=user, action="idea.support_remove", organisation=idea.organisation, obj=idea)
        return False
    if idea.submitted_by_id == user.pk:
        raise PermissionDenied("You shared this idea, so you support it already.")
    IdeaSupport.objects.create(idea=idea, user=user)
    audit_log(actor=user, action="idea.support", organisation=idea.organisation, obj=idea)
    return True


@transaction.atomic
def idea_follow_toggle(*, user: User, idea: Idea) -> bool:
    follow = IdeaFollow.objects.filter(idea=idea, user=user).first()
    if follow is not None:
        follow.delete()
        audit_log(actor=user, action="idea.unfollow", organisation=idea.organisation, obj=idea)
        return False
    IdeaFollow.objects.create(idea=idea, user=user)
    audit_log(actor=user, action="idea.follow", organisation=idea.organisation, obj=idea)
    return True


@transaction.atomic
def idea_comment_add(*, author: User, idea: Idea, body: str) -> IdeaComment:
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write your comment"})
    check_free_text(body=body)
    comment = IdeaComment.objects.create(idea=idea, author=author, body=body)
    audit_log(actor=author, action="idea.comment", organisation=idea.organisation, obj=idea)
    return comment


def idea_export_record(*, actor: User, organisation: Organisation, filters: dict[str, object], count: int) -> None:
    """Exports are security events: who took which ideas out, and how many."""
    audit_log(actor=actor, action="idea.export", organisation=organisation, detail={"filters": filters, "rows": count})


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    question: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    target: int,
    team: Team | None = None,
) -> Campaign:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date"})
    if target < 1:
        raise ValidationError({"target": "The target must be at least 1 idea"})
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "Choose a team in this organisation"})
    check_free_text(title=title, question=question)
    campaign = Campaign.objects.create(
        organisation=organisation,
        title=title.strip(),
        question=question.strip(),
        team=team,
        starts_on=starts_on,
        ends_on=ends_on,
        target=target,
        created_by=actor,
    )
    audit_log(actor=actor, action="campaign.create", organisation=organisation, obj=campaign)
    return campaign


@transaction.atomic
def campaign_close(*, actor: User, campaign: Campaign, report: str) -> Campaign:
    """Close a campaign with its report: no more ideas join it."""
    if campaign.closed_on is not None:
        raise ValidationError("This campaign is already closed.")
    report = report.strip()
    if not report:
        raise ValidationError({"report": "Write the closing report"})
    check_free_text(report=report)
    campaign.closing_report = report
    campaign.closed_on = _today()
    campaign.save(update_fields=["closing_report", "closed_on"])
    audit_log(actor=actor, action="campaign.close", organisation=campaign.organisation, obj=campaign)
    return campaign
