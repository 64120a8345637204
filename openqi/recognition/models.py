"""Recognition: thank-you notes, nominations with a panel's decision, and campaign prize draws.

Nothing here reads anonymous ideas, check-ins or survey answers: a person is recognised because
someone named them, or because of ideas they shared under their own name (docs/recognition.md)."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class NoteStatus(models.TextChoices):
    VISIBLE = "visible", "Visible"
    REPORTED = "reported", "Reported for review"
    HIDDEN = "hidden", "Hidden by a moderator"


class ThankYou(models.Model):
    """A note thanking one colleague or one team for something specific."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=NoteStatus.choices, default=NoteStatus.VISIBLE)
    reported_reason = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderation_reason = models.TextField(blank=True)
    shared_with = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False, team__isnull=True)
                | models.Q(recipient__isnull=True, team__isnull=False),
                name="thank_you_one_recipient_or_one_team",
            )
        ]

    def __str__(self) -> str:
        return f"Thank-you {self.pk}"


class NominationCategory(models.Model):
    """An award an organisation runs each month (improvement, improver, star of the month…)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ("name",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("organisation", "name"), name="nomination_category_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    SHORTLISTED = "shortlisted", "Shortlisted"
    WON = "won", "Winner"
    NOT_SELECTED = "not_selected", "Not selected"


class Nomination(models.Model):
    """Someone (or a team, or a piece of improvement work) put forward for a month's award."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(NominationCategory, on_delete=models.PROTECT, related_name="nominations")
    month = models.DateField(help_text="The first day of the month the award is for.")
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey("organisations.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    title = models.CharField(max_length=150, blank=True, help_text="The improvement, for an improvement award.")
    reason = models.TextField()
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=15, choices=NominationStatus.choices, default=NominationStatus.SUBMITTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    citation = models.TextField(blank=True, help_text="The panel's words, printed on the certificate.")

    class Meta:
        ordering = ("-month", "category__name", "-created_at")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("category", "month"),
                condition=models.Q(status="won"),
                name="nomination_one_winner_per_category_month",
            )
        ]

    def __str__(self) -> str:
        return f"Nomination {self.pk}"

    @property
    def nominee_label(self) -> str:
        if self.nominee is not None:
            return self.nominee.display_name
        if self.team is not None:
            return self.team.name
        return self.title


class CampaignChallenge(models.Model):
    """An individual target on an ideas campaign ("5 ideas in 2 weeks") and its prize draw.

    The draw is commit-then-reveal: `seed_commitment` (SHA-256 of a secret random seed) and the
    fixed entrant list are recorded, and audited, before anyone can see the seed; the draw then
    reveals the seed and the winners follow from it and the entrants by a published rule, so any
    panel member can recompute them (`recognition.draws`)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    campaign = models.OneToOneField("ideas.Campaign", on_delete=models.CASCADE, related_name="+")
    individual_target = models.PositiveIntegerField()
    prize = models.CharField(max_length=150)
    winners_wanted = models.PositiveSmallIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Fixed at the close: user ids in ascending order, and the commitment to the secret seed.
    entrant_ids = models.JSONField(default=list, blank=True)
    entrants_fixed_at = models.DateTimeField(null=True, blank=True)
    seed_commitment = models.CharField(max_length=64, blank=True)
    # Kept secret until the draw, then shown to the panel for verification.
    seed = models.CharField(max_length=64, blank=True)
    winner_ids = models.JSONField(default=list, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Challenge for campaign {self.campaign_id}"


class ChampionFocus(models.TextChoices):
    QI_METHOD = "qi_method", "QI method (Model for Improvement, PDSA)"
    CHECKINS = "checkins", "Daily check-ins"
    IDEAS = "ideas", "Ideas and campaigns"
    MEASURES = "measures", "Measurement and SPC charts"


class ChampionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Champion"
    DECLINED = "declined", "Declined"


class Champion(models.Model):
    """Someone who volunteered to spread improvement in their team, approved by a lead."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("organisations.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    focus = models.CharField(max_length=20, choices=ChampionFocus.choices)
    focus_detail = models.CharField(max_length=150, blank=True, help_text="A campaign or topic, in their words.")
    contact = models.CharField(max_length=150, help_text="How colleagues reach them: extension, bleep or email.")
    status = models.CharField(max_length=10, choices=ChampionStatus.choices, default=ChampionStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("team__name", "user__full_name")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("organisation", "user"), name="champion_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"Champion {self.pk}"
