"""Partner organisations of an ICS project: other organisations of the same system that share a
project with the organisation that owns it (see `access.py` and ADR 0002). Django finds the model
through `models/__init__.py`."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from openqi.organisations.models import Organisation
from openqi.projects.models.projects import Project


class ProjectOrganisation(models.Model):
    """A partner organisation on a project. The project (and every row it owns) stays with its
    owning organisation; this row only lets the partner's members find it under their own URL."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partner_organisations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="shared_projects")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("organisation__name",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("project", "organisation"), name="project_organisation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.project}"
