"""Training: the ICS's levels, courses and their cohorts, learners' places, attendance per session,
completions (training records), certificates, interest, feedback, team applications, targets and
completion imports.

A cohort is ONE bookings `Occasion` (ADR 0025): a place on a four-day course is one place for all
its days, so capacity, the waiting list, offers and cancellation are the shared machinery's
(`openqi.bookings`), and this app keeps the dated sessions, the attendance at each of them and the
day-before reminder of each (`SessionReminder`). A `TrainingRecord` is the capability fact: this person completed a course at this
level on this date, whether through OpenQI or imported from ESR.
"""

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from openqi.bookings.models import Booking, Occasion

OWNER = "training.cohort"

DEFAULT_LEVELS: tuple[tuple[str, str], ...] = (
    ("Awareness", "Knows what quality improvement is and how to share an idea."),
    ("Foundation", "Can use the Model for Improvement and run a PDSA cycle with a team."),
    ("Practitioner", "Takes part in projects and uses run charts and SPC."),
    ("Leader", "Leads improvement projects and teams."),
    ("Coach", "Coaches project teams."),
    ("Sponsor", "Sponsors improvement as a senior leader."),
)
LEADER_LEVEL = "Leader"


class Level(models.Model):
    """A capability tier, set per ICS (awareness … sponsor by default; bronze/silver/gold if preferred)."""

    system = models.ForeignKey("organisations.System", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=60)
    rank = models.PositiveSmallIntegerField(help_text="Higher ranks are more advanced")
    description = models.CharField(max_length=300, blank=True)
    # The ICS's leader threshold (one level at most): an active project led by someone trained at
    # this level or above counts as led by a trained leader. "Leader" by default; "Gold" if preferred.
    leader = models.BooleanField(default=False)

    class Meta:
        ordering = ("rank", "pk")
        constraints: ClassVar = [models.UniqueConstraint(fields=("system", "name"), name="training_level_unique")]

    def __str__(self) -> str:
        return self.name


class CourseFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    ELEARNING = "elearning", "E-learning"


class Course(models.Model):
    """A training offer run by one organisation (the provider) for staff of the ICS."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="courses")
    title = models.CharField(max_length=200)
    summary = models.TextField()
    format = models.CharField(max_length=12, choices=CourseFormat.choices, default=CourseFormat.IN_PERSON)
    length = models.CharField(max_length=60, help_text="For example: 3 hours, 4 days")
    learning_outcomes = models.TextField(blank=True)
    prerequisites = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="+")
    elearning_url = models.URLField(blank=True)
    external_booking_url = models.URLField(blank=True, help_text="Where the trust books through ESR or similar")
    # Empty: staff of every organisation in the ICS may book.
    open_to = models.ManyToManyField("organisations.Organisation", blank=True, related_name="+")
    partners_may_book = models.BooleanField(default=False)
    requires_project = models.BooleanField(default=False)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("level__rank", "title")

    def __str__(self) -> str:
        return self.title


class Cohort(models.Model):
    """One run of a course: one bookable occasion with several dated sessions."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="cohorts")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    occasion = models.OneToOneField(Occasion, on_delete=models.PROTECT, related_name="training_cohort")
    venue = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("occasion__starts_at", "pk")

    def __str__(self) -> str:
        return f"{self.course} ({self.occasion.starts_at:%d %b %Y})"


class Session(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ("starts_at", "pk")

    def __str__(self) -> str:
        return f"Session {self.starts_at:%d %b %Y %H:%M}"


class Enrolment(models.Model):
    """A learner's place on a cohort: the training side of a bookings `Booking`, with the QI challenge
    they bring. `organisation` is the learner's organisation (whose capability it counts in)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="training_enrolment")
    challenge = models.TextField(blank=True)
    project = models.ForeignKey("projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "pk")
        constraints: ClassVar = [models.UniqueConstraint(fields=("cohort", "user"), name="training_enrolment_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} on cohort {self.cohort_id}"


class SessionAttendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    attended = models.BooleanField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("session", "enrolment"), name="training_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} at {self.session_id}: {self.attended}"


class SessionReminder(models.Model):
    """The sent-marker of a day-before reminder: one per learner's place and session, so a
    scheduled run repeated (or a task retried) sends nothing more."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("session", "enrolment"), name="training_session_reminder_unique")
        ]

    def __str__(self) -> str:
        return f"Reminder of session {self.session_id} to {self.enrolment_id}"


class RecordSource(models.TextChoices):
    OPENQI = "openqi", "OpenQI"
    IMPORT = "import", "Imported from ESR"


def new_code() -> str:
    return secrets.token_hex(6).upper()


class TrainingRecord(models.Model):
    """A completion: who, which course and level, when. Counted on the capability dashboard."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The learner's team at completion: the dashboard counts by team without joining memberships.
    team = models.ForeignKey("organisations.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField()
    source = models.CharField(max_length=10, choices=RecordSource.choices, default=RecordSource.OPENQI)
    enrolment = models.OneToOneField(Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="record")
    certificate_code = models.CharField(max_length=12, unique=True, default=new_code)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-completed_on", "pk")
        indexes: ClassVar = [
            # Covering indexes for the dashboard's grouped counts (people per level, per team and
            # level, per organisation, completions per day and level): read from the index alone.
            models.Index(fields=("organisation", "level", "user"), name="training_record_org_level"),
            models.Index(fields=("organisation", "team", "level", "user"), name="training_record_org_team"),
            models.Index(fields=("organisation", "user"), name="training_record_org_user"),
            models.Index(fields=("organisation", "completed_on", "level"), name="training_record_org_date"),
        ]
        constraints: ClassVar = [
            # An import repeated, or a completion recorded twice, makes one record.
            models.UniqueConstraint(fields=("user", "course", "completed_on"), name="training_record_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.course_id} on {self.completed_on}"


class CourseProject(models.Model):
    """A project that grew out of a course (the learner's challenge): projects' models stay unchanged."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Project {self.project_id} from course {self.course_id}"


class Interest(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=("course", "user"), name="training_interest_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} interested in {self.course_id}"


class Feedback(models.Model):
    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Feedback {self.rating}/5 on {self.enrolment_id}"


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class TeamApplication(models.Model):
    """A team applying together for a cohort with the project they will work on."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="applications")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    status = models.CharField(max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Team application {self.pk} ({self.status})"


class CapabilityTarget(models.Model):
    """The share of staff an organisation aims to have trained at a level."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="+")
    percent = models.PositiveSmallIntegerField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("organisation", "level"), name="training_target_unique"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="training_target_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.level_id}: {self.percent}%"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    CONFIRMED = "confirmed", "Imported"
    CANCELLED = "cancelled", "Cancelled"


class CompletionImport(models.Model):
    """An uploaded completions file, read and checked, waiting for a lead to confirm it."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)  # [user_id, course_id, "YYYY-MM-DD"] per good row
    errors = models.JSONField(default=list)  # {"line": n, "message": "..."}
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    created_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"
