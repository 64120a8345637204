"""The network of one ICS (`organisations.System`): its members and its events.

A member is a person, not an account: anyone can join with an email address they prove they
own, without the invitation an OpenQI account needs. Staff of a partner organisation are linked to
it by the domain of that verified address (`PartnerDomain`); everyone else is a public member.
An event is the network's meaning for a generic `bookings.Occasion`, which holds its time and
capacity; bookings never know it is a network event.
"""

import secrets
from typing import ClassVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone

from openqi.bookings.models import Occasion
from openqi.organisations.models import Organisation, System

OWNER = "network.event"
LONDON = ZoneInfo("Europe/London")


class Topic(models.TextChoices):
    MODEL_FOR_IMPROVEMENT = "mfi", "Model for Improvement and PDSA"
    MEASUREMENT = "measurement", "Measurement for improvement and SPC"
    LEAN = "lean", "Lean and process mapping"
    COPRODUCTION = "coproduction", "Co-production with patients and carers"
    HUMAN_FACTORS = "human_factors", "Human factors and safety"
    SPREAD = "spread", "Sustaining and spreading change"
    INNOVATION = "innovation", "Innovation and digital"


class Contact(models.TextChoices):
    EVERYTHING = "everything", "Event invitations and quarterly updates"
    EVENTS = "events", "Event invitations only"
    NOTHING = "nothing", "Only emails about events I book"


class PartnerDomain(models.Model):
    """An email domain whose verified addresses belong to a partner organisation's staff."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="network_domains")
    domain = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ("domain",)

    def __str__(self) -> str:
        return self.domain


def _feed_token() -> str:
    return secrets.token_urlsafe(32)


class Member(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="network_members")
    email = models.EmailField()
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="network_members"
    )
    job_role = models.CharField(max_length=120, blank=True)
    topics = models.JSONField(default=list, blank=True)
    domains = models.JSONField(default=list, blank=True)  # quality domains (vocabulary.Domain)
    services = models.CharField(max_length=300, blank=True)
    contact = models.CharField(max_length=12, choices=Contact.choices, default=Contact.EVENTS)
    consent_wording = models.TextField()
    consented_at = models.DateTimeField()
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    feed_token = models.CharField(max_length=64, unique=True, default=_feed_token)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="network_members"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name", "pk")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("system", "email"), name="network_member_unique_email"),
        ]
        indexes: ClassVar = [
            models.Index(fields=("system", "verified_at"), name="network_member_verified"),
            models.Index(fields=("system", "name", "id"), name="network_member_directory"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_staff_member(self) -> bool:
        return self.organisation_id is not None

    @property
    def may_be_contacted(self) -> bool:
        return self.consent_withdrawn_at is None and self.contact != Contact.NOTHING


class EventKind(models.TextChoices):
    NETWORK_MEETING = "meeting", "Network meeting"
    LEARNING = "learning", "Learning session"
    WEBINAR = "webinar", "Webinar"
    HUDDLE = "huddle", "Huddle"
    HACKATHON = "hackathon", "Hackathon or innovation hub"


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"


class Event(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="network_events")
    occasion = models.OneToOneField(Occasion, on_delete=models.PROTECT, related_name="network_event")
    description = models.TextField()
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    venue = models.CharField(max_length=300, blank=True)
    accessibility = models.TextField(blank=True)
    online_link = models.URLField(blank=True, help_text="Shown only to people with a confirmed place")
    # An event one partner organisation runs, listed beside the network's own (empty: the network's).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="network_run_events"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("occasion__starts_at", "pk")

    def __str__(self) -> str:
        return self.occasion.title

    @property
    def title(self) -> str:
        return self.occasion.title

    @property
    def when(self) -> str:
        """ "Thursday 18 March 2027, 10:00 to 12:00", in UK time whatever the season."""
        starts = timezone.localtime(self.occasion.starts_at, LONDON)
        ends = timezone.localtime(self.occasion.ends_at, LONDON)
        text = f"{starts:%A} {starts.day} {starts:%B %Y}, {starts:%H:%M} to "
        if ends.date() != starts.date():
            text += f"{ends:%A} {ends.day} {ends:%B %Y}, "
        return text + f"{ends:%H:%M}"


class Enquiry(models.Model):
    """A question to the ICS's CQI team from anyone, with a reference to quote."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="network_enquiries")
    reference = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes: ClassVar = [models.Index(fields=("system", "handled_at"), name="network_enquiry_open")]

    def __str__(self) -> str:
        return self.reference


class UpdateStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"


class Update(models.Model):
    """A quarterly update from the CQI team. What it says is frozen when it is composed (`content`:
    the stories, "you said, we did" answers and events chosen then), so the preview, the emails and
    the public archive all show the same words."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="network_updates")
    subject = models.CharField(max_length=150)
    intro = models.TextField()
    content = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=UpdateStatus.choices, default=UpdateStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)  # when the team pressed send

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes: ClassVar = [models.Index(fields=("system", "status", "sent_at"), name="network_update_archive")]

    def __str__(self) -> str:
        return self.subject


class RecipientStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class UpdateRecipient(models.Model):
    """One person's copy of an update. Unique per update and address, and claimed by a conditional
    write before the email goes, so an update never reaches anyone twice however often a task runs."""

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="recipients")
    member = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=RecipientStatus.choices, default=RecipientStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("pk",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("update", "email"), name="network_update_recipient_once"),
        ]
        indexes: ClassVar = [models.Index(fields=("update", "status"), name="network_update_recipient_state")]

    def __str__(self) -> str:
        return f"{self.update_id}: {self.status}"


# The resources library and event follow-up live in their own package (ADR 0028).
from openqi.network.resources.models import Feedback, FeedbackRequest, Resource  # noqa: E402, F401

# System ideas and collaboratives live in their own module (ADR 0029); imported here so Django
# registers their models with the app.
from openqi.network.system_models import *  # noqa: E402, F403
