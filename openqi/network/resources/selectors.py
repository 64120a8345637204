"""Reads for the resources library, always scoped to one system (ICS)."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet

from openqi.bookings.models import Booking, BookingStatus
from openqi.network.models import Event, Member
from openqi.network.resources.models import Resource, Visibility
from openqi.network.selectors import json_list_has
from openqi.organisations.models import System

SEARCH_WORDS = 8  # the SQLite fallback matches every word; more words than this are ignored


@dataclass(frozen=True)
class Viewer:
    """Who is looking: a confirmed member of this network, the CQI team, or neither."""

    member: Member | None = None
    is_team: bool = False


def resource_search(
    *,
    system: System,
    query: str = "",
    method: str = "",
    audience: str = "",
    level: str = "",
    kind: str = "",
) -> QuerySet[Resource]:
    """The library: every resource except those only for an event's bookers (they are on the event
    page). Members-only resources are listed for everyone, marked, and open only to members.

    A query uses PostgreSQL full text (English stemming, web-search syntax, ranked, GIN index on the
    stored vector); on SQLite every word must appear in the title, summary or file name."""
    resources = Resource.objects.filter(system=system).exclude(visibility=Visibility.BOOKED)
    if method:
        resources = resources.filter(json_list_has("methods", method))
    if audience:
        resources = resources.filter(json_list_has("audiences", audience))
    if level:
        resources = resources.filter(level=level)
    if kind:
        resources = resources.filter(kind=kind)
    query = query.strip()[:200]
    if not query:
        return resources.order_by("-created_at", "-pk")
    if connection.vendor == "postgresql":
        wanted = SearchQuery(query, config="english", search_type="websearch")
        return (
            resources.filter(search=wanted)
            .annotate(rank=SearchRank(F("search"), wanted))
            .order_by("-rank", "-created_at", "-pk")
        )
    for word in query.split()[:SEARCH_WORDS]:
        resources = resources.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(file_name__icontains=word)
        )
    return resources.order_by("-created_at", "-pk")


def resource_get(*, system: System, resource_id: int) -> Resource | None:
    return (
        Resource.objects.select_related("event__occasion", "uploaded_by").filter(system=system, pk=resource_id).first()
    )


def member_booked(*, member: Member | None, event: Event) -> bool:
    """Whether this member holds (or held, for a past event) a confirmed place on the event."""
    if member is None:
        return False
    return Booking.objects.filter(
        occasion_id=event.occasion_id, email=member.email, status=BookingStatus.CONFIRMED
    ).exists()


def may_open(*, resource: Resource, viewer: Viewer) -> bool:
    if resource.visibility == Visibility.PUBLIC or viewer.is_team:
        return True
    if resource.visibility == Visibility.MEMBERS:
        return viewer.member is not None
    return resource.event is not None and member_booked(member=viewer.member, event=resource.event)


def event_resources(*, event: Event, viewer: Viewer) -> tuple[list[Resource], int]:
    """An event's recordings and slides this viewer may open, and how many more are kept from them."""
    attached = list(Resource.objects.filter(event=event).order_by("kind", "title", "pk"))
    booked = None
    shown: list[Resource] = []
    for resource in attached:
        if resource.visibility == Visibility.BOOKED and not viewer.is_team:
            if booked is None:
                booked = member_booked(member=viewer.member, event=event)
            if not booked:
                continue
        elif resource.visibility == Visibility.MEMBERS and viewer.member is None and not viewer.is_team:
            continue
        shown.append(resource)
    return shown, len(attached) - len(shown)


def event_choices(*, system: System, limit: int = 100) -> list[Event]:
    """Recent past events (and those under way) a recording or slides may be attached to."""
    return list(
        Event.objects.filter(system=system, occasion__cancelled_at__isnull=True)
        .select_related("occasion")
        .order_by("-occasion__starts_at", "-pk")[:limit]
    )
