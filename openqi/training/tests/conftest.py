import datetime
from typing import Any

import pytest
from django.utils import timezone

from openqi.training import services
from openqi.training.models import Cohort, Course, Level


def level(personas: Any, name: str) -> Level:
    services.levels_ensure(system=personas.org_a.system)
    return Level.objects.get(system=personas.org_a.system, name=name)


def make_course(
    personas: Any, *, title: str = "Introduction to Quality Improvement", level_name: str = "Foundation", **kwargs: Any
) -> Course:
    return services.course_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        level=level(personas, level_name),
        title=title,
        summary="The Model for Improvement in three hours. Bring a real challenge.",
        format="in_person",
        length="3 hours",
        **kwargs,
    )


def make_cohort(personas: Any, course: Course, *, sessions: int = 1, capacity: int = 10) -> Cohort:
    start = timezone.now() + datetime.timedelta(days=7)
    return services.cohort_create(
        actor=personas.lead.user,
        course=course,
        sessions=[
            (start + datetime.timedelta(days=n), start + datetime.timedelta(days=n, hours=3)) for n in range(sessions)
        ],
        capacity=capacity,
        venue="Education Centre, Room 2",
    )


def start_now(cohort: Cohort) -> None:
    """Move the cohort's sessions into the past so attendance can be taken."""
    shift = cohort.occasion.starts_at - (timezone.now() - datetime.timedelta(days=10))
    for session in cohort.sessions.all():
        session.starts_at -= shift
        session.ends_at -= shift
        session.save()
    cohort.occasion.starts_at -= shift
    cohort.occasion.ends_at -= shift
    cohort.occasion.save()


@pytest.fixture
def course(personas: Any) -> Course:
    return make_course(personas)


@pytest.fixture
def cohort(personas: Any, course: Course) -> Cohort:
    return make_cohort(personas, course)
