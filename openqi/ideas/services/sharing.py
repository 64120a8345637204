"""Sharing ideas (staff and public), moderation and the anonymous author's replies."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_anonymous_counts, audit_log
from openqi.ideas.models import (
    Campaign,
    EventKind,
    Idea,
    IdeaEvent,
    IdeaFollow,
    Identity,
    Moderation,
    Source,
    Status,
    new_follow_up_code,
)
from openqi.ideas.services.common import check_free_text, local_today
from openqi.ideas.tasks import idea_embed
from openqi.organisations.models import Organisation, Team


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
    if campaign is not None and (campaign.organisation_id != organisation.pk or not campaign.is_open_on(local_today())):
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
        submitted_on=local_today(),
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
    # An anonymous idea is audited only as part of its day's count (`ideas_anonymous_audit`).
    if not anonymous:
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
        submitted_on=local_today(),
        follow_up_hash=code_hash,
        moderation=Moderation.PENDING,
    )
    IdeaEvent.objects.create(idea=idea, kind=EventKind.SUBMITTED, status=Status.SUBMITTED, created_on=idea.submitted_on)
    return idea, code


@transaction.atomic
def idea_moderate(*, actor: User, idea: Idea, approve: bool) -> Idea:
    if idea.moderation != Moderation.PENDING:
        raise ValidationError("This idea is not waiting for moderation.")
    idea.moderation = Moderation.APPROVED if approve else Moderation.REJECTED
    idea.save(update_fields=["moderation"])
    IdeaEvent.objects.create(
        idea=idea, kind=EventKind.MODERATED, actor=actor, created_on=local_today(), created_at=timezone.now()
    )
    audit_log(
        actor=actor,
        action="idea.moderate",
        organisation=idea.organisation,
        obj=idea,
        detail={"approved": approve},
    )
    return idea


@transaction.atomic
def idea_follow_up_reply(*, idea: Idea, message: str) -> IdeaEvent:
    """The anonymous submitter answers through their code: no actor and no time of day."""
    message = message.strip()
    if not message:
        raise ValidationError({"message": "Write your reply"})
    check_free_text(message=message)
    return IdeaEvent.objects.create(idea=idea, kind=EventKind.REPLY, message=message, created_on=local_today())


ANONYMOUS_ACTIONS = ("idea.submit_anonymous", "idea.submit_public", "idea.reply_anonymous")


@transaction.atomic
def ideas_anonymous_audit(*, organisation: Organisation, day: datetime.date) -> int:
    """Audit one finished day's anonymous actions as counts (`audit_anonymous_counts`): anonymous
    ideas from staff, ideas from the public, and replies by anonymous authors. Run nightly by
    `manage.py ideas_anonymous_audit`; safe to repeat. Returns the number of entries written."""
    ideas = Idea.objects.filter(organisation=organisation, submitted_on=day, identity=Identity.ANONYMOUS)
    counts = {
        "idea.submit_anonymous": ideas.filter(source=Source.STAFF).count(),
        "idea.submit_public": ideas.filter(source=Source.PUBLIC).count(),
        "idea.reply_anonymous": IdeaEvent.objects.filter(
            idea__organisation=organisation, kind=EventKind.REPLY, created_on=day
        ).count(),
    }
    return len(audit_anonymous_counts(organisation=organisation, day=day, counts=counts, today=local_today()))
