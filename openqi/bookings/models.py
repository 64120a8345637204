"""A bookable occasion and the bookings for it.

An `Occasion` is deliberately meaningless: a title, when, where (as calendar text), and how many
places. The app that owns it (network events, later training cohorts and co-production sessions)
names itself in `owner` and keeps its own row pointing here; it describes the occasion to this app
through `bookings.owners` (the text of an email, the address of its page), never by being imported.

A booking holds a place while it is CONFIRMED or OFFERED (a place freed and offered to the first on
the waiting list, held until `offer_expires_at`). WAITING bookings queue in the order they came.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def normalise_email(email: str) -> str:
    return email.strip().lower()


class Occasion(models.Model):
    owner = models.CharField(
        max_length=40, help_text="The app that gives this occasion its meaning, e.g. network.event"
    )
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=300, blank=True, help_text="Where, as calendar text; never a private link")
    capacity = models.PositiveIntegerField()
    offer_hours = models.PositiveSmallIntegerField(default=48)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("starts_at", "pk")
        indexes: ClassVar = [models.Index(fields=("owner", "starts_at"), name="occasion_owner_starts")]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="occasion_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Booked"
    OFFERED = "offered", "Place offered"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


HOLDS_PLACE = (BookingStatus.CONFIRMED, BookingStatus.OFFERED)
ACTIVE = (BookingStatus.CONFIRMED, BookingStatus.OFFERED, BookingStatus.WAITING)


class Booking(models.Model):
    occasion = models.ForeignKey(Occasion, on_delete=models.CASCADE, related_name="bookings")
    email = models.EmailField()  # lower-cased: one active booking per address per occasion
    name = models.CharField(max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    guest = models.BooleanField(default=False, help_text="Invited by email by the organisers")
    status = models.CharField(max_length=10, choices=BookingStatus.choices)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # None: attendance not taken; True: came; False: did not come (a no-show).
    attended = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "pk")
        indexes: ClassVar = [
            models.Index(fields=("occasion", "status"), name="booking_occasion_status"),
            models.Index(fields=("email",), name="booking_email"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("occasion", "email"),
                condition=~Q(status="cancelled"),
                name="booking_one_active_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.occasion} ({self.status})"

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDS_PLACE
