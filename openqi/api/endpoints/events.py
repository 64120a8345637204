"""The QI network's events in the token's organisation's ICS, its members' bookings, and booking a
place for the token's person (through the network's and bookings' services: capacity is held under
a row lock, a full event puts the person on the waiting list)."""

import datetime

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from openqi.api.auth import principal_of
from openqi.api.openapi import problem_response
from openqi.api.pagination import PageMeta, PageParams, paginate
from openqi.api.params import OrgSlug, PathId
from openqi.bookings.models import Booking
from openqi.network import selectors, services
from openqi.network.models import Event
from openqi.organisations.models import Role

router = Router(tags=["Events"])
NOT_A_NETWORK_MEMBER = "Join the QI network (and confirm your email address) before booking."


class EventOut(Schema):
    id: int
    title: str
    kind: str
    mode: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue: str
    capacity: int
    places_free: int
    waiting: int


class EventPage(PageMeta):
    items: list[EventOut]


class BookingOut(Schema):
    id: int
    event_id: int
    event_title: str
    starts_at: datetime.datetime
    status: str
    attended: bool | None
    user_id: int | None
    name: str
    email: str


class BookingPage(PageMeta):
    items: list[BookingOut]


class MyBookingOut(Schema):
    id: int
    event_id: int
    status: str


def _booking(booking: Booking) -> dict[str, object]:
    return {
        "id": booking.pk,
        "event_id": booking.occasion.network_event.pk,
        "event_title": booking.occasion.title,
        "starts_at": booking.occasion.starts_at,
        "status": booking.status,
        "attended": booking.attended,
        "user_id": booking.user_id,
        "name": booking.name,
        "email": booking.email,
    }


class EventFilters(PageParams):
    past: bool = False


@router.get("", response=EventPage, summary="Network events of the organisation's ICS")
def event_index(request: HttpRequest, org_slug: OrgSlug, filters: Query[EventFilters]) -> dict[str, object]:
    """Coming up (soonest first) or, with `past=true`, past (latest first). Cancelled events are not
    listed. Online joining links are only ever sent to people with a confirmed place."""
    system = principal_of(request).organisation.system
    page = paginate(request, selectors.event_queryset(system=system, past=filters.past), filters, lambda e: e)
    rows = selectors.event_rows(page["items"])
    page["items"] = [
        {
            "id": row.event.pk,
            "title": row.event.title,
            "kind": row.event.kind,
            "mode": row.event.mode,
            "starts_at": row.event.occasion.starts_at,
            "ends_at": row.event.occasion.ends_at,
            "venue": row.event.venue,
            "capacity": row.places.capacity,
            "places_free": row.places.free,
            "waiting": row.places.waiting,
        }
        for row in rows
    ]
    return page


@router.get("/bookings", response=BookingPage, summary="Members' bookings of network events (leads)")
def booking_index(request: HttpRequest, org_slug: OrgSlug, page: Query[PageParams]) -> dict[str, object]:
    """Who from the organisation booked which event, as the network's CQI team sees attendance:
    leads and admins only."""
    organisation = principal_of(request, Role.LEAD).organisation
    return paginate(request, selectors.organisation_bookings(organisation=organisation), page, _booking)


@router.post(
    "/{event_id}/bookings",
    response={201: MyBookingOut},
    summary="Book a place for the token's person",
    openapi_extra={"responses": {"409": problem_response(NOT_A_NETWORK_MEMBER)}},
)
def booking_create(request: HttpRequest, org_slug: OrgSlug, event_id: PathId) -> Status:
    """A place if one is free, otherwise the waiting list (`status`); booking again returns the
    booking already held. The person must be a confirmed member of the ICS's QI network (409
    otherwise). An event of another ICS, or a cancelled one, is not found (404)."""
    principal = principal_of(request)
    system = principal.organisation.system
    event: Event | None = selectors.event_get(system=system, event_id=event_id)
    if event is None or event.occasion.cancelled_at is not None:
        raise Http404("No such event in this ICS's network, or it was cancelled.")
    member = selectors.member_for_user(system=system, user=principal.user)
    if member is None:
        raise HttpError(409, NOT_A_NETWORK_MEMBER)
    booking = services.event_book(event=event, member=member)
    return Status(201, {"id": booking.pk, "event_id": event.pk, "status": booking.status})
