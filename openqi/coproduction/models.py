"""Experts by experience (issue 17): people who volunteer to help improve services, the
organisations they agreed may match them, and the involvement projects ask for.

A volunteer is a person, not an account: they register once for their ICS (`System`) from the
public front door and prove their email address by an emailed link. They choose which
organisations of the ICS may match them; each chosen organisation gets its own `Registration`,
which holds that organisation's onboarding checklist and notes, so no organisation ever sees
another's notes. On accepting an invitation to a project they become an OpenQI partner
(the existing `partner` role and project membership): see ADR 0026.
"""

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from openqi.organisations.models import Organisation, System
from openqi.projects.models import Project

REVIEW_MONTHS = 12  # consent is asked again a year after it was given


class ServiceCategory(models.TextChoices):
    """Services used, by the person or someone they care for: categories, never clinical detail."""

    MATERNITY = "maternity", "Maternity and neonatal"
    CHILDREN = "children", "Children and young people"
    MENTAL_HEALTH = "mental_health", "Mental health"
    LEARNING_DISABILITY = "learning_disability", "Learning disability and autism"
    OLDER_PEOPLE = "older_people", "Older people and frailty"
    LONG_TERM = "long_term", "Long-term conditions"
    CANCER = "cancer", "Cancer services"
    URGENT = "urgent", "Emergency and urgent care"
    PLANNED = "planned", "Outpatients, tests and planned operations"
    COMMUNITY = "community", "Community and GP services"
    END_OF_LIFE = "end_of_life", "End of life care"
    CARER = "carer", "Caring for someone"


class Skill(models.TextChoices):
    READING = "reading", "Reading and improving leaflets or letters"
    MEETINGS = "meetings", "Taking part in meetings"
    INTERVIEWS = "interviews", "Talking to other patients and carers"
    DESIGN = "design", "Designing services together (co-design workshops)"
    TESTING = "testing", "Trying out a new pathway or website"
    DATA = "data", "Looking at data and charts"
    STORIES = "stories", "Telling my story to staff"
    RECRUITMENT = "recruitment", "Sitting on interview panels"


class Availability(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_day", "Weekdays, daytime"
    WEEKDAY_EVENING = "weekday_evening", "Weekday evenings"
    WEEKEND = "weekend", "Weekends"
    ONLINE = "online", "Online meetings"
    IN_PERSON = "in_person", "In person"


class ContactBy(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"


class Payment(models.TextChoices):
    PAYMENT = "payment", "Payment for my time"
    VOUCHER = "voucher", "Vouchers"
    EXPENSES = "expenses", "Travel expenses only"
    NONE = "none", "Nothing: I volunteer my time"


class Volunteer(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="volunteers")
    email = models.EmailField()
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    services = models.JSONField(default=list, blank=True)  # ServiceCategory values
    skills = models.JSONField(default=list, blank=True)  # Skill values
    interests = models.CharField(max_length=500, blank=True)
    availability = models.JSONField(default=list, blank=True)  # Availability values
    contact_by = models.CharField(max_length=10, choices=ContactBy.choices, default=ContactBy.EMAIL)
    adjustments = models.CharField(max_length=1000, blank=True)  # accessibility needs, reasonable adjustments
    payment = models.CharField(max_length=10, choices=Payment.choices, default=Payment.EXPENSES)
    consent_wording = models.TextField()
    consented_at = models.DateTimeField()
    review_on = models.DateField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="volunteers"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name", "pk")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("system", "email"), name="volunteer_unique_email"),
        ]

    def __str__(self) -> str:
        return self.name

    def lapsed(self, today: datetime.date | None = None) -> bool:
        return self.review_on < (today or timezone.localdate())


class Stage(models.TextChoices):
    NEW = "new", "New: waiting for a welcome"
    ACTIVE = "active", "Active: can be matched"
    PAUSED = "paused", "Paused"
    CLOSED = "closed", "Closed"


class Registration(models.Model):
    """A volunteer as one organisation sees them: its onboarding checklist and its own notes."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="volunteer_registrations")
    stage = models.CharField(max_length=8, choices=Stage.choices, default=Stage.NEW)
    conversation_held = models.BooleanField(default=False)
    induction_done = models.BooleanField(default=False)
    payment_details_recorded = models.BooleanField(default=False)  # the details themselves live elsewhere
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("volunteer__name", "pk")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("volunteer", "organisation"), name="registration_one_per_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} at {self.organisation}"

    @property
    def onboarded(self) -> bool:
        return self.conversation_held and self.induction_done and self.payment_details_recorded


class Purpose(models.TextChoices):
    CODESIGN = "codesign", "Co-design something (for example a leaflet)"
    TEAM = "team", "Sit on the project team"
    PATHWAY = "pathway", "Test a new pathway"
    PDSA = "pdsa", "Join a PDSA test of change"
    FEEDBACK = "feedback", "Give feedback on a change"


class InvolvementRequest(models.Model):
    """A project asks for people with lived experience."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="involvement_requests")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="involvement_requests")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    description = models.CharField(max_length=1000)
    experience = models.JSONField(default=list, blank=True)  # ServiceCategory values that help
    skills = models.JSONField(default=list, blank=True)  # Skill values that help
    availability = models.JSONField(default=list, blank=True)  # Availability values needed
    when = models.CharField(max_length=200)
    where = models.CharField(max_length=200)
    how_long = models.CharField(max_length=200)
    payment = models.CharField(max_length=10, choices=Payment.choices)
    places = models.PositiveSmallIntegerField(default=1)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.project}"


class OfferStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Offer(models.Model):
    """The involvement lead invites a volunteer to a request; the volunteer answers in their words."""

    request = models.ForeignKey(InvolvementRequest, on_delete=models.CASCADE, related_name="offers")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="offers")
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.INVITED)
    message = models.CharField(max_length=1000, blank=True)
    answer = models.CharField(max_length=1000, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)  # when they became a partner on the project

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("request", "volunteer"), name="offer_one_per_volunteer"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} for {self.request}"


class SurveyFeed(models.Model):
    """A public survey's question feeding a project's p chart (ADR 0033): per period of the measure,
    the answers that chose a `favourable` option over all answers, written through the measures
    app's bulk write only for periods the k rule lets show."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    survey = models.OneToOneField("surveys.Survey", on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey("surveys.Question", on_delete=models.CASCADE, related_name="+")
    favourable = models.JSONField(default=list)
    measure = models.ForeignKey("measures.Measure", on_delete=models.CASCADE, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    last_fed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-updated_at", "-pk")

    def __str__(self) -> str:
        return f"{self.survey} to {self.measure}"
