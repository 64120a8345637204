"""System ideas and collaboratives: the network's ICS-level improvement work (issue 15, ADR 0029).

A system idea crosses services or organisations, so it belongs to the ICS's CQI team rather than
to one organisation's triage. It follows the ideas app's anonymity rule row for row (ADR 0007):
numbered at random (`UnorderedId`), no author link, no time of day and no audit row when anonymous,
a follow-up code of which only the hash is kept. The organisations it touches are a list of ids on
the row, not rows of a link table, whose sequential numbers would order an anonymous idea against
the named ones written around it.

A collaborative is a programme: projects of several organisations with one shared aim and shared
measures (one operational definition, named by its measures in each organisation).
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from openqi.ideas.models import Status, UnorderedId
from openqi.network.models import Event, Member, Topic
from openqi.organisations.models import Organisation, System


class SystemIdeaIdentity(models.TextChoices):
    NAMED = "named", "Named to the CQI team only: nobody else sees my name"
    ANONYMOUS = "anonymous", "Anonymous: nobody can see who I am, not even the CQI team"


class SystemIdeaSource(models.TextChoices):
    STAFF = "staff", "Staff with an OpenQI account"
    MEMBER = "member", "Network member"
    PUBLIC = "public", "Patient or public"


class SystemIdea(UnorderedId):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="system_ideas")
    title = models.CharField(max_length=150)
    problem = models.TextField()
    suggestion = models.TextField(blank=True)
    services = models.CharField(max_length=300, blank=True)
    organisation_ids = models.JSONField(default=list, blank=True)
    identity = models.CharField(max_length=20, choices=SystemIdeaIdentity.choices)
    source = models.CharField(max_length=10, choices=SystemIdeaSource.choices)
    # Empty for anonymous ideas: nothing links them to a person.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by_member = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    submitted_on = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True)  # named ideas only
    follow_up_hash = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    public_answer = models.TextField("You said, we did", blank=True)
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("-submitted_on", "-id")
        indexes: ClassVar = [
            models.Index(fields=("system", "status", "-submitted_on"), name="network_sysidea_inbox"),
            models.Index(fields=("system", "-answered_on"), name="network_sysidea_answered"),
        ]

    def __str__(self) -> str:
        return f"System idea {self.pk}: {self.title}"

    @property
    def is_anonymous(self) -> bool:
        return self.identity == SystemIdeaIdentity.ANONYMOUS


class SystemIdeaEventKind(models.TextChoices):
    SUBMITTED = "submitted", "Shared"
    STATUS = "status", "Status changed"
    ANSWERED = "answered", "You said, we did"


class SystemIdeaEvent(UnorderedId):
    """One step in a system idea's history; the anonymous author's keep a date only."""

    idea = models.ForeignKey(SystemIdea, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=SystemIdeaEventKind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    message = models.TextField(blank=True)  # to the person who shared it
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_on = models.DateField()
    created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_on", models.F("created_at").asc(nulls_first=True), "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on system idea {self.idea_id}"


class Collaborative(models.Model):
    """A programme: teams of several organisations working on one aim with the same measures."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="collaboratives")
    title = models.CharField(max_length=150)
    aim = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("title", "pk")

    def __str__(self) -> str:
        return self.title


class SharedMeasure(models.Model):
    """One measure every team collects the same way: its name and operational definition."""

    collaborative = models.ForeignKey(Collaborative, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=150)
    definition = models.TextField("Operational definition")

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.name


class CollaborativeTeam(models.Model):
    """An organisation's project taking part. `project` is one of that organisation's projects."""

    collaborative = models.ForeignKey(Collaborative, on_delete=models.CASCADE, related_name="teams")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("organisation__name", "pk")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("collaborative", "project"), name="network_collab_project_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.collaborative}"


class TeamMeasure(models.Model):
    """Which of a team's linked measures (a `projects.ProjectLink` of kind measure) collects a
    shared measure: the collaborative page draws that measure's chart beside the other teams'."""

    team = models.ForeignKey(CollaborativeTeam, on_delete=models.CASCADE, related_name="measure_links")
    shared_measure = models.ForeignKey(SharedMeasure, on_delete=models.CASCADE, related_name="team_links")
    project_link = models.ForeignKey("projects.ProjectLink", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("team", "shared_measure"), name="network_collab_measure_once"),
        ]

    def __str__(self) -> str:
        return f"{self.shared_measure} for {self.team}"


class LearningSession(models.Model):
    """A network event that is one of the collaborative's learning sessions."""

    collaborative = models.ForeignKey(Collaborative, on_delete=models.CASCADE, related_name="sessions")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ("event__occasion__starts_at", "pk")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("collaborative", "event"), name="network_collab_session_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event} for {self.collaborative}"


class Invitation(models.Model):
    """A CQI team's invitation of members with one interest to one event. `InvitationRecipient`
    rows (unique per invitation and member) make sure nobody is invited twice to an event."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"Invitation to {self.event} for {self.topic}"


class InvitationRecipient(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="recipients")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            # Never twice: one invitation per member per event, whichever interest found them.
            models.UniqueConstraint(fields=("event", "member"), name="network_invite_once"),
        ]
        indexes: ClassVar = [models.Index(fields=("invitation", "sent_at"), name="network_invite_pending")]

    def __str__(self) -> str:
        return f"{self.member_id} invited to {self.event_id}"
