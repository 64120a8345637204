"""A team's huddle board (cards in columns), its process control board (work required against
work completed, per category per day) and the read-only screen links for a TV on the ward."""

import hashlib
import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from openqi.organisations.models import Organisation, Team
from openqi.projects.models import Project


class Column(models.TextChoices):
    NEW = "new", "New"
    DOING = "doing", "Doing"
    DONE = "done", "Done"


class Card(models.Model):
    """An idea or action on a team's huddle board."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    column = models.CharField(max_length=10, choices=Column.choices, default=Column.NEW)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due = models.DateField(null=True, blank=True)
    # Where the card came from, in words ("Sustainability assessment of …"); never a person.
    source = models.CharField(max_length=300, blank=True)
    # The project the action is for (a weak factor of its sustainability assessment), always in the
    # card's organisation; the project page lists the open ones. Boards sit above projects, so the
    # link runs this way only.
    project = models.ForeignKey(Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Removed from the board (ADR 0012): kept, so Undo and the removed cards page can restore it.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("due", "created_at")
        indexes: ClassVar = [models.Index(fields=("organisation", "team", "column"), name="board_card_team_column")]

    def __str__(self) -> str:
        return self.title


class ControlCategory(models.Model):
    """One line of a process control board, e.g. 'Discharges'."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)
        constraints: ClassVar = [models.UniqueConstraint(fields=("team", "name"), name="board_category_unique")]

    def __str__(self) -> str:
        return self.name


class ControlDay(models.Model):
    """A category's counts for one day: kept, so the day's history can be charted."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(ControlCategory, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()
    required = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-date",)
        constraints: ClassVar = [models.UniqueConstraint(fields=("category", "date"), name="board_day_unique")]

    def __str__(self) -> str:
        return f"{self.category} {self.date}: {self.completed}/{self.required}"


class FedCount(models.TextChoices):
    COMPLETED = "completed", "Completed"
    REQUIRED = "required", "Required"


class ControlFeed(models.Model):
    """A control category feeding a daily measure of the same organisation: each completed day's
    count becomes that day's point, written through the measures app's own checked bulk write
    (`boards/control_feeds.py`), so the history gets the measure's SPC chart and icons."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    category = models.OneToOneField(ControlCategory, on_delete=models.CASCADE, related_name="feed")
    # By reference to the measures app's model (as co-production's survey feeds); boards reads and
    # writes measures only through that app's selectors and services.
    measure = models.ForeignKey("measures.Measure", on_delete=models.CASCADE, related_name="+")
    count = models.CharField(max_length=10, choices=FedCount.choices, default=FedCount.COMPLETED)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    last_fed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("category__name",)

    def __str__(self) -> str:
        return f"{self.category} to measure {self.measure_id}"


class ScreenLink(models.Model):
    """A read-only link for a ward screen: shows the team's board, changes nothing. Only a hash
    of its token is kept; a lead creates and revokes it (like a check-in kiosk)."""

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


class HuddleLog(models.Model):
    """A record of one huddle: when, who came (or only how many), what was discussed and which
    actions were agreed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    # How many came. With names recorded it is the number of names at the time of recording, and
    # stays so when someone's account is later erased (they leave `attendees`, not the count).
    attended = models.PositiveIntegerField()
    # Whether the team chose to record who came. The last log's choice is the team's preference:
    # the next log's form starts with it (a count only until a team chooses names).
    names_recorded = models.BooleanField(default=False)
    # The team's members ticked as present; empty when only a count was recorded.
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    discussed = models.TextField()
    actions = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-date", "-created_at")

    def __str__(self) -> str:
        return f"Huddle {self.date}"
