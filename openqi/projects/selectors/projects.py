"""Reading projects. Every function takes its scope (organisation or access) first."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Membership, Organisation
from openqi.projects.access import ProjectAccess, project_queryset
from openqi.projects.models import (
    DRIVER_LEVELS,
    FINISHED_STATUSES,
    DriverNode,
    Evidence,
    Fishbone,
    FishboneCause,
    LinkKind,
    PdsaCycle,
    PdsaStatus,
    ProcessMap,
    ProcessStep,
    Project,
    ProjectLink,
    ProjectMember,
    ProjectOrganisation,
    Visibility,
    WhyChain,
)
from openqi.projects.presenters import OutlineNode, driver_outline, flatten
from openqi.projects.scoring import Evidence as ScoreEvidence


def _search(
    projects: QuerySet[Project], *, query: str, team_id: int | None, domain: str, stage: str, measure_type: str = ""
) -> QuerySet:
    for word in query.split()[:8]:
        projects = projects.filter(
            Q(title__icontains=word)
            | Q(problem__icontains=word)
            | Q(aim_what__icontains=word)
            | Q(aim_for_whom__icontains=word)
        )
    if team_id:
        projects = projects.filter(Q(team_id=team_id) | Q(team__parent_id=team_id))
    if domain:
        # JSON containment is not on SQLite; domains are short, fixed slugs, so a quoted match is exact.
        projects = projects.filter(domains__icontains=f'"{domain}"')
    if stage:
        projects = projects.filter(stage=stage)
    if measure_type:
        with_type = ProjectLink.objects.filter(kind=LinkKind.MEASURE, measure_type=measure_type).values("project_id")
        projects = projects.filter(pk__in=with_type)
    return projects


def project_list(
    *,
    access: OrgAccess,
    user_id: int,
    query: str = "",
    team_id: int | None = None,
    domain: str = "",
    stage: str = "",
    measure_type: str = "",
    shared_only: bool = False,
    include_archived: bool = False,
) -> QuerySet[Project]:
    """The organisation's projects this person may see (with the ICS projects shared with it),
    filtered for the archive search. `shared_only`: ICS projects shared between organisations.
    Archived projects are left out unless `include_archived`."""
    projects = project_queryset(access=access, user_id=user_id).select_related("team", "organisation")
    if not include_archived:
        projects = projects.filter(archived_at__isnull=True)
    if shared_only:
        projects = projects.filter(pk__in=ProjectOrganisation.objects.values("project_id"))
    return _search(projects, query=query, team_id=team_id, domain=domain, stage=stage, measure_type=measure_type)


def project_list_ics_public(
    *,
    organisation: Organisation,
    query: str = "",
    domain: str = "",
    stage: str = "",
    measure_type: str = "",
    include_archived: bool = False,
) -> QuerySet[Project]:
    """Public summaries from the other organisations in the same ICS (never private detail)."""
    # The organisations as ids, so PostgreSQL reads them through the organisation index.
    others = list(
        Organisation.objects.filter(system_id=organisation.system_id)
        .exclude(pk=organisation.pk)
        .values_list("pk", flat=True)
    )
    # A public project shared with this organisation is in its own list already.
    shared_here = ProjectOrganisation.objects.filter(organisation=organisation).values("project_id")
    projects = (
        Project.objects.filter(organisation_id__in=others, visibility=Visibility.PUBLIC)
        .exclude(pk__in=shared_here)
        .select_related("organisation", "team")
    )
    if not include_archived:
        projects = projects.filter(archived_at__isnull=True)
    return _search(projects, query=query, team_id=None, domain=domain, stage=stage, measure_type=measure_type)


def project_members(*, project: Project) -> QuerySet[ProjectMember]:
    return ProjectMember.objects.filter(project=project, organisation=project.organisation).select_related("user")


def project_partner_list(*, project: Project) -> QuerySet[ProjectOrganisation]:
    """The partner organisations of a project (rows of the project itself, any viewer's)."""
    return ProjectOrganisation.objects.filter(project=project).select_related("organisation", "added_by")


def project_partner_get(*, project: Project, partner_id: int) -> ProjectOrganisation | None:
    return project_partner_list(project=project).filter(pk=partner_id).first()


def shareable_organisations(*, project: Project) -> QuerySet[Organisation]:
    """Organisations of the project's ICS it could be shared with: not its owner, not a partner yet."""
    return (
        Organisation.objects.filter(system_id=project.organisation.system_id)
        .exclude(pk=project.organisation_id)
        .exclude(shared_projects__project=project)
        .order_by("name")
    )


def project_member_get(*, project: Project, member_id: int) -> ProjectMember | None:
    return project_members(project=project).filter(pk=member_id).first()


def membership_choices(*, organisation: Organisation, project: Project | None = None) -> QuerySet[Membership]:
    """People who may join a project: the organisation's members, and with `project` (owned by
    `organisation`) the members of its partner organisations too."""
    in_scope = Q(organisation=organisation)
    if project is not None and project.organisation_id == organisation.pk:
        in_scope |= Q(organisation__shared_projects__project=project, organisation__system_id=organisation.system_id)
    return (
        Membership.objects.filter(in_scope)
        .select_related("user", "organisation")
        .order_by("user__full_name", "organisation__name")
    )


def project_links(*, project: Project) -> QuerySet[ProjectLink]:
    return ProjectLink.objects.filter(project=project, organisation=project.organisation)


def project_link_get(*, project: Project, link_id: int) -> ProjectLink | None:
    return project_links(project=project).filter(pk=link_id).first()


def driver_nodes(*, project: Project) -> list[OutlineNode]:
    """The live driver diagram (removed boxes are archived and left out)."""
    rows = DriverNode.objects.filter(
        project=project, organisation=project.organisation, archived_at__isnull=True
    ).values_list("pk", "parent_id", "position", "text")
    return driver_outline(list(rows))


def driver_node_get(*, project: Project, node_id: int, include_archived: bool = False) -> DriverNode | None:
    nodes = DriverNode.objects.filter(project=project, organisation=project.organisation, pk=node_id)
    return (nodes if include_archived else nodes.filter(archived_at__isnull=True)).first()


@dataclass(frozen=True)
class RemovedBox:
    node: DriverNode
    level_label: str  # "Change idea"
    under: str  # the text of the box it sat under, "" for a primary driver
    pdsa_count: int


def driver_nodes_removed(*, project: Project) -> list[RemovedBox]:
    """The project's removed (archived) boxes, newest first, each with what it was and the PDSA
    cycles still linked to it."""
    nodes = {
        n.pk: n
        for n in DriverNode.objects.filter(project=project, organisation=project.organisation)
        .annotate(pdsa_count=Count("pdsa_cycles"))
        .order_by("-archived_at", "pk")
    }

    def depth(node: DriverNode) -> int:
        level = 1
        while node.parent_id is not None and node.parent_id in nodes:
            node, level = nodes[node.parent_id], level + 1
        return level

    removed = [n for n in nodes.values() if n.archived_at is not None]  # newest first, as ordered below
    return [
        RemovedBox(
            node=n,
            level_label=DRIVER_LEVELS.get(depth(n), "Change idea"),
            under=nodes[n.parent_id].text if n.parent_id in nodes else "",
            pdsa_count=n.pdsa_count,
        )
        for n in removed
    ]


def change_ideas(*, project: Project) -> list[OutlineNode]:
    return [n for n in flatten(driver_nodes(project=project)) if n.depth == 3]


def pdsa_cycles(*, project: Project) -> QuerySet[PdsaCycle]:
    return PdsaCycle.objects.filter(project=project, organisation=project.organisation).select_related(
        "change_idea", "builds_on"
    )


def pdsa_cycle_get(*, project: Project, cycle_id: int) -> PdsaCycle | None:
    return pdsa_cycles(project=project).filter(pk=cycle_id).first()


def progress_evidence(*, project: Project) -> ScoreEvidence:
    cycles = list(pdsa_cycles(project=project).values_list("status", flat=True))
    measures = list(
        project_links(project=project).filter(kind=LinkKind.MEASURE).values_list("has_baseline", "evidence")
    )
    return ScoreEvidence(
        has_aim=project.has_aim,
        measures=len(measures),
        measures_with_baseline=sum(1 for baseline, _ in measures if baseline),
        cycles_run=sum(1 for s in cycles if s != PdsaStatus.PLANNED),
        cycles_finished=sum(1 for s in cycles if s in FINISHED_STATUSES),
        cycles_adopted=sum(1 for s in cycles if s == PdsaStatus.ADOPTED),
        measures_improving=sum(1 for _, e in measures if e == Evidence.IMPROVEMENT),
        measures_sustained=sum(1 for _, e in measures if e == Evidence.SUSTAINED),
    )


@dataclass(frozen=True)
class PdsaMarker:
    date: datetime.date
    label: str
    kind: str  # "start" (a cycle began), or the Act decision: "adopt", "adapt", "abandon"
    project_id: int
    cycle_id: int


def pdsa_markers_for(*, organisation: Organisation, project_ids: list[int]) -> list[PdsaMarker]:
    """Dates to annotate a measure's chart with: each cycle's planned start and its decision.

    Markers only come from the given projects inside the organisation; the caller (the measures
    chart) is responsible for passing projects the viewer may see.
    """
    markers: list[PdsaMarker] = []
    cycles = PdsaCycle.objects.filter(organisation=organisation, project_id__in=project_ids).order_by(
        "project_id", "number"
    )
    for cycle in cycles:
        if cycle.plan_when:
            markers.append(
                PdsaMarker(
                    cycle.plan_when,
                    f"PDSA {cycle.number} starts: {cycle.objective}",
                    "start",
                    cycle.project_id,
                    cycle.pk,
                )
            )
        if cycle.completed_on and cycle.act_decision:
            markers.append(
                PdsaMarker(
                    cycle.completed_on,
                    f"PDSA {cycle.number} {cycle.status}: {cycle.objective}",
                    cycle.act_decision,
                    cycle.project_id,
                    cycle.pk,
                )
            )
    return sorted(markers, key=lambda m: (m.date, m.project_id, m.cycle_id))


@dataclass(frozen=True)
class ProjectView:
    """Everything the project page and its printed report show, read once."""

    members: list[ProjectMember]
    links: list[ProjectLink]
    outline: list[OutlineNode]
    cycles: list[PdsaCycle]
    evidence: ScoreEvidence


def project_view_get(*, project_access: ProjectAccess) -> ProjectView:
    """Everything the project page shows, read once."""
    project = project_access.project
    return ProjectView(
        members=list(project_members(project=project)),
        links=list(project_links(project=project)),
        outline=driver_nodes(project=project),
        cycles=list(pdsa_cycles(project=project)),
        evidence=progress_evidence(project=project),
    )


def fishbone_list(*, project: Project) -> QuerySet[Fishbone]:
    return Fishbone.objects.filter(project=project, organisation=project.organisation).annotate(
        cause_count=Count("causes")
    )


def fishbone_get(*, project: Project, fishbone_id: int) -> Fishbone | None:
    return Fishbone.objects.filter(project=project, organisation=project.organisation, pk=fishbone_id).first()


def fishbone_causes(*, fishbone: Fishbone) -> QuerySet[FishboneCause]:
    return FishboneCause.objects.filter(fishbone=fishbone, organisation=fishbone.organisation)


def fishbone_cause_get(*, fishbone: Fishbone, cause_id: int) -> FishboneCause | None:
    return fishbone_causes(fishbone=fishbone).filter(pk=cause_id).first()


def why_chain_list(*, project: Project) -> QuerySet[WhyChain]:
    return WhyChain.objects.filter(project=project, organisation=project.organisation).prefetch_related("steps")


def why_chain_get(*, project: Project, chain_id: int) -> WhyChain | None:
    return why_chain_list(project=project).filter(pk=chain_id).first()


def process_map_list(*, project: Project) -> QuerySet[ProcessMap]:
    return ProcessMap.objects.filter(project=project, organisation=project.organisation).annotate(
        step_count=Count("steps")
    )


def process_map_get(*, project: Project, map_id: int) -> ProcessMap | None:
    return ProcessMap.objects.filter(project=project, organisation=project.organisation, pk=map_id).first()


def process_steps(*, process_map: ProcessMap) -> QuerySet[ProcessStep]:
    return ProcessStep.objects.filter(process_map=process_map, organisation=process_map.organisation)


def process_step_get(*, process_map: ProcessMap, step_id: int) -> ProcessStep | None:
    return process_steps(process_map=process_map).filter(pk=step_id).first()
