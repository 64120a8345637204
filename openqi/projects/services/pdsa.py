"""PDSA cycles: plan (with a prediction), do, study and act."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.core.concurrency import changes_for_audit, lock_for_edit, merge_edit
from openqi.core.events import event_publish
from openqi.projects.models import (
    DECISION_STATUS,
    MAX_DRIVER_DEPTH,
    ActDecision,
    DriverNode,
    PdsaCycle,
    PdsaStatus,
    Project,
)
from openqi.projects.services.drivers import driver_depth
from openqi.projects.services.projects import project_touch

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
        if change_idea.pk not in nodes or driver_depth(nodes[change_idea.pk], nodes) != MAX_DRIVER_DEPTH:
            errors["change_idea"] = "Choose a change idea from this project's driver diagram"
        # A removed change idea keeps the cycles it already has; no new cycle may choose it.
        elif nodes[change_idea.pk].is_archived and (cycle is None or cycle.change_idea_id != change_idea.pk):
            errors["change_idea"] = "That change idea has been removed. Restore it first, or choose another"
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
    project_touch(project)
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
    base: Mapping[str, str] | None = None,
    **plan: Any,
) -> PdsaCycle:
    """Change a cycle's plan. Only the fields this person changed are written (against `base`, the
    edit form's fingerprints, when given); an edit of the same field meanwhile is an EditConflict."""
    unknown = set(plan) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    names = [*plan, "change_idea", "builds_on"]
    lock_for_edit(cycle, [*names, "status"])
    _check_open(cycle)
    current = {name: getattr(cycle, name) for name in names}
    changed = merge_edit(
        current=current, submitted={**plan, "change_idea": change_idea, "builds_on": builds_on}, base=base
    )
    _check_plan(cycle.project, {**current, **changed}, cycle)
    if not changed:
        return cycle
    for name, value in changed.items():
        setattr(cycle, name, value.strip() if isinstance(value, str) else value)
    cycle.save(update_fields=list(changed))
    project_touch(cycle.project)
    audit_log(
        actor=actor,
        action="pdsa.plan_update",
        organisation=cycle.organisation,
        obj=cycle,
        changes=changes_for_audit(current, changed),
    )
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
    cycle.save(update_fields=["do_what_happened", "do_observations", "status"])
    project_touch(cycle.project)
    audit_log(actor=actor, action="pdsa.do", organisation=cycle.organisation, obj=cycle)
    return cycle


@transaction.atomic
def pdsa_cycle_record_study(
    *, actor: User, cycle: PdsaCycle, results: str, base: Mapping[str, str] | None = None
) -> PdsaCycle:
    """Record (or correct) the Study step. With `base`, an edit of the results by someone else since
    the page was shown is an EditConflict rather than silently replaced."""
    lock_for_edit(cycle, ["study_results", "do_what_happened", "status"])
    _check_open(cycle)
    if not cycle.do_what_happened:
        raise ValidationError("Record what happened (Do) before studying the results.")
    current = {"results": cycle.study_results}
    changed = merge_edit(current=current, submitted={"results": results}, base=base)
    if not str(changed.get("results", cycle.study_results)).strip():
        raise ValidationError({"results": "Enter the results and how they compare with your prediction"})
    if "results" in changed:
        cycle.study_results = changed["results"].strip()
    cycle.status = PdsaStatus.STUDYING
    cycle.save(update_fields=["study_results", "status"] if changed else ["status"])
    project_touch(cycle.project)
    audit_log(
        actor=actor,
        action="pdsa.study",
        organisation=cycle.organisation,
        obj=cycle,
        changes={"study_results": (current["results"], cycle.study_results)} if changed else None,
    )
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
    cycle.save(update_fields=["act_decision", "act_next", "status", "completed_on"])
    project_touch(cycle.project)
    audit_log(
        actor=actor,
        action=f"pdsa.{decision}",
        organisation=cycle.organisation,
        obj=cycle,
        detail={"project": cycle.project_id, "decision": decision},
    )
    event_publish(
        "pdsa.completed",
        organisation_id=cycle.organisation_id,
        payload={
            "cycle_id": cycle.pk,
            "project_id": cycle.project_id,
            "project_title": cycle.project.title,
            "cycle_number": cycle.number,
            "objective": cycle.objective,
            "decision": decision,
            "completed_on": cycle.completed_on.isoformat(),
            "status": cycle.status,
        },
    )
    return cycle
