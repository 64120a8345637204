"""Daily check-ins ("How is work today?"), anonymous by design (docs/adr/0006-checkin-anonymity.md).

A `CheckIn` holds no user, no IP, no user agent and no time of day: a date only, and a random
UUID key so that key order says nothing about who answered when. The one-per-day rule rests on
`CheckInMarker`, an HMAC of the person and the day keyed with that day's random secret
(`CheckInDayKey`); secrets and markers are deleted once the day is over, after which nobody can
tell whether a given person checked in at all.
"""

import datetime
import hashlib
import hmac
import secrets
import uuid
from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from openqi.anonymity import DEFAULT_K, MIN_K
from openqi.organisations.models import Organisation, Team

DEFAULT_REASONS = [
    "Staffing",
    "Workload",
    "Equipment",
    "Team working",
    "Patient care",
    "Learning",
    "Wellbeing",
]


class Score(models.IntegerChoices):
    VERY_GOOD = 5, "Very good"
    GOOD = 4, "Good"
    OK = 3, "Neither good nor bad"
    BAD = 2, "Bad"
    VERY_BAD = 1, "Very bad"


GOOD_SCORES = (Score.VERY_GOOD, Score.GOOD)


def _default_reasons() -> list[str]:
    return list(DEFAULT_REASONS)


class CheckinSettings(models.Model):
    """An organisation's reporting threshold k and its list of reasons."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="checkin_settings")
    reporting_k = models.PositiveSmallIntegerField(
        "Reporting threshold (k)", default=DEFAULT_K, validators=[MinValueValidator(MIN_K)]
    )
    reasons = models.JSONField(default=_default_reasons)

    def __str__(self) -> str:
        return f"Check-in settings for {self.organisation}"


class CheckIn(models.Model):
    """One anonymous answer. Deliberately no user, no IP, no user agent, no time of day."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    date = models.DateField()
    score = models.PositiveSmallIntegerField(choices=Score.choices)
    reasons = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True)
    hidden = models.BooleanField(default=False)

    class Meta:
        # Date, then the random key: the order of rows says nothing about who answered first.
        ordering = ("-date", "id")
        indexes: ClassVar = [models.Index(fields=("organisation", "date"))]

    def __str__(self) -> str:
        return f"Check-in on {self.date}"


class _ScoreCounts(models.Model):
    """A team's check-ins in a period counted by score (no identity, no comments)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", db_index=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    responses = models.PositiveIntegerField(default=0)
    score_1 = models.PositiveIntegerField(default=0)
    score_2 = models.PositiveIntegerField(default=0)
    score_3 = models.PositiveIntegerField(default=0)
    score_4 = models.PositiveIntegerField(default=0)
    score_5 = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class CheckInDay(_ScoreCounts):
    """One team's check-ins on one day, counted by score: what the reports read instead of raw
    rows (with `CheckInWeek` and `CheckInWeekReason`). Counts only: no identity, no comments.
    `team` is null for answers given without a team.

    Kept by `openqi.checkins.aggregates` in the same transaction as each check-in."""

    date = models.DateField()

    class Meta:
        ordering = ("date",)
        indexes: ClassVar = [models.Index(fields=("organisation", "date"), name="checkinday_org_date")]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("organisation", "team", "date"),
                condition=models.Q(team__isnull=False),
                name="checkinday_unique_team_date",
            ),
            models.UniqueConstraint(
                fields=("organisation", "date"), condition=models.Q(team__isnull=True), name="checkinday_unique_date"
            ),
        ]

    def __str__(self) -> str:
        return f"Check-ins on {self.date}"


class CheckInWeek(_ScoreCounts):
    """`CheckInDay` summed over a week (Monday to Sunday): the organisation-wide block decisions
    read a week per team instead of seven days."""

    week = models.DateField(help_text="The Monday the week begins on")

    class Meta:
        ordering = ("week",)
        indexes: ClassVar = [models.Index(fields=("organisation", "week"), name="checkinweek_org_week")]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("organisation", "team", "week"),
                condition=models.Q(team__isnull=False),
                name="checkinweek_unique_team_week",
            ),
            models.UniqueConstraint(
                fields=("organisation", "week"), condition=models.Q(team__isnull=True), name="checkinweek_unique_week"
            ),
        ]

    def __str__(self) -> str:
        return f"Check-ins in the week of {self.week}"


class CheckInWeekReason(models.Model):
    """How many of one team's check-ins in one week chose a reason (a check-in may choose several).
    Weekly, not daily: reasons are only ever reported for whole four-week blocks."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", db_index=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    week = models.DateField(help_text="The Monday the week begins on")
    reason = models.CharField(max_length=60)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("week", "reason")
        indexes: ClassVar = [models.Index(fields=("organisation", "week"), name="checkinreason_org_week")]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("organisation", "team", "week", "reason"),
                condition=models.Q(team__isnull=False),
                name="checkinreason_unique_team",
            ),
            models.UniqueConstraint(
                fields=("organisation", "week", "reason"),
                condition=models.Q(team__isnull=True),
                name="checkinreason_unique_no_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason} in the week of {self.week}"


class CheckInDecision(models.Model):
    """One complete week's (or four-week block's) suppression decision for the whole team tree,
    published once by the first reader so that a page reads it and its own subtree's counts only
    (ADR 0006, "Published decisions"). `tree` is a digest of the team tree, k and the reasons: a
    change to any of them makes new decisions, and the old ones are deleted when the new are
    published. Aggregate writes to a week delete its decisions (`openqi.checkins.aggregates`)."""

    class Kind(models.TextChoices):
        WEEK = "week", "Week, decided as one bucket"
        DAYS = "days", "Week and its days"
        REASONS = "reasons", "Reasons over a four-week block"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", db_index=False)
    tree = models.CharField(max_length=64)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    period = models.DateField(help_text="The Monday of the week, or of the block's first week")
    created_at = models.DateTimeField(default=timezone.now)
    # Names this publication for a process's cache of its cells (which never change once
    # written), so that no reused primary key can ever bring back another decision's cells.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ("period",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("organisation", "tree", "kind", "period"), name="checkindecision_unique")
        ]

    def __str__(self) -> str:
        return f"Check-in decision ({self.kind}) for {self.period}"


class CheckInShownCell(models.Model):
    """A cell a published decision shows: a node's week (with the weekdays it shows, bit 0 for
    Monday, in a `days` decision), or a reason for a node over a block. No row: not shown.
    `team` is a team's id, or null for the organisation itself; a plain number, since a change to
    the tree replaces the decision anyway."""

    decision = models.ForeignKey(CheckInDecision, on_delete=models.CASCADE, related_name="cells", db_index=False)
    team = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=60, blank=True, default="")
    days = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes: ClassVar = [models.Index(fields=("decision", "team"), name="checkinshowncell_decision_team")]

    def __str__(self) -> str:
        return "Shown check-in cell"


class CheckInDayKey(models.Model):
    """A random secret for one day's markers; deleted (with the markers) once the day is over."""

    date = models.DateField(primary_key=True)
    key = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"Day key for {self.date}"

    @staticmethod
    def new_key() -> str:
        return secrets.token_hex(32)


class CheckInMarker(models.Model):
    """ "Someone checked in today": HMAC-SHA256(day key, organisation and user) and nothing else.

    Keyed by the digest itself, so markers sort by a pseudo-random value, never by insertion."""

    digest = models.CharField(max_length=64, primary_key=True)
    date = models.DateField(db_index=True)

    class Meta:
        ordering = ("digest",)

    def __str__(self) -> str:
        return "Check-in marker"


class KioskDevice(models.Model):
    """A shared ward device: anyone at it can answer for the team, without signing in.

    Only a hash of the link's token is stored; a lead creates and revokes devices."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        token = secrets.token_urlsafe(24)
        return token, cls.hash_token(token)


def marker_digest(*, key: bytes, organisation_id: int, user_id: int, day: datetime.date) -> str:
    """The marker for one person in one organisation on one day; irreversible without the day's key."""
    message = f"{organisation_id}:{user_id}:{day.isoformat()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
