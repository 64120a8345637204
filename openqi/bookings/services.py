"""Writes for bookings: book, cancel, offer a freed place, accept it, expire offers, take attendance.

Capacity is kept under concurrency by locking the occasion's row (`select_for_update`) before
counting the places held, in the same transaction as the insert: two people booking the last place
at once are served one after the other, and the second joins the waiting list. On SQLite the
project's IMMEDIATE transactions serialise writers the same way (ADR 0013). A unique constraint
keeps one active booking per address per occasion, so a repeated request cannot book twice.
"""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.audit.services import audit_log
from openqi.bookings.models import ACTIVE, HOLDS_PLACE, Booking, BookingStatus, Occasion, normalise_email
from openqi.bookings.tasks import booking_confirmation_send, booking_offer_send
from openqi.core.events import event_publish
from openqi.organisations.models import Membership


def _locked(occasion: Occasion) -> Occasion:
    return Occasion.objects.select_for_update().get(pk=occasion.pk)


def _held(occasion: Occasion) -> int:
    return Booking.objects.filter(occasion=occasion, status__in=HOLDS_PLACE).count()


def _queue(task: Any, booking_id: int) -> None:
    transaction.on_commit(lambda: task.enqueue(booking_id))


def occasion_create(
    *, owner: str, title: str, starts_at: datetime, ends_at: datetime, capacity: int, location: str = ""
) -> Occasion:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The end must be after the start"})
    if capacity < 1:
        raise ValidationError({"capacity": "Places must be 1 or more"})
    return Occasion.objects.create(
        owner=owner, title=title, starts_at=starts_at, ends_at=ends_at, capacity=capacity, location=location
    )


@transaction.atomic
def booking_create(
    *, occasion: Occasion, email: str, name: str, user: Any = None, guest: bool = False, actor: Any = None
) -> Booking:
    """A place if one is free, otherwise a place on the waiting list. Booking again with the same
    address returns the booking already held. `actor` is who booked for a guest."""
    email = normalise_email(email)
    occasion = _locked(occasion)
    if occasion.cancelled_at is not None:
        raise ValidationError("This event has been cancelled, so it cannot be booked")
    if occasion.starts_at <= timezone.now():
        raise ValidationError("This event has started, so it can no longer be booked")
    existing = Booking.objects.filter(occasion=occasion, email=email, status__in=ACTIVE).first()
    if existing is not None:
        return existing
    status = BookingStatus.CONFIRMED if _held(occasion) < occasion.capacity else BookingStatus.WAITING
    booking = Booking.objects.create(
        occasion=occasion, email=email, name=name.strip(), user=user, guest=guest, status=status
    )
    audit_log(actor=actor or user, action="booking.create", obj=booking, detail={"status": status, "guest": guest})
    _queue(booking_confirmation_send, booking.pk)
    _publish_made(booking)
    return booking


def _publish_made(booking: Booking) -> None:
    """Tell each organisation the booker belongs to (a guest or a member without an account belongs
    to none). The event carries the occasion and the booking's state, never the booker's name or address."""
    if booking.user_id is None:
        return
    occasion = booking.occasion
    payload = {
        "booking_id": booking.pk,
        "occasion_id": occasion.pk,
        "occasion_kind": occasion.owner,
        "title": occasion.title,
        "starts_at": occasion.starts_at.isoformat(),
        "ends_at": occasion.ends_at.isoformat(),
        "status": booking.status,
        "guest": booking.guest,
    }
    for organisation_id in Membership.objects.filter(user_id=booking.user_id).values_list("organisation_id", flat=True):
        event_publish("booking.made", organisation_id=organisation_id, payload=payload)


def _offer_next(occasion: Occasion, now: datetime) -> list[Booking]:
    """Offer freed places to the waiting list, first come first offered. The caller holds the lock."""
    offered: list[Booking] = []
    free = occasion.capacity - _held(occasion)
    if free <= 0 or occasion.cancelled_at is not None or occasion.starts_at <= now:
        return offered
    expires = min(now + timedelta(hours=occasion.offer_hours), occasion.starts_at)
    for booking in Booking.objects.filter(occasion=occasion, status=BookingStatus.WAITING).order_by("created_at", "pk")[
        :free
    ]:
        booking.status = BookingStatus.OFFERED
        booking.offer_expires_at = expires
        booking.save(update_fields=["status", "offer_expires_at"])
        audit_log(actor=None, action="booking.offer", obj=booking, detail={"expires": expires.isoformat()})
        _queue(booking_offer_send, booking.pk)
        offered.append(booking)
    return offered


@transaction.atomic
def booking_cancel(*, booking: Booking, actor: Any = None) -> Booking:
    """Cancel a booking (or decline an offered place); a freed place is offered at once."""
    occasion = _locked(booking.occasion)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.status == BookingStatus.CANCELLED:
        return booking
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.offer_expires_at = None
    booking.save(update_fields=["status", "cancelled_at", "offer_expires_at"])
    audit_log(actor=actor, action="booking.cancel", obj=booking)
    _offer_next(occasion, timezone.now())
    return booking


@transaction.atomic
def booking_offer_accept(*, booking: Booking, actor: Any = None) -> Booking:
    _locked(booking.occasion)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.status == BookingStatus.CONFIRMED:
        return booking
    if booking.status != BookingStatus.OFFERED or (
        booking.offer_expires_at is not None and booking.offer_expires_at <= timezone.now()
    ):
        raise ValidationError("This offer has ended. Book again to join the waiting list.")
    booking.status = BookingStatus.CONFIRMED
    booking.offer_expires_at = None
    booking.save(update_fields=["status", "offer_expires_at"])
    audit_log(actor=actor, action="booking.offer_accept", obj=booking)
    return booking


def booking_offers_expire(*, now: datetime | None = None) -> int:
    """End offers nobody took up in time and offer those places to the next in line. Safe to run
    again: an expired offer is cancelled once, and the next offer is made under the same lock."""
    now = now or timezone.now()
    expired = 0
    occasion_ids = (
        Booking.objects.filter(status=BookingStatus.OFFERED, offer_expires_at__lte=now)
        .values_list("occasion_id", flat=True)
        .distinct()
    )
    for occasion_id in list(occasion_ids):
        with transaction.atomic():
            occasion = Occasion.objects.select_for_update().get(pk=occasion_id)
            stale = list(
                Booking.objects.filter(occasion=occasion, status=BookingStatus.OFFERED, offer_expires_at__lte=now)
            )
            for booking in stale:
                booking.status = BookingStatus.CANCELLED
                booking.cancelled_at = now
                booking.save(update_fields=["status", "cancelled_at"])
                audit_log(actor=None, action="booking.offer_expire", obj=booking)
            expired += len(stale)
            _offer_next(occasion, now)
    return expired


@transaction.atomic
def occasion_capacity_change(*, occasion: Occasion, capacity: int, actor: Any = None) -> Occasion:
    """More places offer themselves to the waiting list; fewer never remove anyone already booked."""
    if capacity < 1:
        raise ValidationError({"capacity": "Places must be 1 or more"})
    occasion = _locked(occasion)
    old = occasion.capacity
    occasion.capacity = capacity
    occasion.save(update_fields=["capacity"])
    audit_log(actor=actor, action="occasion.capacity", obj=occasion, changes={"capacity": (old, capacity)})
    _offer_next(occasion, timezone.now())
    return occasion


@transaction.atomic
def attendance_record(*, occasion: Occasion, attended_ids: set[int], actor: Any) -> int:
    """Take attendance: every confirmed booking is marked came (in `attended_ids`) or did not come.
    Returns how many came."""
    if occasion.starts_at > timezone.now():
        raise ValidationError("Attendance can be taken once the event has started")
    bookings = Booking.objects.select_for_update().filter(occasion=occasion, status=BookingStatus.CONFIRMED)
    came = 0
    for booking in bookings:
        attended = booking.pk in attended_ids
        came += attended
        if booking.attended != attended:
            booking.attended = attended
            booking.save(update_fields=["attended"])
    audit_log(actor=actor, action="occasion.attendance", obj=occasion, detail={"attended": came})
    return came


def booking_erase(*, email: str) -> int:
    """Remove every booking made with this address (the person left, or asked for erasure)."""
    deleted, _ = Booking.objects.filter(email=normalise_email(email)).delete()
    return deleted
