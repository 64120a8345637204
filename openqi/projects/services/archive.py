"""Archiving a project: it leaves the default lists but stays reachable, and can be unarchived.

Nothing of the project is deleted; the audit entry holds its stage and title so the log reads on
its own, and unarchiving clears `archived_at`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.projects.models import Project


@transaction.atomic
def project_archive(*, actor: User, project: Project) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.is_archived:
        raise ValidationError(f"‘{project.title}’ is already archived.")
    project.archived_at = timezone.now()
    project.save(update_fields=["archived_at"])
    audit_log(
        actor=actor,
        action="project.archive",
        organisation=project.organisation,
        obj=project,
        detail={"title": project.title, "stage": project.stage, "visibility": project.visibility},
    )
    return project


@transaction.atomic
def project_unarchive(*, actor: User, project: Project) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not project.is_archived:
        raise ValidationError(f"‘{project.title}’ is not archived.")
    project.archived_at = None
    project.save(update_fields=["archived_at"])
    audit_log(
        actor=actor,
        action="project.unarchive",
        organisation=project.organisation,
        obj=project,
        detail={"title": project.title},
    )
    return project
