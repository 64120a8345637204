"""Driver diagram outline operations: add, rename, remove, up, down, indent, outdent."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from openqi.audit.models import AuditEvent
from openqi.projects import selectors, services
from openqi.projects.models import DriverNode, Project

pytestmark = pytest.mark.django_db


def shape(project: Project) -> list[tuple[int, str]]:
    """The outline as (depth, text) in reading order."""
    from openqi.projects.presenters import flatten

    return [(n.depth, n.text) for n in flatten(selectors.driver_nodes(project=project))]


@pytest.fixture
def lead(personas: Any) -> Any:
    return personas.lead.user


def add(project: Project, lead: Any, text: str, parent: DriverNode | None = None) -> DriverNode:
    return services.driver_node_add(actor=lead, project=project, text=text, parent=parent)


def test_boxes_are_added_in_order_at_each_level(project: Project, lead: Any) -> None:
    a = add(project, lead, "A")
    add(project, lead, "B")
    a1 = add(project, lead, "A1", a)
    add(project, lead, "A1x", a1)
    assert shape(project) == [(1, "A"), (2, "A1"), (3, "A1x"), (1, "B")]
    assert AuditEvent.objects.filter(action="driver.add").count() == 4


def test_change_ideas_cannot_have_boxes_under_them(project: Project, lead: Any) -> None:
    idea = add(project, lead, "Idea", add(project, lead, "S", add(project, lead, "P")))
    with pytest.raises(ValidationError, match="last column"):
        add(project, lead, "Too deep", idea)


def test_a_box_needs_text(project: Project, lead: Any) -> None:
    with pytest.raises(ValidationError):
        add(project, lead, "   ")
    assert not DriverNode.objects.exists()


def test_moving_up_and_down_swaps_with_the_neighbour(project: Project, lead: Any) -> None:
    add(project, lead, "A")
    b = add(project, lead, "B")
    add(project, lead, "C")
    services.driver_node_move(actor=lead, node=b, direction="up")
    assert shape(project) == [(1, "B"), (1, "A"), (1, "C")]
    services.driver_node_move(actor=lead, node=b, direction="down")
    services.driver_node_move(actor=lead, node=b, direction="down")
    assert shape(project) == [(1, "A"), (1, "C"), (1, "B")]
    with pytest.raises(ValidationError, match="already last"):
        services.driver_node_move(actor=lead, node=b, direction="down")


def test_indent_puts_a_box_under_the_one_above_and_outdent_brings_it_back(project: Project, lead: Any) -> None:
    add(project, lead, "A")
    b = add(project, lead, "B")
    c = add(project, lead, "C")
    services.driver_node_move(actor=lead, node=b, direction="indent")
    assert shape(project) == [(1, "A"), (2, "B"), (1, "C")]
    services.driver_node_move(actor=lead, node=c, direction="indent")
    assert shape(project) == [(1, "A"), (2, "B"), (2, "C")]
    b.refresh_from_db()
    services.driver_node_move(actor=lead, node=b, direction="outdent")
    # an outdented box sits straight after its old parent
    assert shape(project) == [(1, "A"), (2, "C"), (1, "B")]
    assert AuditEvent.objects.filter(action__in=["driver.indent", "driver.outdent"]).count() == 3


def test_indent_and_outdent_refuse_at_the_edges(project: Project, lead: Any) -> None:
    a = add(project, lead, "A")
    with pytest.raises(ValidationError, match="no box above"):
        services.driver_node_move(actor=lead, node=a, direction="indent")
    with pytest.raises(ValidationError, match="primary driver already"):
        services.driver_node_move(actor=lead, node=a, direction="outdent")
    # a box whose subtree would pass the change-idea column cannot indent
    b = add(project, lead, "B")
    add(project, lead, "B2", add(project, lead, "B1", b))
    with pytest.raises(ValidationError, match="cannot go further right"):
        services.driver_node_move(actor=lead, node=b, direction="indent")


def test_renaming_and_removing_a_box(project: Project, lead: Any) -> None:
    a = add(project, lead, "A")
    child = add(project, lead, "A1", a)
    add(project, lead, "B")
    services.driver_node_rename(actor=lead, node=a, text="  Safe ward  ")
    with pytest.raises(ValidationError, match="has boxes under it"):
        services.driver_node_remove(actor=lead, node=a)
    services.driver_node_remove(actor=lead, node=child)
    services.driver_node_remove(actor=lead, node=DriverNode.objects.get(text="Safe ward"))
    assert shape(project) == [(1, "B")]
    assert DriverNode.objects.get(text="B").position == 0
    assert AuditEvent.objects.filter(action="driver.remove").count() == 2
