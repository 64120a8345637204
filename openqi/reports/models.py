"""Published reports (issue 14): a PDF built by a task and kept, and a monthly schedule that
builds one and sends its recipients a link (never the file)."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from openqi.organisations.models import Membership, Organisation


class Kind(models.TextChoices):
    BOARD = "board", "Integrated improvement report for the board"
    PROJECT = "project", "Project one-pager"
    NEWSLETTER = "newsletter", "“You said, we did” newsletter"
    CAMPAIGN = "campaign", "Campaign closing report"


class Status(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    BUILDING = "building", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Report(models.Model):
    """One requested report. The PDF is kept in the database with its row (ADR 0024): the same
    tenancy, backups and erasure as everything else, and no file path a web server could serve
    without asking who is reading."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # Ids only ({"project_id": 3}, {"team_id": 5}, {"campaign_id": 2}): never text a person wrote.
    parameters = models.JSONField(default=dict, blank=True)
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=120, blank=True)
    failure = models.CharField(max_length=300, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    schedule = models.ForeignKey(
        "ReportSchedule", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes: ClassVar = [models.Index(fields=("organisation", "-created_at"), name="report_org_created")]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def is_finished(self) -> bool:
        return self.status in (Status.READY, Status.FAILED)


class ReportSchedule(models.Model):
    """A report made every month on a given day and sent, as a link, to members of the organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    parameters = models.JSONField(default=dict, blank=True)
    day_of_month = models.PositiveSmallIntegerField(default=1)
    recipients = models.ManyToManyField(Membership, related_name="+", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_run_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("kind", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, monthly on day {self.day_of_month}"
