"""Projects the token's person may see, with their aim, driver diagram, PDSA cycles and linked
measures (read through the projects selectors; visibility exactly as the web app's)."""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from openqi.api.auth import principal_of
from openqi.api.pagination import PageMeta, PageParams, paginate
from openqi.api.params import IdField, OrgSlug, PathId
from openqi.projects import selectors
from openqi.projects.access import project_access_get
from openqi.projects.models import Project
from openqi.projects.presenters import OutlineNode, aim_sentence

router = Router(tags=["Projects"])


class ProjectOut(Schema):
    id: int
    title: str
    organisation: str
    team_id: int | None
    stage: str
    visibility: str
    domains: list[str]
    start_date: datetime.date | None
    end_date: datetime.date | None
    aim: str
    progress_score: Decimal | None


class ProjectPage(PageMeta):
    items: list[ProjectOut]


class AimOut(Schema):
    what: str
    amount: Decimal | None
    unit: str
    by: datetime.date | None
    for_whom: str
    sentence: str


class DriverOut(Schema):
    id: int
    text: str
    level: str
    children: list["DriverOut"]


class CycleOut(Schema):
    id: int
    number: int
    status: str
    change_idea_id: int | None
    builds_on_id: int | None
    objective: str
    question: str
    prediction: str
    plan_when: datetime.date | None
    do_what_happened: str
    study_results: str
    act_decision: str
    act_next: str
    completed_on: datetime.date | None


class LinkOut(Schema):
    kind: str
    ref_id: int
    label: str
    measure_type: str
    has_baseline: bool
    evidence: str


class ProjectDetailOut(ProjectOut):
    problem: str
    aim_detail: AimOut
    drivers: list[DriverOut]
    cycles: list[CycleOut]
    links: list[LinkOut]


class ProjectFilters(Schema):
    q: str = ""
    team_id: int | None = IdField()
    stage: str = ""
    domain: str = ""


def _aim(project: Project) -> str:
    if not project.has_aim:
        return ""
    return aim_sentence(
        what=project.aim_what,
        amount=project.aim_amount,
        unit=project.aim_unit,
        by=project.aim_by,
        for_whom=project.aim_for_whom,
    )


def project_out(project: Project) -> dict[str, Any]:
    return {
        "id": project.pk,
        "title": project.title,
        "organisation": project.organisation.slug,
        "team_id": project.team_id,
        "stage": project.stage,
        "visibility": project.visibility,
        "domains": list(project.domains or []),
        "start_date": project.start_date,
        "end_date": project.end_date,
        "aim": _aim(project),
        "progress_score": project.progress_score,
    }


def _driver(node: OutlineNode) -> dict[str, Any]:
    return {
        "id": node.id,
        "text": node.text,
        "level": node.level_label,
        "children": [_driver(c) for c in node.children],
    }


@router.get("", response=ProjectPage, summary="Projects the token's person may see")
def project_index(
    request: HttpRequest, org_slug: OrgSlug, filters: Query[ProjectFilters], page: Query[PageParams]
) -> dict[str, Any]:
    principal = principal_of(request)
    projects = selectors.project_list(
        access=principal.access,
        user_id=principal.user.pk,
        query=filters.q,
        team_id=filters.team_id,
        stage=filters.stage,
        domain=filters.domain,
    ).order_by("title", "pk")
    return paginate(request, projects, page, project_out)


@router.get("/{int:project_id}", response=ProjectDetailOut, summary="One project: aim, drivers, PDSA cycles")
def project_detail(request: HttpRequest, org_slug: OrgSlug, project_id: PathId) -> dict[str, Any]:
    principal = principal_of(request)
    project = project_access_get(access=principal.access, user_id=principal.user.pk, project_id=project_id).project
    cycles = selectors.pdsa_cycles(project=project).order_by("number")
    return {
        **project_out(project),
        "problem": project.problem,
        "aim_detail": {
            "what": project.aim_what,
            "amount": project.aim_amount,
            "unit": project.aim_unit,
            "by": project.aim_by,
            "for_whom": project.aim_for_whom,
            "sentence": _aim(project),
        },
        "drivers": [_driver(node) for node in selectors.driver_nodes(project=project)],
        "cycles": [
            {
                "id": c.pk,
                "number": c.number,
                "status": c.status,
                "change_idea_id": c.change_idea_id,
                "builds_on_id": c.builds_on_id,
                "objective": c.objective,
                "question": c.question,
                "prediction": c.prediction,
                "plan_when": c.plan_when,
                "do_what_happened": c.do_what_happened,
                "study_results": c.study_results,
                "act_decision": c.act_decision,
                "act_next": c.act_next,
                "completed_on": c.completed_on,
            }
            for c in cycles
        ],
        "links": [
            {
                "kind": link.kind,
                "ref_id": link.ref_id,
                "label": link.label,
                "measure_type": link.measure_type,
                "has_baseline": link.has_baseline,
                "evidence": link.evidence,
            }
            for link in selectors.project_links(project=project)
        ],
    }
