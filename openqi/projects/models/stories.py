"""Improvement stories and partner involvement: what a project tells the world, and the time and
money patients and carers gave it. Django finds these models through `models/__init__.py`."""

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from openqi.organisations.models import Organisation
from openqi.projects.models.projects import Project, ProjectLink


class StoryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for publication"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Statuses in which the project lead may still change the words.
EDITABLE_STORY_STATUSES = (StoryStatus.DRAFT, StoryStatus.WITHDRAWN)


class Story(models.Model):
    """A short publishable write-up of a project: problem, what we tried, results, lessons.

    The results chart is one of the project's linked measures (`chart_link`), drawn by the
    measures app; without one, the PDSA timeline stands in. Published stories are public.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stories")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    problem = models.TextField("The problem")
    tried = models.TextField("What we tried")
    results = models.TextField("Results")
    lessons = models.TextField("Lessons")
    chart_link = models.ForeignKey(ProjectLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    credit_team = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=StoryStatus.choices, default=StoryStatus.DRAFT)
    # Why an organisation lead sent it back; cleared when it is submitted again.
    return_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-published_at", "-updated_at", "pk")
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STORY_STATUSES


class InvolvementEntry(models.Model):
    """One session or activity a partner (patient, carer, expert by experience) gave the project,
    with hours and what they were paid back (expenses) or given (vouchers), for reporting."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="involvement")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # Kept when the person leaves (the totals still count); their name at the time stays with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="involvement_entries"
    )
    person_name = models.CharField(max_length=200)
    date = models.DateField()
    activity = models.CharField(max_length=200)
    hours = models.DecimalField(
        max_digits=4, decimal_places=2, validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(24))]
    )
    expenses = models.DecimalField(
        "Expenses (£)", max_digits=8, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    voucher = models.DecimalField(
        "Voucher (£)", max_digits=8, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Payment for finance: an entry with expenses or a voucher is due until a lead marks it paid
    # (who and when; audited, and can be undone). An entry with nothing to pay is neither.
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ("-date", "-pk")
        verbose_name_plural = "involvement entries"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=0, hours__lte=24, expenses__gte=0, voucher__gte=0),
                name="involvement_amounts_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name}: {self.activity} ({self.date})"

    @property
    def amount(self) -> Decimal:
        return self.expenses + self.voucher

    @property
    def payment_status(self) -> str:
        """ "none" (nothing to pay), "due" or "paid"."""
        if self.paid_at is not None:
            return "paid"
        return "due" if self.amount > 0 else "none"
