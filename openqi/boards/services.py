"""Writes of huddle and process control boards: cards, moves, counts and screen links."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.boards.models import Card, Column, ControlCategory, ControlDay, HuddleLog, ScreenLink
from openqi.core.concurrency import changes_for_audit, lock_for_edit, merge_edit
from openqi.core.nhs_number import contains_nhs_number
from openqi.organisations.models import Membership, Organisation, Team
from openqi.projects.models import Project

PROJECT_REFUSED = "The project this action is for is not in this organisation, or you cannot see it"


def _same_organisation(team: Team, organisation: Organisation) -> None:
    if team.organisation_id != organisation.pk:
        raise ValidationError("Choose a team in this organisation")


@transaction.atomic
def card_create(
    *,
    actor: User,
    organisation: Organisation,
    team: Team,
    title: str,
    owner: User | None = None,
    due: datetime.date | None = None,
    source: str = "",
    project: Project | None = None,
) -> Card:
    """Add a card. `project` links it to the project it is an action for (a weak sustainability
    factor); the caller finds it with `selectors.card_project_get`, and it must be this
    organisation's own."""
    _same_organisation(team, organisation)
    if project is not None and project.organisation_id != organisation.pk:
        raise ValidationError(PROJECT_REFUSED)
    title = _card_title(title)
    card = Card.objects.create(
        organisation=organisation,
        team=team,
        title=title,
        owner=owner,
        due=due,
        source=source.strip()[:300],
        project=project,
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="boards.card_create",
        organisation=organisation,
        obj=card,
        detail={"project": project.pk} if project is not None else None,
    )
    return card


@transaction.atomic
def card_move(*, actor: User, card: Card, column: str) -> Card:
    if column not in Column.values:
        raise ValidationError("Choose New, Doing or Done")
    old = card.column
    if old != column:
        card.column = column
        card.updated_at = timezone.now()
        card.save(update_fields=["column", "updated_at"])
        audit_log(
            actor=actor,
            action="boards.card_move",
            organisation=card.organisation,
            obj=card,
            changes={"column": (old, column)},
        )
    return card


def _card_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Enter what needs doing"})
    if contains_nhs_number(title):
        raise ValidationError({"title": "Remove the NHS number: no patient-identifiable information belongs here"})
    return title


@transaction.atomic
def card_edit(
    *,
    actor: User,
    card: Card,
    title: str,
    owner: User | None,
    due: datetime.date | None,
    base: Mapping[str, str] | None = None,
) -> Card:
    """Change a card's words, owner or due date. With `base` (the page's fingerprints), a change by
    someone else meanwhile to a field this person left alone is kept, and to one they changed too is
    an EditConflict (ADR 0011); a move between columns meanwhile is never undone."""
    title = _card_title(title)
    lock_for_edit(card, ["title", "owner", "due", "archived_at"])
    if card.archived_at is not None:
        raise ValidationError("This card was removed from the board meanwhile. Restore it first to change it.")
    current = {"title": card.title, "owner": card.owner, "due": card.due}
    changed = merge_edit(current=current, submitted={"title": title, "owner": owner, "due": due}, base=base)
    if not changed:
        return card
    for field, value in changed.items():
        setattr(card, field, value)
    card.updated_at = timezone.now()
    card.save(update_fields=[*changed, "updated_at"])
    audit_log(
        actor=actor,
        action="boards.card_edit",
        organisation=card.organisation,
        obj=card,
        changes=changes_for_audit(current, changed),
    )
    return card


@transaction.atomic
def card_remove(*, actor: User, card: Card) -> Card:
    """Take a card off the board (kept, so it can be restored: ADR 0012)."""
    card = Card.objects.select_for_update().get(pk=card.pk)
    if card.archived_at is not None:
        raise ValidationError(f"‘{card.title}’ has already been removed from the board.")
    card.archived_at = card.updated_at = timezone.now()
    card.save(update_fields=["archived_at", "updated_at"])
    audit_log(
        actor=actor,
        action="boards.card_remove",
        organisation=card.organisation,
        obj=card,
        detail={"title": card.title, "column": card.column},
    )
    return card


@transaction.atomic
def card_restore(*, actor: User, card: Card) -> Card:
    """Put a removed card back in the column it left."""
    card = Card.objects.select_for_update().get(pk=card.pk)
    if card.archived_at is None:
        raise ValidationError(f"‘{card.title}’ is already on the board.")
    card.archived_at = None
    card.updated_at = timezone.now()
    card.save(update_fields=["archived_at", "updated_at"])
    audit_log(actor=actor, action="boards.card_restore", organisation=card.organisation, obj=card)
    return card


@transaction.atomic
def control_category_create(*, actor: User, organisation: Organisation, team: Team, name: str) -> ControlCategory:
    _same_organisation(team, organisation)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the category, like Discharges"})
    if ControlCategory.objects.filter(team=team, name__iexact=name).exists():
        raise ValidationError({"name": "This board already counts a category with that name"})
    category = ControlCategory.objects.create(organisation=organisation, team=team, name=name)
    audit_log(actor=actor, action="boards.category_create", organisation=organisation, obj=category)
    return category


COUNT_FIELDS = ("required", "completed")


@transaction.atomic
def control_count_change(*, actor: User, category: ControlCategory, field: str, delta: int) -> ControlDay:
    """One tap: add or take one from today's required or completed count (never below 0)."""
    if field not in COUNT_FIELDS or delta not in (1, -1):
        raise ValidationError("Choose to add or take away one from a count")
    day, _ = ControlDay.objects.select_for_update().get_or_create(
        organisation_id=category.organisation_id, category=category, date=timezone.localdate()
    )
    if delta < 0 and getattr(day, field) == 0:
        raise ValidationError("The count is already 0")
    ControlDay.objects.filter(pk=day.pk).update(**{field: F(field) + delta, "updated_at": timezone.now()})
    day.refresh_from_db()
    audit_log(
        actor=actor,
        action="boards.count_change",
        organisation=category.organisation,
        obj=day,
        detail={"field": field, "delta": delta},
    )
    return day


@transaction.atomic
def screen_link_create(*, actor: User, organisation: Organisation, team: Team, name: str) -> tuple[ScreenLink, str]:
    """A new read-only screen link. The token is returned once, to show the lead."""
    _same_organisation(team, organisation)
    if not name.strip():
        raise ValidationError({"name": "Enter a name for the screen, like Ward 1 staff room"})
    token, token_hash = ScreenLink.new_token()
    link = ScreenLink.objects.create(organisation=organisation, team=team, name=name.strip(), token_hash=token_hash)
    audit_log(actor=actor, action="boards.screen_create", organisation=organisation, obj=link)
    return link, token


@transaction.atomic
def screen_link_revoke(*, actor: User, link: ScreenLink) -> ScreenLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit_log(
            actor=actor,
            action="boards.screen_revoke",
            organisation=link.organisation,
            obj=link,
            detail={"name": link.name, "team": link.team_id},
        )
    return link


TEXT_MAX = 2000


ATTENDEE_REFUSED = "Choose only people who are members of this team"


@transaction.atomic
def huddle_log_create(
    *,
    actor: User,
    organisation: Organisation,
    team: Team,
    date: datetime.date,
    discussed: str,
    actions: str = "",
    attended: int | None = None,
    attendees: list[User] | None = None,
) -> HuddleLog:
    """Record a huddle with a count (`attended`) or with who came (`attendees`, the team's current
    members; the count is then the number of names and any `attended` given is not used)."""
    _same_organisation(team, organisation)
    errors: dict[str, str] = {}
    if date > timezone.localdate():
        errors["date"] = "The huddle date must be today or in the past"
    people: list[User] = []
    if attendees is not None:
        people = list({user.pk: user for user in attendees}.values())
        if not people:
            errors["attendees"] = "Tick who came, or choose to record a count only"
        else:
            members = set(
                Membership.objects.filter(
                    organisation=organisation, team=team, user_id__in=[u.pk for u in people]
                ).values_list("user_id", flat=True)
            )
            if any(user.pk not in members for user in people):
                errors["attendees"] = ATTENDEE_REFUSED
        attended = len(people)
    elif attended is None or attended < 1:
        errors["attended"] = "Enter how many people came, 1 or more"
    if not discussed.strip():
        errors["discussed"] = "Enter what was discussed"
    for field, text in (("discussed", discussed), ("actions", actions)):
        if contains_nhs_number(text):
            errors[field] = "Remove the NHS number: no patient-identifiable information belongs here"
    if errors:
        raise ValidationError(errors)
    assert attended is not None  # noqa: S101  (checked above)
    log = HuddleLog.objects.create(
        organisation=organisation,
        team=team,
        date=date,
        attended=attended,
        names_recorded=attendees is not None,
        discussed=discussed.strip(),
        actions=actions.strip(),
        created_by=actor,
    )
    if people:
        log.attendees.set(people)
    # Who came is on the log itself; the audit keeps the count and whether names were recorded.
    audit_log(
        actor=actor,
        action="boards.huddle_log",
        organisation=organisation,
        obj=log,
        detail={"attended": attended, "names_recorded": attendees is not None},
    )
    return log
