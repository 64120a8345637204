"""How network events read in booking emails and calendar files (registered with bookings)."""

from django.conf import settings
from django.urls import reverse

from openqi.bookings import owners
from openqi.bookings.ics import CalendarEntry
from openqi.bookings.models import Booking, BookingStatus, Occasion
from openqi.network.models import OWNER, Event, Mode


def event_url(event: Event) -> str:
    return settings.SITE_URL + reverse("network:event_detail", args=[event.system.slug, event.pk])


def attendee_details(event: Event, *, booked: bool) -> str:
    """Where and how to take part; the joining link only for someone with a confirmed place."""
    if event.mode == Mode.ONLINE:
        return (
            f"Online. Joining link: {event.online_link}"
            if booked
            else "Online. The joining link is sent to people with a place."
        )
    lines = [f"Venue: {event.venue}"]
    if event.accessibility:
        lines.append(f"Accessibility: {event.accessibility}")
    return "\n".join(lines)


def describe(occasion: Occasion, booking: Booking) -> owners.OccasionText:
    event = Event.objects.select_related("system").get(occasion=occasion)
    booked = booking.status == BookingStatus.CONFIRMED
    return owners.OccasionText(
        title=occasion.title, url=event_url(event), details=attendee_details(event, booked=booked)
    )


def calendar_entry(event: Event, *, booked: bool) -> CalendarEntry:
    occasion = event.occasion
    return CalendarEntry(
        uid=f"network-event-{event.pk}@openqi",
        title=occasion.title,
        starts_at=occasion.starts_at,
        ends_at=occasion.ends_at,
        location=(event.online_link if booked else "Online") if event.mode == Mode.ONLINE else event.venue,
        description=event.description + "\n\n" + attendee_details(event, booked=booked),
        url=event_url(event),
        cancelled=occasion.cancelled_at is not None,
    )


owners.register(OWNER, describe=describe)
