"""Nominations: categories per organisation, nominating, the panel's shortlist and decision."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.notifications.services import notification_create
from openqi.organisations.models import Organisation, Team
from openqi.recognition.models import Nomination, NominationCategory, NominationStatus
from openqi.recognition.services.common import (
    check_text,
    membership_of,
    recognition_url,
    require_member,
    require_panel,
)

DEFAULT_CATEGORIES = (
    ("Improvement of the month", "A change that made care safer, kinder or simpler this month."),
    ("Improver of the month", "Someone who led or supported improvement work."),
    ("Star of the month", "A colleague who went above and beyond."),
)


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def nomination_categories_ensure(*, organisation: Organisation) -> None:
    """An organisation starts with the three awards the seeds name; leads can add and retire them."""
    if not NominationCategory.objects.filter(organisation=organisation).exists():
        NominationCategory.objects.bulk_create(
            NominationCategory(organisation=organisation, name=name, description=description)
            for name, description in DEFAULT_CATEGORIES
        )


@transaction.atomic
def nomination_category_create(
    *, actor: User, organisation: Organisation, name: str, description: str = ""
) -> NominationCategory:
    require_panel(actor, organisation)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the award's name"})
    check_text(name=name, description=description)
    if NominationCategory.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": "There is already an award with this name"})
    category = NominationCategory.objects.create(organisation=organisation, name=name, description=description.strip())
    audit_log(actor=actor, action="nomination_category.create", organisation=organisation, obj=category)
    return category


@transaction.atomic
def nomination_category_set_active(*, actor: User, category: NominationCategory, active: bool) -> NominationCategory:
    require_panel(actor, category.organisation)
    old = category.active
    category.active = active
    category.save(update_fields=["active"])
    audit_log(
        actor=actor,
        action="nomination_category.update",
        organisation=category.organisation,
        obj=category,
        changes={"active": (old, active)},
    )
    return category


@transaction.atomic
def nomination_submit(
    *,
    actor: User,
    organisation: Organisation,
    category: NominationCategory,
    reason: str,
    nominee: User | None = None,
    team: Team | None = None,
    title: str = "",
    month: datetime.date | None = None,
) -> Nomination:
    """Put a colleague, a team or a piece of improvement work forward for this month's award."""
    if membership_of(actor, organisation) is None:
        raise PermissionDenied("Only members of this organisation can nominate here")
    if category.organisation_id != organisation.pk or not category.active:
        raise ValidationError({"category": "Choose an award from the list"})
    title, reason = title.strip(), reason.strip()
    if nominee is None and team is None and not title:
        raise ValidationError({"nominee": "Choose a colleague or a team, or name the improvement"})
    if nominee is not None and team is not None:
        raise ValidationError({"team": "Choose a colleague or a team, not both"})
    if not reason:
        raise ValidationError({"reason": "Say why you are nominating them"})
    check_text(reason=reason, title=title)
    if nominee is not None:
        if nominee.pk == actor.pk:
            raise ValidationError({"nominee": "You cannot nominate yourself"})
        require_member(nominee, organisation, field="nominee")
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "Choose a team in this organisation"})
    nomination = Nomination.objects.create(
        organisation=organisation,
        category=category,
        month=first_of_month(month or timezone.localdate()),
        nominee=nominee,
        team=team,
        title=title[:150],
        reason=reason[:3000],
        nominated_by=actor,
    )
    audit_log(actor=actor, action="nomination.submit", organisation=organisation, obj=nomination)
    return nomination


@transaction.atomic
def nomination_shortlist(*, actor: User, nomination: Nomination) -> Nomination:
    require_panel(actor, nomination.organisation)
    if nomination.status != NominationStatus.SUBMITTED:
        raise ValidationError("Only a new nomination can be shortlisted")
    nomination.status = NominationStatus.SHORTLISTED
    nomination.save(update_fields=["status"])
    audit_log(actor=actor, action="nomination.shortlist", organisation=nomination.organisation, obj=nomination)
    return nomination


@transaction.atomic
def nomination_decide(*, actor: User, nomination: Nomination, citation: str) -> Nomination:
    """The panel picks this shortlisted nomination as the month's winner; the rest are not selected."""
    require_panel(actor, nomination.organisation)
    # Lock the month's nominations in this award so two panel members cannot pick two winners.
    rivals = list(Nomination.objects.select_for_update().filter(category=nomination.category, month=nomination.month))
    current = next(n for n in rivals if n.pk == nomination.pk)
    if any(n.status == NominationStatus.WON for n in rivals):
        raise ValidationError("This award already has a winner for the month")
    if current.status != NominationStatus.SHORTLISTED:
        raise ValidationError("Shortlist the nomination before choosing it as the winner")
    citation = citation.strip()
    if not citation:
        raise ValidationError({"citation": "Write the words for the certificate"})
    check_text(citation=citation)
    now = timezone.now()
    for rival in rivals:
        if rival.pk != current.pk and rival.status in (NominationStatus.SUBMITTED, NominationStatus.SHORTLISTED):
            rival.status = NominationStatus.NOT_SELECTED
            rival.decided_by, rival.decided_at = actor, now
            rival.save(update_fields=["status", "decided_by", "decided_at"])
    nomination.status = NominationStatus.WON
    nomination.citation = citation[:1000]
    nomination.decided_by, nomination.decided_at = actor, now
    nomination.save(update_fields=["status", "citation", "decided_by", "decided_at"])
    audit_log(actor=actor, action="nomination.win", organisation=nomination.organisation, obj=nomination)
    url = recognition_url("wall_of_fame", nomination.organisation)
    told = set()
    for person in (nomination.nominee, nomination.nominated_by):
        if person is not None and person.pk not in told:
            told.add(person.pk)
            notification_create(
                user=person,
                title=f"{nomination.nominee_label} won {nomination.category.name}",
                body=citation[:200],
                url=url,
                organisation=nomination.organisation,
                important=True,
            )
    return nomination
