"""Webhook subscriptions and their deliveries.

The signing secret is kept sealed (Fernet, the same sealing as SSO client secrets) because, unlike an
API token, OpenQI must use it again: each delivery is signed with it. It is shown once, when made.
"""

import datetime
import uuid as uuidlib
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class WebhookEvent(models.TextChoices):
    IDEA_ANSWERED = "idea.answered", "An idea is answered (you said, we did)"
    SPECIAL_CAUSE = "measure.special_cause", "A measure shows special cause variation at its latest point"
    PDSA_COMPLETED = "pdsa.completed", "A PDSA cycle is completed (adopt, adapt or abandon)"
    BOOKING_MADE = "booking.made", "A member of the organisation books an event"


PING = "ping"  # the test delivery sent from the webhook's page; never a domain event


class Webhook(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=500, blank=True)  # what the receiver does with it, for admins
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list)  # WebhookEvent values
    secret_sealed = models.TextField()
    secret_hint = models.CharField(max_length=12)  # the first characters, to tell secrets apart
    # After a rotation the old secret still signs deliveries until `previous_secret_until`, beside
    # the new one, so the receiver can switch without losing a message (docs/api.md).
    previous_secret_sealed = models.TextField(blank=True)
    previous_secret_hint = models.CharField(max_length=12, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=200, blank=True)
    # Deliveries in a row that failed every attempt; a success sets it back to 0.
    failures_in_a_row = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("name", "pk")
        indexes: ClassVar = [models.Index(fields=("organisation", "active"), name="webhook_org_active")]

    def __str__(self) -> str:
        return self.name

    def previous_secret_in_use(self, now: "datetime.datetime | None" = None) -> bool:
        """True during the grace period after a rotation: deliveries carry both signatures."""
        until = self.previous_secret_until
        return bool(self.previous_secret_sealed) and until is not None and until > (now or timezone.now())

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [str(labels.get(name, name)) for name in self.events]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    RETRYING = "retrying", "Failed, will try again"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Not sent: webhook turned off"


class WebhookDelivery(models.Model):
    # This delivery's id (X-OpenQI-Delivery): the same on each of its attempts.
    uuid = models.UUIDField(default=uuidlib.uuid4, unique=True, editable=False)
    # The event's id (X-OpenQI-Event): the same on every attempt and every redelivery of this event
    # to this webhook, so a receiver that has seen it can ignore a repeat.
    event_id = models.UUIDField(default=uuidlib.uuid4, editable=False)
    redelivery_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    occurred_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes: ClassVar = [models.Index(fields=("webhook", "-created_at"), name="webhook_delivery_log")]

    def __str__(self) -> str:
        return f"{self.event} {self.uuid}"
