"""Projects built through the services, as a lead of organisation A would."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from openqi.projects import services
from openqi.projects.models import Project


def future(days: int = 120) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def project(personas: Any) -> Project:
    return services.project_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Fewer falls on Ward 9",
        problem="Falls with harm have doubled this year.",
        domains=["safe"],
    )


@pytest.fixture
def project_with_aim(project: Project, personas: Any) -> Project:
    return services.project_aim_set(
        actor=personas.lead.user,
        project=project,
        what="Reduce falls with harm",
        amount=30,  # type: ignore[arg-type]
        unit="%",
        by=future(),
        for_whom="patients on Ward 9",
    )
