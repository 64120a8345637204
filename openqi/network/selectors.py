"""Reads for the network, always scoped to one system (ICS)."""

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from openqi.bookings.models import Booking
from openqi.bookings.selectors import Places, booking_active_get, booking_list_for_email, places_for, places_get
from openqi.network.models import OWNER, Event, Member, PartnerDomain, Topic
from openqi.organisations.models import Organisation, System, SystemMembership, SystemRole
from openqi.vocabulary import Domain


def system_get(*, slug: str) -> System | None:
    return System.objects.filter(slug=slug).first()


def system_list() -> QuerySet[System]:
    return System.objects.order_by("name")


def user_is_network_team(*, user: Any, system: System) -> bool:
    """The ICS's CQI team: its system admins (and superusers) run the network."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.is_superuser
        or SystemMembership.objects.filter(user=user, system=system, role=SystemRole.SYSTEM_ADMIN).exists()
    )


def member_get(*, system: System, member_id: int) -> Member | None:
    return Member.objects.filter(system=system, pk=member_id, verified_at__isnull=False).first()


def member_for_user(*, system: System, user: Any) -> Member | None:
    """A signed-in person's confirmed membership of this network, by account or by address."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Member.objects.filter(system=system, verified_at__isnull=False)
        .filter(Q(user=user) | Q(email=user.email.lower()))
        .first()
    )


def member_by_feed_token(*, token: str) -> Member | None:
    return Member.objects.select_related("system").filter(feed_token=token, verified_at__isnull=False).first()


@dataclass(frozen=True)
class EventRow:
    event: Event
    places: Places


def event_queryset(*, system: System, past: bool = False, organisation: Organisation | None = None) -> QuerySet[Event]:
    """Events coming up (soonest first, those under way included) or past (latest first); all of
    them, or those one partner organisation runs."""
    now = timezone.now()
    events = Event.objects.filter(system=system, occasion__cancelled_at__isnull=True).select_related(
        "occasion", "organisation"
    )
    if organisation is not None:
        events = events.filter(organisation=organisation)
    if past:
        return events.filter(occasion__ends_at__lt=now).order_by("-occasion__starts_at", "-pk")
    return events.filter(occasion__ends_at__gte=now).order_by("occasion__starts_at", "pk")


def event_rows(events: list[Event]) -> list[EventRow]:
    """Events with their places, counted in one query."""
    places = places_for(occasion_ids=[e.occasion_id for e in events])
    return [EventRow(event=e, places=places[e.occasion_id]) for e in events]


def event_list(*, system: System, past: bool = False, limit: int = 200) -> list[EventRow]:
    return event_rows(list(event_queryset(system=system, past=past)[:limit]))


def event_get(*, system: System, event_id: int) -> Event | None:
    return Event.objects.select_related("occasion", "system").filter(system=system, pk=event_id).first()


def places(*, event: Event) -> Places:
    return places_get(occasion=event.occasion)


def event_booking_for(*, event: Event, member: Member | None) -> Booking | None:
    if member is None:
        return None
    return booking_active_get(occasion=event.occasion, email=member.email)


def member_bookings(*, member: Member) -> list[tuple[Event, Booking]]:
    bookings = list(booking_list_for_email(email=member.email, owner=OWNER))
    events = {
        e.occasion_id: e
        for e in Event.objects.filter(
            system=member.system, occasion_id__in=[b.occasion_id for b in bookings]
        ).select_related("occasion", "system")
    }
    return [(events[b.occasion_id], b) for b in bookings if b.occasion_id in events]


def member_confirmed_events(*, member: Member) -> list[Event]:
    return [event for event, booking in member_bookings(member=member) if booking.status == "confirmed"]


def _listed(field: str, code: str) -> Q:
    """Members whose JSON list `field` holds `code`: JSON containment on PostgreSQL (ten times
    faster than matching text); SQLite has no containment, so the quoted code is matched as text."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [code]})
    return Q(**{f"{field}__icontains": f'"{code}"'})


def member_directory(*, system: System, query: str = "", topic: str = "") -> QuerySet[Member]:
    members = Member.objects.filter(system=system, verified_at__isnull=False).select_related("organisation")
    if query:
        members = members.filter(Q(name__icontains=query) | Q(email__icontains=query) | Q(job_role__icontains=query))
    if topic:
        members = members.filter(_listed("topics", topic))
    return members.order_by("name", "pk")


@dataclass(frozen=True)
class MemberCounts:
    total: int
    by_organisation: list[tuple[str, int]]  # "Public members" for those with none
    by_topic: list[tuple[str, int]]
    by_domain: list[tuple[str, int]]


def member_counts(*, system: System) -> MemberCounts:
    """Counts by organisation, interest and quality domain, in two queries whatever the size."""
    members = Member.objects.filter(system=system, verified_at__isnull=False)
    by_organisation = [
        (row["organisation__name"] or "Public members", row["n"])
        for row in members.values("organisation__name").annotate(n=Count("pk")).order_by("-n", "organisation__name")
    ]
    wanted = {f"topic_{code}": Count("pk", filter=_listed("topics", code)) for code in Topic.values}
    wanted |= {f"domain_{code}": Count("pk", filter=_listed("domains", code)) for code in Domain.values}
    wanted["total"] = Count("pk")
    counted = members.aggregate(**wanted)

    def ranked(prefix: str, choices: list[tuple[str, str]]) -> list[tuple[str, int]]:
        found = [(label, counted[f"{prefix}{code}"]) for code, label in choices]
        return sorted((item for item in found if item[1]), key=lambda item: (-item[1], item[0]))

    return MemberCounts(
        total=counted["total"],
        by_organisation=by_organisation,
        by_topic=ranked("topic_", Topic.choices),
        by_domain=ranked("domain_", Domain.choices),
    )


ROLES_SHOWN = 10


def member_role_counts(*, system: System) -> list[tuple[str, int]]:
    """Confirmed members by the role they gave, most common first: the ten commonest roles (counted
    whatever the case and spaces, shown as one member spelt it), then "Other roles" and "Not given".
    One grouped query. Kept out of `member_counts`, which the dashboards' network tile reads with a
    fixed number of queries."""
    rows = (
        Member.objects.filter(system=system, verified_at__isnull=False)
        .annotate(role_key=Lower(Trim("job_role")))
        .values("role_key")
        .annotate(n=Count("pk"), label=Min(Trim("job_role")))
        .order_by("-n", "role_key")
    )
    named: list[tuple[str, int]] = []
    other = not_given = 0
    for row in rows:
        if not row["role_key"]:
            not_given += row["n"]
        elif len(named) < ROLES_SHOWN:
            named.append((row["label"], row["n"]))
        else:
            other += row["n"]
    return named + [(label, n) for label, n in (("Other roles", other), ("Not given", not_given)) if n]


def partner_domain_list(*, system: System) -> QuerySet[PartnerDomain]:
    return PartnerDomain.objects.filter(organisation__system=system).select_related("organisation").order_by("domain")


def partner_domain_get(*, system: System, domain_id: int) -> PartnerDomain | None:
    return partner_domain_list(system=system).filter(pk=domain_id).first()


def json_list_has(field: str, code: str) -> Q:
    """Rows whose JSON list `field` holds `code`, for other modules of the network (the resources
    library's tags), by the same rule as the member directory's."""
    return _listed(field, code)


def organisation_list(*, system: System) -> QuerySet[Organisation]:
    """The ICS's partner organisations, which may run events of their own in its network."""
    return Organisation.objects.filter(system=system).order_by("name")


def organisation_bookings(*, organisation: Any) -> QuerySet[Booking]:
    """Bookings of this ICS's network events by people with an account who belong to the
    organisation (the API's "members' bookings"), newest event first. Guests and members without an
    account belong to no organisation and are not listed."""
    occasion_ids = Event.objects.filter(system_id=organisation.system_id).values("occasion_id")
    return (
        Booking.objects.filter(
            occasion_id__in=occasion_ids,
            user__memberships__organisation=organisation,
        )
        .select_related("occasion", "occasion__network_event", "user")
        .order_by("-occasion__starts_at", "pk")
    )
