"""Email about bookings, sent by the task worker (never during a request) and safe to run twice.

The words come from the occasion's owner (`bookings.owners`), so an email about a network event
reads as one; this app only knows there is a place, an offer or a reminder.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from openqi.bookings import owners
from openqi.bookings.models import Booking, BookingStatus
from openqi.bookings.selectors import reminders_due

LONDON = ZoneInfo("Europe/London")


def _send(booking: Booking, subject: str, opening: str) -> None:
    text = owners.describe(booking.occasion, booking)
    when = (
        timezone.localtime(booking.occasion.starts_at, LONDON)
        .strftime("%A %-d %B %Y at %-I:%M%p")
        .replace("AM", "am")
        .replace("PM", "pm")
    )
    body = f"Dear {booking.name},\n\n{opening}\n\n{text.title}\n{when} (UK time)\n"
    if text.details:
        body += f"\n{text.details}\n"
    if text.url:
        body += f"\nDetails, calendar file and cancelling: {text.url}\n"
    send_mail(subject=f"OpenQI: {subject}", message=body, from_email=None, recipient_list=[booking.email])


@task()
def booking_confirmation_send(booking_id: int) -> None:
    booking = Booking.objects.select_related("occasion").filter(pk=booking_id).first()
    if booking is None or booking.status not in (BookingStatus.CONFIRMED, BookingStatus.WAITING):
        return
    if booking.status == BookingStatus.CONFIRMED:
        _send(booking, f"you are booked on {booking.occasion.title}", "You have a place at:")
    else:
        _send(
            booking,
            f"you are on the waiting list for {booking.occasion.title}",
            "The event is full, so you are on the waiting list. If a place frees we will offer it to you by email.",
        )


@task()
def booking_offer_send(booking_id: int) -> None:
    booking = Booking.objects.select_related("occasion").filter(pk=booking_id).first()
    if booking is None or booking.status != BookingStatus.OFFERED or booking.offer_expires_at is None:
        return
    until = timezone.localtime(booking.offer_expires_at, LONDON).strftime("%-d %B %Y at %H:%M")
    _send(
        booking,
        f"a place is free on {booking.occasion.title}",
        f"A place has become free and we are holding it for you until {until} (UK time). "
        "Open the event page to accept it; if you do not, it goes to the next person waiting.",
    )


@task()
def booking_reminder_send(booking_id: int) -> None:
    # reminded_at is the sent-marker, read under a row lock and set in the same transaction as
    # the send: a retried task finds it set and sends nothing.
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(pk=booking_id).first()
        if booking is None or booking.reminded_at is not None or booking.status != BookingStatus.CONFIRMED:
            return
        booking.occasion  # noqa: B018  (load it inside the lock)
        _send(booking, f"reminder: {booking.occasion.title} is tomorrow", "A reminder that you have a place at:")
        Booking.objects.filter(pk=booking.pk).update(reminded_at=timezone.now())


def tomorrow_window(now: datetime) -> tuple[datetime, datetime]:
    """Tomorrow in Europe/London, midnight to midnight (23 or 25 hours on the days the clocks change)."""
    tomorrow = timezone.localtime(now, LONDON).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, time.min, tzinfo=LONDON)
    end = datetime.combine(tomorrow + timedelta(days=1), time.min, tzinfo=LONDON)
    # In UTC: subtracting two times in one zone gives wall-clock hours, not elapsed ones.
    return start.astimezone(UTC), end.astimezone(UTC)


@task()
def booking_reminders_queue() -> int:
    """Queue a reminder for everyone booked on an occasion tomorrow (run daily by
    `manage.py bookings_scheduled`, hourly), and ask the owners that remind for themselves (a
    training cohort, per session) to queue theirs. Running it twice queues reminders twice but
    sends each once."""
    start, end = tomorrow_window(timezone.now())
    due = reminders_due(window_start=start, window_end=end, exclude_owners=owners.reminding_owners())
    ids = list(due.values_list("pk", flat=True))
    for booking_id in ids:
        booking_reminder_send.enqueue(booking_id)
    return len(ids) + owners.remind(window_start=start, window_end=end)
