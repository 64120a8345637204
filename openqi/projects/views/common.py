"""Helpers shared by the project views."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from openqi.organisations.access import OrgAccess
from openqi.projects.access import ProjectAccess, project_access_get
from openqi.projects.presenters import aim_sentence


def user_id_of(request: HttpRequest) -> int:
    # org_view has already sent anyone signed out to sign in.
    return int(request.user.pk or 0)


def project_for(request: HttpRequest, access: OrgAccess, project_id: int) -> ProjectAccess:
    return project_access_get(access=access, user_id=user_id_of(request), project_id=project_id)


def aim_of(project: Any) -> str:
    return aim_sentence(
        what=project.aim_what,
        amount=project.aim_amount,
        unit=project.aim_unit,
        by=project.aim_by,
        for_whom=project.aim_for_whom,
    )


def detail_url(pa: ProjectAccess) -> str:
    return reverse("projects:project_detail", args=[pa.org.organisation.slug, pa.project.pk])


def page_context(pa: ProjectAccess, **extra: Any) -> dict[str, Any]:
    # `organisation` is the viewer's: every link stays under their own /o/<slug>/ (a partner
    # organisation's members reach a shared project there); `led_by` names the owner when it differs.
    led_by = None if pa.is_owner else pa.project.organisation
    return {"pa": pa, "project": pa.project, "organisation": pa.org.organisation, "led_by": led_by, **extra}


def id_from_query(value: str) -> int | None:
    """A database id from a query string, or None (too long a number would overflow the database)."""
    return int(value) if value.isdigit() and len(value) <= 9 else None
