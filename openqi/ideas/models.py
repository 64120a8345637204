"""Improvement ideas from staff and the public, their triage history, support and answers.

Anonymity is a property of the row, not of the page: an anonymous idea has no submitter, no IP
address, no user agent and a date instead of a time (`submitted_on`; `submitted_at` stays empty).
Its submitter follows it with a private code of which only a hash is kept.
"""

import datetime
import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from openqi.anonymity import unordered_id
from openqi.vocabulary import Domain


class Identity(models.TextChoices):
    NAMED = "named", "Named: everyone can see my name"
    QI_TEAM = "qi_team", "Named to the QI team only"
    ANONYMOUS = "anonymous", "Anonymous: nobody can see who I am, not even the QI team"


class Source(models.TextChoices):
    STAFF = "staff", "Staff"
    PUBLIC = "public", "Patient or public"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    NEEDS_INFO = "needs_info", "Needs more information"
    ACCEPTED = "accepted", "Accepted"
    NOT_TAKEN_FORWARD = "not_taken_forward", "Not taken forward"
    IMPLEMENTED = "implemented", "Implemented"
    DUPLICATE = "duplicate", "Duplicate"


class AcceptedAs(models.TextChoices):
    WILL_DO = "will_do", "We will do it"
    BEING_TESTED = "being_tested", "Being tested"
    NEEDS_PROJECT = "needs_project", "Needs a project"


class Moderation(models.TextChoices):
    """Public submissions wait for a lead before anyone sees them."""

    NOT_NEEDED = "not_needed", "Not needed"
    PENDING = "pending", "Waiting for moderation"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


# Where each status may go next. "Closed" statuses can be reopened for review.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.SUBMITTED: (
        Status.UNDER_REVIEW,
        Status.NEEDS_INFO,
        Status.ACCEPTED,
        Status.NOT_TAKEN_FORWARD,
        Status.DUPLICATE,
    ),
    Status.UNDER_REVIEW: (Status.NEEDS_INFO, Status.ACCEPTED, Status.NOT_TAKEN_FORWARD, Status.DUPLICATE),
    Status.NEEDS_INFO: (Status.UNDER_REVIEW, Status.ACCEPTED, Status.NOT_TAKEN_FORWARD, Status.DUPLICATE),
    Status.ACCEPTED: (Status.IMPLEMENTED, Status.NOT_TAKEN_FORWARD, Status.UNDER_REVIEW),
    Status.NOT_TAKEN_FORWARD: (Status.UNDER_REVIEW,),
    Status.IMPLEMENTED: (),
    Status.DUPLICATE: (Status.UNDER_REVIEW,),
}
# Statuses that close the loop with a public "you said, we did" answer.
ANSWERABLE = (Status.IMPLEMENTED, Status.NOT_TAKEN_FORWARD)


def hash_code(code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_follow_up_code() -> tuple[str, str]:
    """A readable 16-character code in groups of four (80 bits) and its hash."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    code = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
    return code, hash_code(code)


class UnorderedId(models.Model):
    """Rows numbered at random rather than by a sequence (issue 11, defect 7): an anonymous idea
    or reply must not be numbered between the named rows (with their times) written just before
    and after it. Every row of the model is numbered this way, not only the anonymous ones, since
    SQLite numbers the next row one above the largest number in the table."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not (self._state.adding and self.pk is None):
            super().save(*args, **kwargs)
            return
        kwargs["force_insert"] = True  # a new number: no UPDATE to try first
        for attempt in range(5):
            self.pk = unordered_id()
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
                return
            except IntegrityError:
                # Only a number already taken is drawn again; any other conflict is the caller's.
                if attempt == 4 or not type(self)._default_manager.filter(pk=self.pk).exists():
                    self.pk = None
                    raise


class Campaign(models.Model):
    """A time-boxed push for ideas on one question ("5 ideas in 2 weeks"), with a closing report."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="campaigns")
    title = models.CharField(max_length=150)
    question = models.TextField()
    team = models.ForeignKey("organisations.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    target = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closing_report = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("-starts_on", "-id")

    def __str__(self) -> str:
        return f"Campaign {self.pk}: {self.title}"

    def is_open_on(self, day: "datetime.date") -> bool:
        return self.closed_on is None and self.starts_on <= day <= self.ends_on


class Idea(UnorderedId):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="ideas")
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas")
    title = models.CharField(max_length=150)
    problem = models.TextField()
    suggestion = models.TextField()
    team = models.ForeignKey("organisations.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # ",safe,timely," so one portable `contains` filter finds a domain on SQLite and PostgreSQL.
    domains = models.CharField(max_length=120, blank=True)
    identity = models.CharField(max_length=20, choices=Identity.choices)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.STAFF)
    # Empty for anonymous and public ideas: nothing links them to a person.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_on = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True)  # named ideas only
    follow_up_hash = models.CharField(max_length=64, blank=True, db_index=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    accepted_as = models.CharField(max_length=20, choices=AcceptedAs.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    response_due = models.DateField(null=True, blank=True)
    moderation = models.CharField(max_length=12, choices=Moderation.choices, default=Moderation.NOT_NEEDED)

    public_answer = models.TextField("You said, we did", blank=True)
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("-submitted_on", "-id")
        indexes: ClassVar = [
            models.Index(fields=("organisation", "status")),
            models.Index(fields=("organisation", "-answered_on")),
            # Lets the similar-ideas index check its scope's fingerprint from the index alone.
            models.Index(fields=("organisation", "moderation", "status", "id"), name="idea_similarity_scope"),
            models.Index(fields=("organisation", "-submitted_on", "-id"), name="idea_list_order"),
        ]

    def __str__(self) -> str:
        return f"Idea {self.pk}: {self.title}"

    @property
    def is_anonymous(self) -> bool:
        return self.identity == Identity.ANONYMOUS

    @property
    def domain_list(self) -> list[str]:
        return [d for d in self.domains.split(",") if d]

    @property
    def domain_labels(self) -> list[str]:
        labels = dict(Domain.choices)
        return [str(labels[d]) for d in self.domain_list if d in labels]

    @staticmethod
    def pack_domains(values: list[str]) -> str:
        chosen = [d for d in Domain.values if d in values]
        return "," + ",".join(chosen) + "," if chosen else ""

    @property
    def status_text(self) -> str:
        text = str(self.get_status_display())
        if self.status == Status.ACCEPTED and self.accepted_as:
            text += f": {AcceptedAs(self.accepted_as).label.lower()}"
        return text


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    STATUS = "status", "Status changed"
    ASSIGNED = "assigned", "Assigned"
    REPLY = "reply", "Reply from the person who shared it"
    ANSWERED = "answered", "You said, we did"
    MODERATED = "moderated", "Moderated"


class IdeaEvent(UnorderedId):
    """One step in an idea's history. Steps taken by an anonymous submitter keep a date only."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    # A message to the person who shared the idea (shown on the idea and the follow-up page).
    message = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_on = models.DateField()
    created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Within a day, events with a time in time order; events with none (the anonymous author's
        # submission and replies) first, since their place among the others would time them.
        ordering = ("created_on", models.F("created_at").asc(nulls_first=True), "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on idea {self.idea_id}"


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    # Empty once the author's account is erased (openqi/ideas/privacy.py): the discussion stays,
    # shown as by a former member.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"Comment on idea {self.idea_id}"


class IdeaMention(models.Model):
    """A colleague named in a comment ("@"): told about it, and shown with the comment."""

    comment = models.ForeignKey(IdeaComment, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=("comment", "user"), name="idea_mention_unique")]

    def __str__(self) -> str:
        return f"Mention in comment {self.comment_id}"


class IdeaSupport(models.Model):
    """ "Me too": a person backs an idea."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=("idea", "user"), name="idea_support_unique")]

    def __str__(self) -> str:
        return f"Support for idea {self.idea_id}"


class IdeaFollow(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=("idea", "user"), name="idea_follow_unique")]

    def __str__(self) -> str:
        return f"Following idea {self.idea_id}"


class IdeaEmbedding(models.Model):
    """An idea's sentence vector for similar-idea detection, computed by a background task."""

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="embedding")
    model_name = models.CharField(max_length=60)
    vector = models.BinaryField()  # float32, L2-normalised

    def __str__(self) -> str:
        return f"Embedding of idea {self.idea_id}"
