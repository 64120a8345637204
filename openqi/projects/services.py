"""Writes for projects: each keyword-only, atomic and audited. Permission checks live in the
views (`ProjectAccess.require_*`); services check what the data must satisfy."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.organisations.models import Membership, Organisation, Team
from openqi.projects.models import (
    DECISION_STATUS,
    MAX_DRIVER_DEPTH,
    ActDecision,
    DriverNode,
    PdsaCycle,
    PdsaStatus,
    Project,
    ProjectLink,
    ProjectMember,
    ProjectRole,
)
from openqi.projects.scoring import SCALE


def _touch(project: Project) -> None:
    project.updated_at = timezone.now()
    project.save(update_fields=["updated_at"])


def _check_team(organisation: Organisation, team: Team | None) -> None:
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "Choose a team in this organisation."})


def _check_dates(start: datetime.date | None, end: datetime.date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": "The end date must be the same as or after the start date"})


@transaction.atomic
def project_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    problem: str,
    team: Team | None = None,
    domains: list[str] | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    visibility: str = "organisation",
) -> Project:
    _check_team(organisation, team)
    _check_dates(start_date, end_date)
    project = Project.objects.create(
        organisation=organisation,
        title=title.strip(),
        problem=problem.strip(),
        team=team,
        domains=list(domains or []),
        start_date=start_date,
        end_date=end_date,
        visibility=visibility,
        created_by=actor,
    )
    # Whoever starts a project leads it until they hand it on.
    ProjectMember.objects.create(project=project, organisation=organisation, user=actor, role=ProjectRole.LEAD)
    audit_log(actor=actor, action="project.create", organisation=organisation, obj=project)
    return project


@transaction.atomic
def project_update(*, actor: User, project: Project, **fields: Any) -> Project:
    allowed = {"title", "problem", "team", "domains", "start_date", "end_date", "visibility", "stage"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown project fields: {sorted(unknown)}")
    _check_team(project.organisation, fields.get("team", project.team))
    _check_dates(fields.get("start_date", project.start_date), fields.get("end_date", project.end_date))
    changed = {k: v for k, v in fields.items() if getattr(project, k) != v}
    for name, value in changed.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    project.updated_at = timezone.now()
    project.save()
    audit_log(
        actor=actor,
        action="project.update",
        organisation=project.organisation,
        obj=project,
        detail={"fields": sorted(changed), **({"stage": project.stage} if "stage" in changed else {})},
    )
    return project


@transaction.atomic
def project_copy(*, actor: User, source: Project, title: str) -> Project:
    """Start a new project from a finished one: its problem, team, domains and driver diagram, not
    its aim, cycles, members or score (a new project sets its own aim and learns afresh)."""
    if source.stage != "closed":
        raise ValidationError("Only a closed project can be copied.")
    project = project_create(
        actor=actor,
        organisation=source.organisation,
        title=title,
        problem=source.problem,
        team=source.team,
        domains=source.domains,
        visibility=source.visibility,
    )
    project.copied_from = source
    project.save(update_fields=["copied_from"])
    nodes = list(DriverNode.objects.filter(project=source).order_by("pk"))
    new_ids: dict[int, DriverNode] = {}
    for node in nodes:  # parents have lower primary keys than their children
        new_ids[node.pk] = DriverNode.objects.create(
            project=project,
            organisation=project.organisation,
            parent=new_ids.get(node.parent_id) if node.parent_id else None,
            position=node.position,
            text=node.text,
        )
    audit_log(
        actor=actor,
        action="project.copy",
        organisation=project.organisation,
        obj=project,
        detail={"from": source.pk},
    )
    return project


# --- aim -----------------------------------------------------------------------------------------


def aim_problems(
    *,
    what: str,
    amount: Decimal | None,
    unit: str,
    by: datetime.date | None,
    for_whom: str,
    today: datetime.date,
    previous_by: datetime.date | None = None,
) -> dict[str, str]:
    """What keeps an aim from being specific and measurable, by field (empty when it is)."""
    problems: dict[str, str] = {}
    if not what.strip():
        problems["what"] = "Enter what you are trying to improve"
    if amount is None:
        problems["amount"] = "Enter how much you will improve it by, as a number"
    elif amount <= 0:
        problems["amount"] = "How much must be more than 0"
    if not unit.strip():
        problems["unit"] = "Enter the unit, like % or falls per 1,000 bed days"
    if by is None:
        problems["by"] = "Enter the date you will reach the aim by"
    elif by <= today and by != previous_by:
        # A new or changed date must be ahead; an aim already set keeps its date as it passes.
        problems["by"] = "The date you will reach the aim by must be in the future"
    if not for_whom.strip():
        problems["for_whom"] = "Enter who the aim is for, like patients on Ward 9"
    return problems


@transaction.atomic
def project_aim_set(
    *,
    actor: User,
    project: Project,
    what: str,
    amount: Decimal | None,
    unit: str,
    by: datetime.date | None,
    for_whom: str,
) -> Project:
    problems = aim_problems(
        what=what,
        amount=amount,
        unit=unit,
        by=by,
        for_whom=for_whom,
        today=timezone.localdate(),
        previous_by=project.aim_by,
    )
    if problems:
        raise ValidationError(problems)
    project.aim_what = what.strip()
    project.aim_amount = amount
    project.aim_unit = unit.strip()
    project.aim_by = by
    project.aim_for_whom = for_whom.strip()
    project.updated_at = timezone.now()
    project.save()
    audit_log(actor=actor, action="project.aim_set", organisation=project.organisation, obj=project)
    return project


# --- members and links ---------------------------------------------------------------------------


@transaction.atomic
def project_member_add(*, actor: User, project: Project, user: User, role: str) -> ProjectMember:
    membership = Membership.objects.filter(organisation=project.organisation, user=user).first()
    if membership is None:
        raise ValidationError({"user": "Choose someone in this organisation."})
    if (role == ProjectRole.PARTNER) != (membership.role == "partner"):
        raise ValidationError(
            {"role": "Partners (experts by experience) join as partners, and only partners join as partners."}
        )
    member, created = ProjectMember.objects.update_or_create(
        project=project, user=user, defaults={"role": role, "organisation": project.organisation}
    )
    audit_log(
        actor=actor,
        action="project.member_add" if created else "project.member_change",
        organisation=project.organisation,
        obj=project,
        detail={"user": user.email, "role": role},
    )
    return member


@transaction.atomic
def project_member_remove(*, actor: User, member: ProjectMember) -> None:
    project = member.project
    if (
        member.role == ProjectRole.LEAD
        and not ProjectMember.objects.filter(project=project, role=ProjectRole.LEAD).exclude(pk=member.pk).exists()
    ):
        raise ValidationError("A project needs a lead. Make someone else the lead first.")
    email = member.user.email
    member.delete()
    audit_log(
        actor=actor,
        action="project.member_remove",
        organisation=project.organisation,
        obj=project,
        detail={"user": email},
    )


@transaction.atomic
def project_link_add(
    *, actor: User, project: Project, kind: str, ref_id: int, label: str, has_baseline: bool, evidence: str = ""
) -> ProjectLink:
    if ProjectLink.objects.filter(project=project, kind=kind, ref_id=ref_id).exists():
        raise ValidationError({"ref_id": "This is already linked to the project."})
    link = ProjectLink.objects.create(
        project=project,
        organisation=project.organisation,
        kind=kind,
        ref_id=ref_id,
        label=label.strip(),
        has_baseline=has_baseline,
        evidence=evidence,
    )
    _touch(project)
    audit_log(
        actor=actor,
        action="project.link_add",
        organisation=project.organisation,
        obj=project,
        detail={"kind": kind, "ref_id": ref_id},
    )
    return link


@transaction.atomic
def project_link_remove(*, actor: User, link: ProjectLink) -> None:
    project = link.project
    detail = {"kind": link.kind, "ref_id": link.ref_id}
    link.delete()
    _touch(project)
    audit_log(actor=actor, action="project.link_remove", organisation=project.organisation, obj=project, detail=detail)


# --- driver diagram ------------------------------------------------------------------------------


def _nodes(project: Project) -> dict[int, DriverNode]:
    return {n.pk: n for n in DriverNode.objects.filter(project=project).select_for_update()}


def _depth(node: DriverNode, nodes: dict[int, DriverNode]) -> int:
    depth = 1
    while node.parent_id is not None:
        node = nodes[node.parent_id]
        depth += 1
    return depth


def _height(node: DriverNode, nodes: dict[int, DriverNode]) -> int:
    """Levels in the subtree below and including the node (1 for a leaf)."""
    kids = [n for n in nodes.values() if n.parent_id == node.pk]
    return 1 + max((_height(k, nodes) for k in kids), default=0)


def _siblings(parent_id: int | None, nodes: dict[int, DriverNode]) -> list[DriverNode]:
    return sorted((n for n in nodes.values() if n.parent_id == parent_id), key=lambda n: (n.position, n.pk))


def _renumber(siblings: list[DriverNode]) -> None:
    for index, node in enumerate(siblings):
        if node.position != index:
            node.position = index
            node.save(update_fields=["position"])


@transaction.atomic
def driver_node_add(*, actor: User, project: Project, text: str, parent: DriverNode | None = None) -> DriverNode:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the text for the box"})
    nodes = _nodes(project)
    if parent is not None:
        if parent.pk not in nodes:
            raise ValidationError("That box is not in this project's driver diagram.")
        if _depth(nodes[parent.pk], nodes) >= MAX_DRIVER_DEPTH:
            raise ValidationError("Change ideas are the last column: they cannot have boxes under them.")
    siblings = _siblings(parent.pk if parent else None, nodes)
    node = DriverNode.objects.create(
        project=project, organisation=project.organisation, parent=parent, position=len(siblings), text=text
    )
    _touch(project)
    audit_log(
        actor=actor, action="driver.add", organisation=project.organisation, obj=node, detail={"project": project.pk}
    )
    return node


@transaction.atomic
def driver_node_rename(*, actor: User, node: DriverNode, text: str) -> DriverNode:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the text for the box"})
    node.text = text
    node.save(update_fields=["text"])
    _touch(node.project)
    audit_log(actor=actor, action="driver.rename", organisation=node.organisation, obj=node)
    return node


@transaction.atomic
def driver_node_delete(*, actor: User, node: DriverNode) -> None:
    if DriverNode.objects.filter(parent=node).exists():
        raise ValidationError(f"‘{node.text}’ has boxes under it. Delete or move those first.")
    parent_id, project = node.parent_id, node.project
    audit_log(
        actor=actor,
        action="driver.delete",
        organisation=node.organisation,
        obj=node,
        detail={"project": project.pk, "text": node.text},
    )
    node.delete()
    _renumber(list(DriverNode.objects.filter(project=project, parent_id=parent_id).order_by("position", "pk")))
    _touch(project)


DRIVER_MOVES = ("up", "down", "indent", "outdent")


@transaction.atomic
def driver_node_move(*, actor: User, node: DriverNode, direction: str) -> DriverNode:
    """Move a box in the outline: up or down among its siblings, indent (under the box above it)
    or outdent (next to its parent). Depth never passes change ideas."""
    if direction not in DRIVER_MOVES:
        raise ValidationError("Choose up, down, indent or outdent.")
    nodes = _nodes(node.project)
    node = nodes[node.pk]
    siblings = _siblings(node.parent_id, nodes)
    index = siblings.index(node)
    if direction in ("up", "down"):
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            raise ValidationError(f"‘{node.text}’ is already {'first' if direction == 'up' else 'last'} here.")
        siblings[index], siblings[other] = siblings[other], siblings[index]
        _renumber(siblings)
    elif direction == "indent":
        if index == 0:
            raise ValidationError(f"‘{node.text}’ has no box above it at the same level to go under.")
        new_parent = siblings[index - 1]
        if _depth(new_parent, nodes) + _height(node, nodes) > MAX_DRIVER_DEPTH:
            raise ValidationError(f"‘{node.text}’ cannot go further right: change ideas are the last column.")
        node.parent = new_parent
        node.position = len(_siblings(new_parent.pk, nodes))
        node.save(update_fields=["parent", "position"])
        _renumber([s for s in siblings if s.pk != node.pk])
    else:
        if node.parent_id is None:
            raise ValidationError(f"‘{node.text}’ is a primary driver already: it cannot go further left.")
        old_parent = nodes[node.parent_id]
        outer = _siblings(old_parent.parent_id, nodes)
        node.parent_id = old_parent.parent_id
        node.save(update_fields=["parent"])
        outer.insert(outer.index(old_parent) + 1, node)
        _renumber(outer)
        _renumber([s for s in siblings if s.pk != node.pk])
    _touch(node.project)
    audit_log(
        actor=actor,
        action=f"driver.{direction}",
        organisation=node.organisation,
        obj=node,
        detail={"project": node.project_id},
    )
    return node


# --- PDSA cycles ---------------------------------------------------------------------------------

PLAN_FIELDS = (
    "objective",
    "question",
    "prediction",
    "plan_who",
    "plan_what",
    "plan_when",
    "plan_where",
    "data_to_collect",
)


def _check_plan(project: Project, plan: dict[str, Any], cycle: PdsaCycle | None = None) -> None:
    errors: dict[str, str] = {}
    for name, message in (
        ("objective", "Enter the objective of this cycle"),
        ("question", "Enter the question this cycle will answer"),
        ("prediction", "Enter your prediction: what do you think will happen?"),
    ):
        if not str(plan.get(name) or "").strip():
            errors[name] = message
    change_idea = plan.get("change_idea")
    if change_idea is not None:
        nodes = {n.pk: n for n in DriverNode.objects.filter(project=project)}
        if change_idea.pk not in nodes or _depth(nodes[change_idea.pk], nodes) != MAX_DRIVER_DEPTH:
            errors["change_idea"] = "Choose a change idea from this project's driver diagram"
    builds_on = plan.get("builds_on")
    if builds_on is not None and (builds_on.project_id != project.pk or (cycle and builds_on.pk == cycle.pk)):
        errors["builds_on"] = "Choose an earlier cycle of this project"
    if cycle is not None and builds_on is not None and builds_on.number >= cycle.number:
        errors["builds_on"] = "Choose an earlier cycle of this project"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def pdsa_cycle_plan(
    *,
    actor: User,
    project: Project,
    change_idea: DriverNode | None = None,
    builds_on: PdsaCycle | None = None,
    **plan: Any,
) -> PdsaCycle:
    unknown = set(plan) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    _check_plan(project, {**plan, "change_idea": change_idea, "builds_on": builds_on})
    Project.objects.select_for_update().filter(pk=project.pk).first()
    number = (PdsaCycle.objects.filter(project=project).aggregate(n=Max("number"))["n"] or 0) + 1
    cycle = PdsaCycle.objects.create(
        project=project,
        organisation=project.organisation,
        number=number,
        change_idea=change_idea,
        builds_on=builds_on,
        **{k: v.strip() if isinstance(v, str) else v for k, v in plan.items()},
    )
    _touch(project)
    audit_log(
        actor=actor,
        action="pdsa.plan",
        organisation=project.organisation,
        obj=cycle,
        detail={"project": project.pk},
    )
    return cycle


def _check_open(cycle: PdsaCycle) -> None:
    if cycle.is_finished:
        raise ValidationError("This cycle is complete. Plan a new cycle that builds on it instead.")


@transaction.atomic
def pdsa_cycle_update_plan(
    *,
    actor: User,
    cycle: PdsaCycle,
    change_idea: DriverNode | None = None,
    builds_on: PdsaCycle | None = None,
    **plan: Any,
) -> PdsaCycle:
    _check_open(cycle)
    _check_plan(cycle.project, {**plan, "change_idea": change_idea, "builds_on": builds_on}, cycle)
    for name in PLAN_FIELDS:
        if name in plan:
            value = plan[name]
            setattr(cycle, name, value.strip() if isinstance(value, str) else value)
    cycle.change_idea = change_idea
    cycle.builds_on = builds_on
    cycle.save()
    _touch(cycle.project)
    audit_log(actor=actor, action="pdsa.plan_update", organisation=cycle.organisation, obj=cycle)
    return cycle


@transaction.atomic
def pdsa_cycle_record_do(*, actor: User, cycle: PdsaCycle, what_happened: str, observations: str) -> PdsaCycle:
    _check_open(cycle)
    if not what_happened.strip():
        raise ValidationError({"what_happened": "Enter what happened when you carried out the plan"})
    cycle.do_what_happened = what_happened.strip()
    cycle.do_observations = observations.strip()
    if cycle.status == PdsaStatus.PLANNED:
        cycle.status = PdsaStatus.DOING
    cycle.save()
    _touch(cycle.project)
    audit_log(actor=actor, action="pdsa.do", organisation=cycle.organisation, obj=cycle)
    return cycle


@transaction.atomic
def pdsa_cycle_record_study(*, actor: User, cycle: PdsaCycle, results: str) -> PdsaCycle:
    _check_open(cycle)
    if not cycle.do_what_happened:
        raise ValidationError("Record what happened (Do) before studying the results.")
    if not results.strip():
        raise ValidationError({"results": "Enter the results and how they compare with your prediction"})
    cycle.study_results = results.strip()
    cycle.status = PdsaStatus.STUDYING
    cycle.save()
    _touch(cycle.project)
    audit_log(actor=actor, action="pdsa.study", organisation=cycle.organisation, obj=cycle)
    return cycle


@transaction.atomic
def pdsa_cycle_complete(
    *, actor: User, cycle: PdsaCycle, decision: str, next_steps: str, completed_on: datetime.date | None = None
) -> PdsaCycle:
    """Act: adopt, adapt or abandon the change. This finishes the cycle."""
    _check_open(cycle)
    if not cycle.study_results:
        raise ValidationError("Study the results (compare them with your prediction) before deciding.")
    if decision not in ActDecision.values:
        raise ValidationError({"decision": "Choose adopt, adapt or abandon"})
    if not next_steps.strip():
        raise ValidationError({"next_steps": "Enter what you will do next"})
    cycle.act_decision = decision
    cycle.act_next = next_steps.strip()
    cycle.status = DECISION_STATUS[ActDecision(decision)]
    cycle.completed_on = completed_on or timezone.localdate()
    cycle.save()
    _touch(cycle.project)
    audit_log(
        actor=actor,
        action=f"pdsa.{decision}",
        organisation=cycle.organisation,
        obj=cycle,
        detail={"project": cycle.project_id, "decision": decision},
    )
    return cycle


# --- progress score ------------------------------------------------------------------------------


@transaction.atomic
def project_progress_set(
    *, actor: User, project: Project, score: Decimal, suggested: Decimal, reason: str = ""
) -> Project:
    """The lead accepts the suggested score or sets another with a reason."""
    if score not in SCALE:
        raise ValidationError({"score": "Choose a score from the IHI scale"})
    if score != suggested and not reason.strip():
        raise ValidationError({"reason": "Enter why the score differs from the suggested score"})
    project.progress_score = score
    project.progress_reason = reason.strip()
    project.progress_set_at = timezone.now()
    project.save(update_fields=["progress_score", "progress_reason", "progress_set_at"])
    audit_log(
        actor=actor,
        action="project.progress_accept" if score == suggested else "project.progress_override",
        organisation=project.organisation,
        obj=project,
        detail={"score": str(score), "suggested": str(suggested), "reason": reason.strip()},
    )
    return project
