"""System ideas: "share your idea for system improvement" for the whole ICS (issue 15, ADR 0029).

An idea that crosses services or organisations goes to the ICS CQI team's inbox, never to one
organisation's triage, and ends with a public "you said, we did" answer on the network's front
door. Anonymity follows ADR 0007 exactly, with the ideas app's own pieces: random row numbers
(`UnorderedId`), its follow-up codes (`new_follow_up_code`, only the hash kept), its statuses and
their transitions. An anonymous idea keeps no user or member, no time of day and writes no audit
row; `system_idea_anonymous_audit` records each finished day's count instead (`network_scheduled`).
"""

import datetime
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_anonymous_counts, audit_log
from openqi.core.nhs_number import contains_nhs_number
from openqi.ideas.models import ANSWERABLE, TRANSITIONS, Status, hash_code, new_follow_up_code
from openqi.network.models import Member
from openqi.network.system_models import (
    SystemIdea,
    SystemIdeaEvent,
    SystemIdeaEventKind,
    SystemIdeaIdentity,
    SystemIdeaSource,
)
from openqi.organisations.models import Organisation, System

NHS_NUMBER_MESSAGE = "Remove the NHS number: do not share patient-identifiable information here"


def _check_free_text(**fields: str) -> None:
    errors = {name: NHS_NUMBER_MESSAGE for name, text in fields.items() if contains_nhs_number(text)}
    if errors:
        raise ValidationError(errors)


def system_organisations(*, system: System) -> QuerySet[Organisation]:
    return Organisation.objects.filter(system=system).order_by("name")


def system_idea_submit(
    *,
    system: System,
    title: str,
    problem: str,
    suggestion: str,
    services: str,
    organisation_ids: list[int],
    anonymous: bool,
    user: User | None = None,
    member: Member | None = None,
) -> tuple[SystemIdea, str]:
    """Share a system idea; returns it and its follow-up code (shown once, only its hash kept).

    Named only for a signed-in person (an account or a network member) who chose so; anyone else
    shares anonymously. An anonymous idea keeps nothing that leads to its author."""
    _check_free_text(title=title, problem=problem, suggestion=suggestion, services=services)
    known = set(system_organisations(system=system).filter(pk__in=organisation_ids).values_list("pk", flat=True))
    if set(organisation_ids) - known:
        raise ValidationError({"organisations": "Choose organisations from the list"})
    named = not anonymous and (user is not None or member is not None)
    source = (
        SystemIdeaSource.STAFF if user is not None else SystemIdeaSource.MEMBER if member else SystemIdeaSource.PUBLIC
    )
    code, code_hash = new_follow_up_code()
    today = timezone.localdate()
    now = timezone.now() if named else None
    with transaction.atomic():
        idea = SystemIdea.objects.create(
            system=system,
            title=title.strip(),
            problem=problem.strip(),
            suggestion=suggestion.strip(),
            services=services.strip(),
            organisation_ids=sorted(known),
            identity=SystemIdeaIdentity.NAMED if named else SystemIdeaIdentity.ANONYMOUS,
            source=source,
            submitted_by=user if named else None,
            submitted_by_member=member if named and user is None else None,
            submitted_on=today,
            submitted_at=now,
            follow_up_hash=code_hash,
        )
        SystemIdeaEvent.objects.create(
            idea=idea,
            kind=SystemIdeaEventKind.SUBMITTED,
            status=Status.SUBMITTED,
            actor=user if named else None,
            created_on=today,
            created_at=now,
        )
        if named:
            audit_log(actor=user, action="network.system_idea_submit", obj=idea, detail={"system": system.slug})
    return idea, code


def system_idea_status_change(
    *, actor: User, idea: SystemIdea, status: str, message: str = "", public_answer: str = ""
) -> SystemIdea:
    """Move an idea on (the ideas app's transitions); a closing status needs its public answer."""
    _check_free_text(message=message, public_answer=public_answer)
    if status not in TRANSITIONS.get(idea.status, ()):
        raise ValidationError({"status": "Choose a next step from the list"})
    if status in ANSWERABLE and not public_answer.strip():
        raise ValidationError({"public_answer": "Write the public answer: what you did, or why not"})
    with transaction.atomic():
        old = idea.status
        idea.status = status
        fields = ["status"]
        now = timezone.now()
        if status in ANSWERABLE:
            idea.public_answer = public_answer.strip()
            idea.answered_on = timezone.localdate()
            fields += ["public_answer", "answered_on"]
        idea.save(update_fields=fields)
        SystemIdeaEvent.objects.create(
            idea=idea,
            kind=SystemIdeaEventKind.ANSWERED if status in ANSWERABLE else SystemIdeaEventKind.STATUS,
            status=status,
            message=message.strip(),
            actor=actor,
            created_on=timezone.localdate(),
            created_at=now,
        )
        audit_log(
            actor=actor,
            action="network.system_idea_status",
            obj=idea,
            changes={"status": (old, status)},
            detail={"system": idea.system.slug},
        )
    return idea


def system_idea_inbox(*, system: System, status: str = "") -> QuerySet[SystemIdea]:
    ideas = SystemIdea.objects.filter(system=system)
    if status:
        ideas = ideas.filter(status=status)
    return ideas.order_by("-submitted_on", "-id")


def system_idea_get(*, system: System, idea_id: int) -> SystemIdea | None:
    return (
        SystemIdea.objects.select_related("submitted_by", "submitted_by_member")
        .filter(system=system, pk=idea_id)
        .first()
    )


def system_idea_follow_up_find(*, system: System, code: str) -> SystemIdea | None:
    if not code.strip():
        return None
    return SystemIdea.objects.filter(system=system, follow_up_hash=hash_code(code)).exclude(follow_up_hash="").first()


def system_idea_events(*, idea: SystemIdea) -> QuerySet[SystemIdeaEvent]:
    return SystemIdeaEvent.objects.filter(idea=idea).select_related("actor")


def system_idea_answered_list(*, system: System) -> QuerySet[SystemIdea]:
    """The published "you said, we did": answered ideas, latest answer first. Never an author."""
    return (
        SystemIdea.objects.filter(system=system, answered_on__isnull=False)
        .exclude(public_answer="")
        .order_by("-answered_on", "-id")
    )


def organisation_names(*, system: System, ideas: list[SystemIdea]) -> dict[int, str]:
    ids = {pk for idea in ideas for pk in idea.organisation_ids}
    return dict(system_organisations(system=system).filter(pk__in=ids).values_list("pk", "name"))


def system_idea_status_counts(*, system: System) -> dict[str, int]:
    counts: Counter[str] = Counter(SystemIdea.objects.filter(system=system).values_list("status", flat=True))
    return dict(counts)


def system_idea_anonymous_audit(*, today: datetime.date | None = None, days: int = 7) -> int:
    """Record finished days' anonymous system ideas as counts (ADR 0007's rule): one entry per
    system and day, dated at midnight, with no actor and no object; safe to run again."""
    today = today or timezone.localdate()
    written = 0
    rows = (
        SystemIdea.objects.filter(
            identity=SystemIdeaIdentity.ANONYMOUS,
            submitted_on__lt=today,
            submitted_on__gte=today - datetime.timedelta(days=days),
        )
        .values_list("system__slug", "submitted_on")
        .order_by()
    )
    counts: Counter[tuple[str, datetime.date]] = Counter(rows)
    for (slug, day), count in sorted(counts.items()):
        entries = audit_anonymous_counts(
            organisation=None,
            day=day,
            counts={f"network.system_idea_submit_anonymous.{slug}": count},
            today=today,
        )
        written += len(entries)
    return written


def next_statuses(idea: SystemIdea) -> list[tuple[str, str]]:
    labels: dict[Any, str] = dict(Status.choices)
    return [(s, labels[s]) for s in TRANSITIONS.get(idea.status, ())]
