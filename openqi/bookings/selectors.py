"""Reads for bookings. Callers scope by their own rows (an event's occasion, a member's email)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from openqi.bookings.models import ACTIVE, HOLDS_PLACE, Booking, BookingStatus, Occasion, normalise_email


@dataclass(frozen=True)
class Places:
    capacity: int
    held: int
    waiting: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.held, 0)


def places_get(*, occasion: Occasion) -> Places:
    counts = Booking.objects.filter(occasion=occasion).aggregate(
        held=Count("pk", filter=Q(status__in=HOLDS_PLACE)), waiting=Count("pk", filter=Q(status=BookingStatus.WAITING))
    )
    return Places(capacity=occasion.capacity, held=counts["held"], waiting=counts["waiting"])


def places_for(*, occasion_ids: list[int]) -> dict[int, Places]:
    """Places for many occasions in one query (event lists)."""
    rows = (
        Occasion.objects.filter(pk__in=occasion_ids)
        .annotate(
            held=Count("bookings", filter=Q(bookings__status__in=HOLDS_PLACE)),
            waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING)),
        )
        .values_list("pk", "capacity", "held", "waiting")
    )
    return {pk: Places(capacity=capacity, held=held, waiting=waiting) for pk, capacity, held, waiting in rows}


def booking_active_get(*, occasion: Occasion, email: str) -> Booking | None:
    return Booking.objects.filter(occasion=occasion, email=normalise_email(email), status__in=ACTIVE).first()


def booking_list_for_email(*, email: str, owner: str) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(email=normalise_email(email), occasion__owner=owner)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("occasion")
        .order_by("occasion__starts_at")
    )


def booking_list_upcoming_for(*, user_id: int, email: str, now: datetime) -> QuerySet[Booking]:
    """A person's active bookings (a place, an offer or the waiting list) for occasions still to
    come and not cancelled, whatever app owns them, soonest first: booked signed in or with their
    address."""
    return (
        Booking.objects.filter(Q(user_id=user_id) | Q(email=normalise_email(email)), status__in=ACTIVE)
        .filter(occasion__starts_at__gte=now, occasion__cancelled_at__isnull=True)
        .select_related("occasion")
        .order_by("occasion__starts_at", "pk")
    )


def booking_list_for_occasion(*, occasion: Occasion) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(occasion=occasion).exclude(status=BookingStatus.CANCELLED).order_by("created_at", "pk")
    )


def no_show_counts(*, emails: list[str], owner: str) -> dict[str, int]:
    rows = (
        Booking.objects.filter(email__in=[normalise_email(e) for e in emails], occasion__owner=owner, attended=False)
        .values("email")
        .annotate(n=Count("pk"))
    )
    return {row["email"]: row["n"] for row in rows}


def reminders_due(
    *, window_start: datetime, window_end: datetime, exclude_owners: Sequence[str] = ()
) -> QuerySet[Booking]:
    """Confirmed bookings for occasions starting in the window, not yet reminded (leaving out the
    occasions of owners that send their own reminders)."""
    return Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminded_at__isnull=True,
        occasion__cancelled_at__isnull=True,
        occasion__starts_at__gte=window_start,
        occasion__starts_at__lt=window_end,
    ).exclude(occasion__owner__in=exclude_owners)
