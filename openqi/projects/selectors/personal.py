"""PDSA cycles that wait for someone: what the personal home ("What needs you") lists."""

import datetime

from django.db.models import F, Q, QuerySet

from openqi.organisations.models import Organisation
from openqi.projects.models import EDITOR_ROLES, PdsaCycle, PdsaStatus, ProjectMember


def pdsa_cycles_due_for_study(*, organisation: Organisation, user_id: int, today: datetime.date) -> QuerySet[PdsaCycle]:
    """Cycles of this organisation's live projects where the person is on the project team (who
    may write the Study): those in Study, and those being done whose planned date has passed."""
    projects = ProjectMember.objects.filter(
        organisation=organisation, user_id=user_id, role__in=EDITOR_ROLES, project__archived_at__isnull=True
    ).values("project_id")
    due = Q(status=PdsaStatus.STUDYING) | Q(status=PdsaStatus.DOING, plan_when__lte=today)
    return (
        PdsaCycle.objects.filter(organisation=organisation, project_id__in=projects)
        .filter(due)
        .select_related("project")
        .order_by(F("plan_when").asc(nulls_first=True), "project_id", "number")
    )
