"""Reads of huddle and process control boards, scoped by organisation and team."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Max, Prefetch, QuerySet
from django.utils import timezone

from openqi.accounts.models import User
from openqi.boards.models import Card, Column, ControlCategory, ControlDay, HuddleLog, ScreenLink
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Membership, Organisation, Team
from openqi.projects.access import project_queryset
from openqi.projects.models import Project


def board_team_get(*, organisation: Organisation, team_id: int) -> Team | None:
    return Team.objects.filter(organisation=organisation, pk=team_id).first()


def card_get(*, team: Team, card_id: int, include_archived: bool = False) -> Card | None:
    cards = Card.objects.filter(organisation_id=team.organisation_id, team=team, pk=card_id)
    if not include_archived:
        cards = cards.filter(archived_at__isnull=True)
    return cards.first()


def card_project_get(*, access: OrgAccess, user_id: int, project_id: int) -> Project | None:
    """A project a card may be linked to: owned by the board's organisation (a partner
    organisation's shared project is not) and one the person adding the card may see."""
    return (
        project_queryset(access=access, user_id=user_id).filter(organisation=access.organisation, pk=project_id).first()
    )


def card_open_for_project(*, organisation: Organisation, project: Project) -> QuerySet[Card]:
    """The organisation's cards linked to the project that are still to do (New or Doing, not
    removed), soonest due first."""
    return (
        Card.objects.filter(organisation=organisation, project=project, archived_at__isnull=True)
        .exclude(column=Column.DONE)
        .select_related("team", "owner")
        .order_by(F("due").asc(nulls_last=True), "created_at", "pk")
    )


def card_removed_list(*, team: Team) -> QuerySet[Card]:
    """Cards taken off the board, newest removal first: what the removed cards page can restore."""
    return (
        Card.objects.filter(organisation_id=team.organisation_id, team=team, archived_at__isnull=False)
        .select_related("owner")
        .order_by("-archived_at", "-pk")
    )


@dataclass(frozen=True)
class BoardColumn:
    key: str
    name: str
    cards: list[Card]


def board_columns(*, team: Team) -> list[BoardColumn]:
    cards = list(
        Card.objects.filter(organisation_id=team.organisation_id, team=team, archived_at__isnull=True).select_related(
            "owner"
        )
    )
    return [
        BoardColumn(key=value, name=str(label), cards=[c for c in cards if c.column == value])
        for value, label in Column.choices
    ]


@dataclass(frozen=True)
class ControlRow:
    category: ControlCategory
    required: int
    completed: int

    @property
    def outstanding(self) -> int:
        return max(self.required - self.completed, 0)


def control_rows(*, team: Team, day: datetime.date | None = None) -> list[ControlRow]:
    day = day or timezone.localdate()
    categories = list(ControlCategory.objects.filter(organisation_id=team.organisation_id, team=team))
    days = {
        d.category_id: d
        for d in ControlDay.objects.filter(organisation_id=team.organisation_id, category__in=categories, date=day)
    }
    return [
        ControlRow(
            category=c,
            required=days[c.pk].required if c.pk in days else 0,
            completed=days[c.pk].completed if c.pk in days else 0,
        )
        for c in categories
    ]


def control_category_get(*, team: Team, category_id: int) -> ControlCategory | None:
    return ControlCategory.objects.filter(organisation_id=team.organisation_id, team=team, pk=category_id).first()


def control_history(*, category: ControlCategory, days: int = 14) -> QuerySet[ControlDay]:
    """The category's recent days, newest first: the day's counts kept as a series."""
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    return ControlDay.objects.filter(organisation_id=category.organisation_id, category=category, date__gte=since)


def board_version(*, team_id: int) -> str:
    """What changes when anything on the board changes: the live channel's raw version."""
    cards = Card.objects.filter(team_id=team_id).aggregate(n=Count("id"), last=Max("updated_at"))
    counts = ControlDay.objects.filter(category__team_id=team_id).aggregate(
        n=Count("id"), last=Max("updated_at"), cats=Count("category", distinct=True)
    )
    categories = ControlCategory.objects.filter(team_id=team_id).count()
    return f"{cards['n']}:{cards['last']}:{counts['n']}:{counts['last']}:{categories}:{timezone.localdate()}"


def screen_link_list(*, team: Team) -> QuerySet[ScreenLink]:
    return ScreenLink.objects.filter(organisation_id=team.organisation_id, team=team)


def screen_link_get(*, team: Team, link_id: int) -> ScreenLink | None:
    return screen_link_list(team=team).filter(pk=link_id).first()


def screen_link_find(*, token: str) -> ScreenLink | None:
    """The working screen link for a token, or None (unknown or revoked)."""
    return (
        ScreenLink.objects.filter(token_hash=ScreenLink.hash_token(token), revoked_at__isnull=True)
        .select_related("organisation", "team")
        .first()
    )


def huddle_log_list(*, team: Team) -> QuerySet[HuddleLog]:
    return HuddleLog.objects.filter(organisation_id=team.organisation_id, team=team).prefetch_related(
        Prefetch("attendees", queryset=User.objects.order_by("full_name", "email"))
    )


def huddle_log_get(*, team: Team, log_id: int) -> HuddleLog | None:
    return huddle_log_list(team=team).filter(pk=log_id).first()


def huddle_people(*, team: Team) -> list[User]:
    """Who may be ticked as at a huddle: the team's current members, by name."""
    members = Membership.objects.filter(organisation_id=team.organisation_id, team=team).select_related("user")
    return [m.user for m in members.order_by("user__full_name", "user__email")]


def huddle_names_preferred(*, team: Team) -> bool:
    """The team's preference: whether its latest huddle recorded names (a count only before any)."""
    latest = HuddleLog.objects.filter(organisation_id=team.organisation_id, team=team).order_by("-created_at", "-pk")
    return bool(latest.values_list("names_recorded", flat=True).first())


def control_history_rows(*, team: Team, days: int = 14) -> list[tuple[datetime.date, list[ControlDay | None]]]:
    """The last `days` days (newest first) by category, for the board's history table."""
    categories = list(ControlCategory.objects.filter(organisation_id=team.organisation_id, team=team))
    today = timezone.localdate()
    dates = [today - datetime.timedelta(days=n) for n in range(days)]
    found = {
        (d.category_id, d.date): d
        for d in ControlDay.objects.filter(
            organisation_id=team.organisation_id, category__in=categories, date__gte=dates[-1]
        )
    }
    return [(day, [found.get((c.pk, day)) for c in categories]) for day in dates]
