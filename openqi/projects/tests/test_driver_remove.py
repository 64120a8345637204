"""Removing a box from the driver diagram asks first, archives it (its PDSA cycles keep their
link), offers Undo on the next page, and the removed boxes page restores it later."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.projects import selectors, services
from openqi.projects.models import DriverNode, PdsaCycle, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(project: Project, personas: Any) -> DriverNode:
    lead = personas.lead.user
    primary = services.driver_node_add(actor=lead, project=project, text="Safe ward")
    secondary = services.driver_node_add(actor=lead, project=project, text="Mobility", parent=primary)
    return services.driver_node_add(actor=lead, project=project, text="Huddle at 8am", parent=secondary)


@pytest.fixture
def cycle(project: Project, personas: Any, idea: DriverNode) -> PdsaCycle:
    return services.pdsa_cycle_plan(
        actor=personas.lead.user,
        project=project,
        change_idea=idea,
        objective="Try the huddle",
        question="Q",
        prediction="P",
    )


def _base(project: Project) -> str:
    return f"/o/alpha/projects/{project.pk}/drivers/"


def test_removing_a_change_idea_asks_for_confirmation_first(
    project: Project, idea: DriverNode, cycle: PdsaCycle, lead_client: Client
) -> None:
    page = lead_client.get(_base(project) + f"{idea.pk}/remove/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Remove ‘Huddle at 8am’?" in text
    assert "Its PDSA cycle keeps its link to it." in text
    assert 'method="post"' in text and "Cancel" in text
    idea.refresh_from_db()
    assert not idea.is_archived  # looking at the question changes nothing


def test_the_old_one_click_delete_button_now_leads_to_the_confirmation(
    project: Project, idea: DriverNode, lead_client: Client
) -> None:
    response = lead_client.post(_base(project) + f"{idea.pk}/change/", {"action": "delete"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/drivers/{idea.pk}/remove/")
    assert DriverNode.objects.filter(pk=idea.pk, archived_at__isnull=True).exists()


def test_removing_archives_the_change_idea_and_its_cycles_keep_their_link(
    project: Project, idea: DriverNode, cycle: PdsaCycle, lead_client: Client
) -> None:
    response = lead_client.post(_base(project) + f"{idea.pk}/remove/", follow=True)
    idea.refresh_from_db()
    cycle.refresh_from_db()
    assert idea.is_archived
    assert cycle.change_idea_id == idea.pk
    assert "Huddle at 8am" not in [n.text for n in selectors.change_ideas(project=project)]
    text = response.content.decode()
    assert "Removed ‘Huddle at 8am’ from the driver diagram" in text
    assert f'action="/o/alpha/projects/{project.pk}/drivers/{idea.pk}/restore/"' in text  # the Undo button
    event = AuditEvent.objects.get(action="driver.remove")
    assert event.detail["text"] == "Huddle at 8am"
    assert event.detail["parent"] == idea.parent_id
    assert event.detail["pdsa_cycles"] == [cycle.number]


def test_undo_puts_the_change_idea_back_where_it_was(
    project: Project, idea: DriverNode, cycle: PdsaCycle, lead_client: Client
) -> None:
    lead_client.post(_base(project) + f"{idea.pk}/remove/")
    response = lead_client.post(_base(project) + f"{idea.pk}/restore/", follow=True)
    idea.refresh_from_db()
    assert not idea.is_archived
    assert "Huddle at 8am" in [n.text for n in selectors.change_ideas(project=project)]
    assert "Restored ‘Huddle at 8am’ to the driver diagram" in response.content.decode()
    assert AuditEvent.objects.filter(action="driver.restore", object_id=str(idea.pk)).exists()


def test_the_removed_boxes_page_lists_and_restores_later(
    project: Project, idea: DriverNode, cycle: PdsaCycle, lead_client: Client, personas: Any
) -> None:
    services.driver_node_remove(actor=personas.lead.user, node=idea)
    page = lead_client.get(_base(project) + "removed/").content.decode()
    assert "Huddle at 8am" in page and "Mobility" in page  # what it was under
    assert f"/drivers/{idea.pk}/restore/" in page
    lead_client.post(_base(project) + f"{idea.pk}/restore/")
    assert DriverNode.objects.get(pk=idea.pk).archived_at is None
    assert "No boxes have been removed" in lead_client.get(_base(project) + "removed/").content.decode()


def test_a_box_whose_parent_was_removed_too_is_restored_after_its_parent(
    project: Project, idea: DriverNode, personas: Any
) -> None:
    lead = personas.lead.user
    services.driver_node_remove(actor=lead, node=idea)
    secondary = DriverNode.objects.get(text="Mobility")
    services.driver_node_remove(actor=lead, node=secondary)
    with pytest.raises(ValidationError, match="Restore that first"):
        services.driver_node_restore(actor=lead, node=idea)
    services.driver_node_restore(actor=lead, node=secondary)
    services.driver_node_restore(actor=lead, node=idea)
    assert [n.text for n in selectors.change_ideas(project=project)] == ["Huddle at 8am"]


def test_a_removed_change_idea_cannot_be_chosen_for_a_new_cycle_but_an_old_cycle_keeps_it(
    project: Project, idea: DriverNode, cycle: PdsaCycle, personas: Any
) -> None:
    lead = personas.lead.user
    services.driver_node_remove(actor=lead, node=idea)
    with pytest.raises(ValidationError, match="has been removed"):
        services.pdsa_cycle_plan(
            actor=lead, project=project, change_idea=idea, objective="O", question="Q", prediction="P"
        )
    services.pdsa_cycle_update_plan(
        actor=lead,
        cycle=cycle,
        change_idea=idea,
        objective="Try the huddle again",
        question="Q",
        prediction="P",
    )
    cycle.refresh_from_db()
    assert cycle.change_idea_id == idea.pk


def test_removing_twice_or_restoring_a_live_box_is_refused(project: Project, idea: DriverNode, personas: Any) -> None:
    lead = personas.lead.user
    with pytest.raises(ValidationError, match="already in the driver diagram"):
        services.driver_node_restore(actor=lead, node=idea)
    services.driver_node_remove(actor=lead, node=idea)
    with pytest.raises(ValidationError, match="already been removed"):
        services.driver_node_remove(actor=lead, node=idea)
