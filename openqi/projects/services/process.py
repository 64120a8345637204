"""Process maps: ordered steps with a type, owner, minutes and whether they add value."""

from django.core.exceptions import ValidationError
from django.db import transaction

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.projects.models import ProcessMap, ProcessStep, Project, StepKind
from openqi.projects.services.projects import project_touch

STEP_FIELDS = ("kind", "text", "owner", "minutes", "value_adding")
MAX_MINUTES = 60 * 24 * 365


@transaction.atomic
def process_map_create(*, actor: User, project: Project, title: str) -> ProcessMap:
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Enter the name of the process"})
    process_map = ProcessMap.objects.create(project=project, organisation=project.organisation, title=title)
    project_touch(project)
    audit_log(
        actor=actor,
        action="process_map.create",
        organisation=project.organisation,
        obj=process_map,
        detail={"project": project.pk},
    )
    return process_map


def _clean_step(kind: str, text: str, owner: str, minutes: int | None) -> dict[str, object]:
    errors: dict[str, str] = {}
    if kind not in StepKind.values:
        errors["kind"] = "Choose the type of step"
    if not text.strip():
        errors["text"] = "Enter what happens at this step"
    if minutes is not None and not 0 <= minutes <= MAX_MINUTES:
        errors["minutes"] = "Minutes must be between 0 and 525,600 (a year)"
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "text": text.strip(), "owner": owner.strip(), "minutes": minutes}


@transaction.atomic
def process_step_add(
    *,
    actor: User,
    process_map: ProcessMap,
    kind: str,
    text: str,
    owner: str = "",
    minutes: int | None = None,
    value_adding: bool = False,
) -> ProcessStep:
    values = _clean_step(kind, text, owner, minutes)
    ProcessMap.objects.select_for_update().filter(pk=process_map.pk).first()
    position = process_map.steps.count()
    step = ProcessStep.objects.create(
        process_map=process_map,
        organisation=process_map.organisation,
        position=position,
        value_adding=value_adding,
        **values,
    )
    project_touch(process_map.project)
    audit_log(
        actor=actor,
        action="process_map.step_add",
        organisation=process_map.organisation,
        obj=process_map,
        detail={"step": step.text},
    )
    return step


@transaction.atomic
def process_step_update(
    *,
    actor: User,
    step: ProcessStep,
    kind: str,
    text: str,
    owner: str = "",
    minutes: int | None = None,
    value_adding: bool = False,
) -> ProcessStep:
    values = _clean_step(kind, text, owner, minutes)
    for name, value in values.items():
        setattr(step, name, value)
    step.value_adding = value_adding
    # Only these fields: the caller's copy may hold an old position.
    step.save(update_fields=[*STEP_FIELDS])
    project_touch(step.process_map.project)
    audit_log(
        actor=actor,
        action="process_map.step_update",
        organisation=step.organisation,
        obj=step.process_map,
        detail={"step": step.text},
    )
    return step


def _renumber(process_map: ProcessMap, ordered: list[ProcessStep]) -> None:
    for index, step in enumerate(ordered):
        if step.position != index:
            step.position = index
            step.save(update_fields=["position"])


@transaction.atomic
def process_step_change(*, actor: User, step: ProcessStep, action: str) -> None:
    """Move a step up or down, or delete it."""
    process_map = step.process_map
    steps = list(ProcessStep.objects.filter(process_map=process_map).select_for_update().order_by("position", "pk"))
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    detail: dict[str, object] = {"step": step.text}
    if action == "delete":
        # Everything needed to put the step back where it was.
        detail |= {
            "position": index,
            "kind": step.kind,
            "owner": step.owner,
            "minutes": step.minutes,
            "value_adding": step.value_adding,
        }
        steps.pop(index)
        step.delete()
    elif action in ("up", "down"):
        other = index - 1 if action == "up" else index + 1
        if not 0 <= other < len(steps):
            raise ValidationError(f"‘{step.text}’ is already {'first' if action == 'up' else 'last'}.")
        steps[index], steps[other] = steps[other], steps[index]
    else:
        raise ValidationError("Choose up, down or delete.")
    _renumber(process_map, steps)
    project_touch(process_map.project)
    audit_log(
        actor=actor,
        action=f"process_map.step_{action}",
        organisation=process_map.organisation,
        obj=process_map,
        detail=detail,
    )
