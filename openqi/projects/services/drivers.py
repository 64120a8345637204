"""The driver diagram outline: add, rename, delete and move boxes."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.core.concurrency import changes_for_audit, lock_for_edit, merge_edit
from openqi.projects.models import (
    MAX_DRIVER_DEPTH,
    DriverNode,
    Project,
)
from openqi.projects.services.projects import project_touch


def _nodes(project: Project) -> dict[int, DriverNode]:
    return {n.pk: n for n in DriverNode.objects.filter(project=project).select_for_update()}


def driver_depth(node: DriverNode, nodes: dict[int, DriverNode]) -> int:
    """The node's level in the diagram (1 for a primary driver), from the project's nodes by id."""
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
        if driver_depth(nodes[parent.pk], nodes) >= MAX_DRIVER_DEPTH:
            raise ValidationError("Change ideas are the last column: they cannot have boxes under them.")
    siblings = _siblings(parent.pk if parent else None, nodes)
    node = DriverNode.objects.create(
        project=project, organisation=project.organisation, parent=parent, position=len(siblings), text=text
    )
    project_touch(project)
    audit_log(
        actor=actor, action="driver.add", organisation=project.organisation, obj=node, detail={"project": project.pk}
    )
    return node


@transaction.atomic
def driver_node_rename(
    *, actor: User, node: DriverNode, text: str, base: Mapping[str, str] | None = None
) -> DriverNode:
    """Change a box's text; a move of the box meanwhile is kept. With `base`, a rename by someone
    else since the page was shown is an EditConflict rather than silently replaced."""
    if not text.strip():
        raise ValidationError({"text": "Enter the text for the box"})
    lock_for_edit(node, ["text"])
    current = {"text": node.text}
    changed = merge_edit(current=current, submitted={"text": text}, base=base)
    if not changed:
        return node
    node.text = text.strip()
    node.save(update_fields=["text"])
    project_touch(node.project)
    audit_log(
        actor=actor,
        action="driver.rename",
        organisation=node.organisation,
        obj=node,
        changes=changes_for_audit(current, changed),
    )
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
    project_touch(project)


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
        if driver_depth(new_parent, nodes) + _height(node, nodes) > MAX_DRIVER_DEPTH:
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
    project_touch(node.project)
    audit_log(
        actor=actor,
        action=f"driver.{direction}",
        organisation=node.organisation,
        obj=node,
        detail={"project": node.project_id},
    )
    return node
