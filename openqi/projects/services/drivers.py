"""The driver diagram outline: add, rename, remove (archive), restore and move boxes.

Removing a box archives it (`archived_at`) rather than deleting it: it leaves the diagram and
every list of change ideas, its PDSA cycles keep their link, and it can be restored (Undo at once,
or later from the removed boxes page). Only the live boxes take part in positions and depth."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

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
    live = DriverNode.objects.filter(project=project, archived_at__isnull=True).select_for_update()
    return {n.pk: n for n in live}


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


def _live_siblings(project: Project, parent_id: int | None) -> list[DriverNode]:
    return list(
        DriverNode.objects.filter(project=project, parent_id=parent_id, archived_at__isnull=True).order_by(
            "position", "pk"
        )
    )


@transaction.atomic
def driver_node_remove(*, actor: User, node: DriverNode) -> DriverNode:
    """Archive a box (it must have no live boxes under it). The audit entry holds what restoring
    needs: its place (parent, position), text, level and the PDSA cycles linked to it."""
    node = DriverNode.objects.select_for_update().get(pk=node.pk)
    if node.is_archived:
        raise ValidationError(f"‘{node.text}’ has already been removed.")
    if DriverNode.objects.filter(parent=node, archived_at__isnull=True).exists():
        raise ValidationError(f"‘{node.text}’ has boxes under it. Remove or move those first.")
    project = node.project
    cycles = list(node.pdsa_cycles.order_by("number").values_list("number", flat=True))
    audit_log(
        actor=actor,
        action="driver.remove",
        organisation=node.organisation,
        obj=node,
        detail={
            "project": project.pk,
            "text": node.text,
            "parent": node.parent_id,
            "position": node.position,
            "pdsa_cycles": cycles,
        },
    )
    node.archived_at = timezone.now()
    node.save(update_fields=["archived_at"])
    _renumber(_live_siblings(project, node.parent_id))
    project_touch(project)
    return node


@transaction.atomic
def driver_node_restore(*, actor: User, node: DriverNode) -> DriverNode:
    """Bring a removed box back, last under its parent; its PDSA cycles never lost their link."""
    node = DriverNode.objects.select_for_update().get(pk=node.pk)
    if not node.is_archived:
        raise ValidationError(f"‘{node.text}’ is already in the driver diagram.")
    if node.parent_id is not None and node.parent is not None and node.parent.is_archived:
        raise ValidationError(
            f"‘{node.text}’ sat under ‘{node.parent.text}’, which was removed too. Restore that first."
        )
    project = node.project
    node.archived_at = None
    node.position = len(_live_siblings(project, node.parent_id))
    node.save(update_fields=["archived_at", "position"])
    project_touch(project)
    audit_log(
        actor=actor,
        action="driver.restore",
        organisation=node.organisation,
        obj=node,
        detail={"project": project.pk, "text": node.text, "parent": node.parent_id},
    )
    return node


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
