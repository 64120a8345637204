"""A project's sustainability assessments: each member's own scores first, then the team's
agreed score in a facilitated step. Levels are 1–4 per factor of the model in `scoring`."""

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from openqi.organisations.models import Organisation
from openqi.projects.models import Project


class Assessment(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sustainability_assessments")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the facilitated step agreed the team's levels; the assessment is then closed.
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Kept with the assessment so repeat assessments can chart the team's diversity of opinion.
    diversity = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    individual_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-created_at",)
        indexes: ClassVar = [models.Index(fields=("organisation", "project"), name="sustain_org_project")]

    def __str__(self) -> str:
        return f"Sustainability assessment of {self.project} ({self.created_at:%Y-%m-%d})"

    @property
    def is_agreed(self) -> bool:
        return self.agreed_at is not None


LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class IndividualScore(models.Model):
    """One member's level for one factor, with why. Shown to the team only as a spread."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="individual_scores")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    factor = models.CharField(max_length=40)
    level = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("factor",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("assessment", "user", "factor"), name="sustain_individual_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="sustain_individual_level"),
        ]

    def __str__(self) -> str:
        return f"{self.factor}: {self.level}"


class TeamScore(models.Model):
    """The team's agreed level for one factor."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="team_scores")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    factor = models.CharField(max_length=40)
    level = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ("factor",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("assessment", "factor"), name="sustain_team_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="sustain_team_level"),
        ]

    def __str__(self) -> str:
        return f"{self.factor}: {self.level}"
