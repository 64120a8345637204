"""Starting a project from a template or an idea, and spreading what works: adopting another
project's change package (driver diagram, measure definitions, PDSA plans) in a new project.

Ideas stay in their app: the view reads the idea through `openqi.ideas.selectors` and hands
over a `SourceIdea` (id, organisation, title, texts, domains), never the author.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.organisations.models import Organisation, Team
from openqi.projects.library import ProjectTemplate
from openqi.projects.models import (
    DriverNode,
    LinkKind,
    PdsaCycle,
    PdsaStatus,
    Project,
    ProjectLink,
    SuggestedMeasure,
    Visibility,
)
from openqi.projects.selectors.spread import ADOPTED_CYCLES
from openqi.projects.services.projects import project_create
from openqi.vocabulary import MeasureType

MAX_IDEA_LABEL = 200


@dataclass(frozen=True)
class SourceIdea:
    """What a project may take from an idea: never who shared it."""

    id: int
    organisation_id: int
    title: str
    problem: str
    suggestion: str
    domains: tuple[str, ...]


@dataclass(frozen=True)
class DriverSeed:
    """A box to create: its key, its parent's key (None for a primary driver), text, position."""

    key: int
    parent: int | None
    text: str
    position: int


def _plant_drivers(project: Project, seeds: list[DriverSeed]) -> dict[int, DriverNode]:
    """Create the boxes, parents before children (after moves a child can be older than its parent)."""
    created: dict[int, DriverNode] = {}
    waiting = seeds
    while waiting:
        ready = [s for s in waiting if s.parent is None or s.parent in created]
        if not ready:  # an orphan (its parent is gone): nothing more can be placed
            break
        for seed in ready:
            created[seed.key] = DriverNode.objects.create(
                project=project,
                organisation=project.organisation,
                parent=created[seed.parent] if seed.parent is not None else None,
                position=seed.position,
                text=seed.text[:300],
            )
        waiting = [s for s in waiting if s.key not in created]
    return created


def _template_seeds(template: ProjectTemplate) -> list[DriverSeed]:
    seeds: list[DriverSeed] = []
    for p, (primary, secondaries) in enumerate(template.drivers):
        seeds.append(DriverSeed(len(seeds), None, primary, p))
        primary_key = len(seeds) - 1
        for s, (secondary, ideas) in enumerate(secondaries):
            seeds.append(DriverSeed(len(seeds), primary_key, secondary, s))
            secondary_key = len(seeds) - 1
            for i, idea in enumerate(ideas):
                seeds.append(DriverSeed(len(seeds), secondary_key, idea, i))
    return seeds


@transaction.atomic
def project_start(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    problem: str,
    team: Team | None = None,
    domains: list[str] | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    visibility: str = Visibility.ORGANISATION,
    template: ProjectTemplate | None = None,
    idea: SourceIdea | None = None,
) -> Project:
    """Start a project, blank or from a template and/or an idea of the same organisation.

    A template adds its aim skeleton (what and unit), driver diagram and suggested measures; an
    idea is linked to the project (`ProjectLink(kind="idea")`).
    """
    if idea is not None and idea.organisation_id != organisation.pk:
        raise ValidationError("Choose an idea from this organisation.")
    project = project_create(
        actor=actor,
        organisation=organisation,
        title=title,
        problem=problem,
        team=team,
        domains=domains,
        start_date=start_date,
        end_date=end_date,
        visibility=visibility,
    )
    if template is not None:
        project.aim_what = template.aim_what
        project.aim_unit = template.aim_unit
        project.save(update_fields=["aim_what", "aim_unit"])
        _plant_drivers(project, _template_seeds(template))
        SuggestedMeasure.objects.bulk_create(
            SuggestedMeasure(
                project=project,
                organisation=organisation,
                family=m.family,
                name=m.name,
                definition=m.definition,
                source=f"Template: {template.title}",
                position=i,
            )
            for i, m in enumerate(template.measures)
        )
        audit_log(
            actor=actor,
            action="project.start_from_template",
            organisation=organisation,
            obj=project,
            detail={"template": template.key},
        )
    if idea is not None:
        ProjectLink.objects.create(
            project=project,
            organisation=organisation,
            kind=LinkKind.IDEA,
            ref_id=idea.id,
            label=idea.title[:MAX_IDEA_LABEL],
        )
        audit_log(
            actor=actor,
            action="project.start_from_idea",
            organisation=organisation,
            obj=project,
            detail={"idea": idea.id},
        )
    return project


def adoption_refusal(*, source: Project, organisation: Organisation) -> str:
    """Why this project's change package cannot be adopted into the organisation ("" when it can)."""
    if source.visibility == Visibility.PRIVATE:
        return "A private project's change package cannot be adopted."
    if source.organisation_id == organisation.pk:
        return ""
    if source.visibility != Visibility.PUBLIC or source.organisation.system_id != organisation.system_id:
        return "Only public projects from your ICS can be adopted."
    return ""


@transaction.atomic
def project_adopt(
    *,
    actor: User,
    source: Project,
    organisation: Organisation,
    title: str,
    problem: str,
    team: Team | None = None,
    visibility: str = Visibility.ORGANISATION,
) -> Project:
    """Adopt a project's change package into a new project of `organisation` (this one, or another
    in the same ICS when the source is public): its driver diagram; its measures as suggested
    measures (names, types and any definitions it holds); and the plans of its adopted and adapted
    PDSA cycles as planned cycles, without results, dates or people. Audited in both organisations.
    """
    refusal = adoption_refusal(source=source, organisation=organisation)
    if refusal:
        raise ValidationError(refusal)
    project = project_create(
        actor=actor,
        organisation=organisation,
        title=title,
        problem=problem,
        team=team,
        domains=list(source.domains),
        visibility=visibility,
    )
    project.adopted_from = source
    project.save(update_fields=["adopted_from"])
    nodes = DriverNode.objects.filter(
        project=source, organisation=source.organisation, archived_at__isnull=True
    ).values_list("pk", "parent_id", "position", "text")
    created = _plant_drivers(project, [DriverSeed(pk, parent, text, pos) for pk, parent, pos, text in nodes])
    where = f"Adopted from ‘{source.title}’ ({source.organisation.name})"
    measures = [
        SuggestedMeasure(
            project=project,
            organisation=organisation,
            family=link.measure_type if link.measure_type in MeasureType.values else "",
            name=link.label,
            definition="",
            source=where,
        )
        for link in ProjectLink.objects.filter(project=source, organisation=source.organisation, kind="measure")
    ]
    measures += [
        SuggestedMeasure(
            project=project,
            organisation=organisation,
            family=m.family,
            name=m.name,
            definition=m.definition,
            source=where,
        )
        for m in SuggestedMeasure.objects.filter(project=source, organisation=source.organisation)
    ]
    unique: dict[str, SuggestedMeasure] = {}
    for measure in measures:  # a measure both linked and still suggested is listed once
        unique.setdefault(measure.name.lower(), measure)
    for position, measure in enumerate(unique.values()):
        measure.position = position
    SuggestedMeasure.objects.bulk_create(unique.values())
    cycles = PdsaCycle.objects.filter(
        project=source, organisation=source.organisation, status__in=ADOPTED_CYCLES
    ).order_by("number")
    PdsaCycle.objects.bulk_create(
        PdsaCycle(
            project=project,
            organisation=organisation,
            number=number,
            change_idea=created.get(cycle.change_idea_id) if cycle.change_idea_id else None,
            status=PdsaStatus.PLANNED,
            objective=cycle.objective,
            question=cycle.question,
            prediction=cycle.prediction,
            plan_what=cycle.plan_what,
            data_to_collect=cycle.data_to_collect,
        )
        for number, cycle in enumerate(cycles, start=1)
    )
    audit_log(
        actor=actor,
        action="project.adopt",
        organisation=organisation,
        obj=project,
        detail={"from_project": source.pk, "from_organisation": source.organisation.slug},
    )
    audit_log(
        actor=actor,
        action="project.spread",
        organisation=source.organisation,
        obj=source,
        detail={"to_project": project.pk, "to_organisation": organisation.slug},
    )
    return project


@transaction.atomic
def suggested_measure_remove(*, actor: User, suggestion: SuggestedMeasure) -> None:
    """The team created the measure (and linked it) or decided against it."""
    project = suggestion.project
    detail = {
        "name": suggestion.name,
        "family": suggestion.family,
        "definition": suggestion.definition,
        "source": suggestion.source,
        "position": suggestion.position,
    }
    suggestion.delete()
    audit_log(
        actor=actor,
        action="project.suggested_measure_remove",
        organisation=project.organisation,
        obj=project,
        detail=detail,
    )
