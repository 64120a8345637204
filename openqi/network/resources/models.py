"""Resources of a network, attendees' feedback on its events, and the record of feedback requests.

A resource is either a file (checked by its content, `files.py`, and kept under MEDIA_ROOT with a
random name) or a link. It may belong to an event (a recording or the slides of a past event)."""

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from openqi.bookings.models import Booking
from openqi.organisations.models import System


class Method(models.TextChoices):
    MODEL_FOR_IMPROVEMENT = "mfi", "Model for Improvement"
    LEAN = "lean", "Lean"
    PROCESS_MAPPING = "process_mapping", "Process mapping"
    SPC = "spc", "Statistical process control (SPC)"
    ROOT_CAUSE = "root_cause", "Root cause analysis"
    SUSTAINABILITY = "sustainability", "Sustainability"
    SPREAD = "spread", "Spread"


class Audience(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    FRONTLINE = "frontline", "Frontline staff"
    QI_PRACTITIONERS = "practitioners", "QI leads and coaches"
    LEADERS = "leaders", "Managers and leaders"
    PUBLIC = "public", "Patients, carers and the public"


class Level(models.TextChoices):
    INTRODUCTORY = "introductory", "Introductory"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class ResourceKind(models.TextChoices):
    TOOL = "tool", "Tool"
    GUIDE = "guide", "Guide"
    TEMPLATE = "template", "Template"
    RECORDING = "recording", "Recording"
    SLIDES = "slides", "Slides"


class Visibility(models.TextChoices):
    PUBLIC = "public", "Everyone"
    MEMBERS = "members", "Members of the network"
    BOOKED = "booked", "People who booked the event"


def _stored_name(instance: Any, filename: str) -> str:
    # Never the uploader's name: a random one with the extension the content was checked for.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"network/resources/{instance.system_id}/{uuid.uuid4().hex}.{extension}"


class Resource(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="network_resources")
    title = models.CharField(max_length=200)
    summary = models.TextField()
    kind = models.CharField(max_length=12, choices=ResourceKind.choices)
    methods = models.JSONField(default=list, blank=True)  # Method codes
    audiences = models.JSONField(default=list, blank=True)  # Audience codes
    level = models.CharField(max_length=14, choices=Level.choices)
    visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC)
    link = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to=_stored_name, max_length=200, blank=True)
    file_name = models.CharField(max_length=120, blank=True)  # the name a download is given
    content_type = models.CharField(max_length=120, blank=True)  # found from the content, never the browser's word
    size = models.PositiveIntegerField(default=0)
    event = models.ForeignKey(
        "network.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="resources"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # PostgreSQL full text (title weighted above summary), written by the service; a GIN index is
    # made by the migration on PostgreSQL only. Empty on SQLite, which searches by icontains.
    search = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes: ClassVar = [
            models.Index(fields=("system", "visibility", "created_at"), name="network_resource_list"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)


class Rating(models.IntegerChoices):
    VERY_POOR = 1, "Very poor"
    POOR = 2, "Poor"
    OK = 3, "OK"
    GOOD = 4, "Good"
    VERY_GOOD = 5, "Very good"


class Feedback(models.Model):
    """One attendee's answer about an event. Not linked to the person: `booking_key` is a keyed hash
    of the booking (one answer per booking), and only the date is kept."""

    event = models.ForeignKey("network.Event", on_delete=models.CASCADE, related_name="feedback")
    booking_key = models.CharField(max_length=64)
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    recommend = models.BooleanField()
    went_well = models.TextField(blank=True)
    even_better = models.TextField(blank=True)
    answered_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ("-answered_on", "-pk")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("event", "booking_key"), name="network_feedback_once_per_booking"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.rating}"


class FeedbackRequest(models.Model):
    """That a booking was sent its feedback link: inserted before the email, so it goes once."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.booking_id}"
