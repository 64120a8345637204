"""Pulse surveys: short anonymous surveys for an audience, open between two dates.

A `SurveyResponse` holds the answers only: no user, no team, no time. Double answering is
prevented by `SurveyMarker`, an HMAC of the person keyed with the survey's own random secret;
the secret and the markers are deleted when the survey closes (docs/adr/0006-checkin-anonymity.md).
"""

import datetime
import hashlib
import hmac
import secrets
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from openqi.organisations.models import Organisation, Team


class QuestionKind(models.TextChoices):
    LIKERT = "likert", "Agree or disagree (5 points)"
    NPS = "nps", "0 to 10 (net promoter score)"
    SINGLE = "single", "Choose one"
    MULTIPLE = "multiple", "Choose any"
    TEXT = "text", "Short free text"


LIKERT_CHOICES = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]


class Recurrence(models.TextChoices):
    NONE = "", "Once only"
    WEEKLY = "weekly", "Every week"
    MONTHLY = "monthly", "Every month"
    QUARTERLY = "quarterly", "Every quarter"


class SurveyState(models.TextChoices):
    """Whether a lead has opened the survey. A draft reaches nobody; an opened survey is scheduled,
    open or closed according to its dates (`Survey.status`), so scheduling needs no job."""

    DRAFT = "draft", "Draft"
    OPENED = "opened", "Opened"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Audience(models.TextChoices):
    """Staff answer signed in, as members of the organisation's teams. Patients, carers and the
    public answer with no account, through the survey's public link or a kiosk (ADR 0033)."""

    STAFF = "staff", "Staff in the organisation"
    PUBLIC = "public", "Patients, carers and the public"


def _new_secret() -> str:
    return secrets.token_hex(32)


def new_link_token() -> str:
    return secrets.token_urlsafe(18)


class Survey(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    # No teams chosen means the whole organisation.
    teams = models.ManyToManyField(Team, blank=True, related_name="+")
    opens_on = models.DateField()
    closes_on = models.DateField()
    # A survey is a draft until a lead opens it (it needs a question first): `survey_open`.
    state = models.CharField(max_length=10, choices=SurveyState.choices, default=SurveyState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The key for this survey's markers; emptied (with the markers) once the survey closes.
    marker_key = models.CharField(max_length=64, default=_new_secret, blank=True)
    # A recurring survey opens a new round (same questions) each period: `surveys_daily`.
    # Every round points at the first (`series`, null on the first itself) and is numbered.
    recurrence = models.CharField(max_length=10, choices=Recurrence.choices, default="", blank=True)
    series = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="rounds")
    round_number = models.PositiveSmallIntegerField(default=1)
    # Reminders go to audience members without a marker: sent by a lead, or by `surveys_daily`
    # two days before closing when `auto_remind` is on. At most one a day.
    auto_remind = models.BooleanField(default=False)
    last_reminded_on = models.DateField(null=True, blank=True)
    # An archived survey leaves the leads' list (its results stay) and can be unarchived.
    archived_at = models.DateTimeField(null=True, blank=True)
    # A public survey is answered without an account: at /s/<public_token>/ (one answer a browser)
    # or, on a device a lead sets up, at the kiosk address (one answer a kiosk session, then reset).
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.STAFF)
    public_token = models.CharField(max_length=40, unique=True, null=True, blank=True)
    kiosk_token = models.CharField(max_length=40, unique=True, null=True, blank=True)

    class Meta:
        ordering = ("-opens_on", "title")

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def series_id_or_own(self) -> int:
        return self.series_id or self.pk

    def is_open(self, today: datetime.date | None = None) -> bool:
        # An archived survey never opens (only a survey not open yet may be archived).
        return self.archived_at is None and self.status(today) == SurveyStatus.OPEN

    def status(self, today: datetime.date | None = None) -> SurveyStatus:
        if self.state == SurveyState.DRAFT:
            return SurveyStatus.DRAFT
        today = today or timezone.localdate()
        if today < self.opens_on:
            return SurveyStatus.SCHEDULED
        return SurveyStatus.OPEN if today <= self.closes_on else SurveyStatus.CLOSED

    def status_text(self, today: datetime.date | None = None) -> str:
        return str(self.status(today).label)


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.text

    @property
    def options(self) -> list[str]:
        if self.kind == QuestionKind.LIKERT:
            return list(LIKERT_CHOICES)
        if self.kind == QuestionKind.NPS:
            return [str(n) for n in range(11)]
        return list(self.choices)


class SurveyResponse(models.Model):
    """One anonymous set of answers, keyed by question id. No user, no team, no time. A public
    survey's response also keeps the date it was given (never a time), so its results can feed a
    measure period by period; a staff response keeps none."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField(default=dict)
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("id",)
        indexes: ClassVar = [models.Index(fields=("survey",))]

    def __str__(self) -> str:
        return f"Response to {self.survey}"


class SurveyMarker(models.Model):
    """ "This person has answered": HMAC-SHA256(survey key, user id), nothing else."""

    digest = models.CharField(max_length=64, primary_key=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ("digest",)

    def __str__(self) -> str:
        return "Survey marker"


class Breakdown(models.TextChoices):
    TEAM = "team", "Team"
    ROLE = "role", "Role"


class SurveyTally(models.Model):
    """Counts of answers by team or by role, kept when each response is saved: never a row per
    response, and team and role never together, so no stored row narrows an answer to a person.

    `bucket` is a team id rolled up to the nearest team with at least k members (or "other"), or a
    group of roles with at least k members. `question` null: the bucket's number of responses;
    `option` "": the number who answered the question; otherwise the number who chose the option."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tallies")
    dimension = models.CharField(max_length=4, choices=Breakdown.choices)
    bucket = models.CharField(max_length=60)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    option = models.CharField(max_length=100, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("dimension", "bucket")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("survey", "dimension", "bucket", "question", "option"),
                condition=models.Q(question__isnull=False),
                name="surveytally_unique_option",
            ),
            models.UniqueConstraint(
                fields=("survey", "dimension", "bucket"),
                condition=models.Q(question__isnull=True),
                name="surveytally_unique_bucket",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.bucket}: {self.count}"


def survey_marker_digest(*, key: str, survey_id: int, user_id: int) -> str:
    return hmac.new(bytes.fromhex(key), f"{survey_id}:{user_id}".encode(), hashlib.sha256).hexdigest()


def public_marker_digest(*, key: str, survey_id: int, answerer: str) -> str:
    """A public answerer is a random id held in their browser's session (or the kiosk session), not a
    person: the marker stops a second answer from it and is deleted, with the key, at closing."""
    return hmac.new(bytes.fromhex(key), f"{survey_id}:public:{answerer}".encode(), hashlib.sha256).hexdigest()
