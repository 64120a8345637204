"""Lead actions need the project lead (or an organisation lead); staff without a role get 403."""

from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.projects import services
from openqi.projects.models import DriverNode, PdsaCycle, Project

pytestmark = pytest.mark.django_db


def test_staff_without_a_project_role_get_403_on_lead_and_team_actions(
    project: Project, personas: Any, member_client: Client
) -> None:
    node = services.driver_node_add(actor=personas.lead.user, project=project, text="Driver")
    base = f"/o/alpha/projects/{project.pk}/"
    assert member_client.get(base).status_code == 200  # they can read it
    for path in ["edit/", "aim/", "progress/", "drivers/add/", f"drivers/{node.pk}/rename/", "pdsa/new/"]:
        assert member_client.get(base + path).status_code == 403, path
    for path, data in [
        ("members/", {"user": str(personas.member.user.pk), "role": "lead"}),
        ("links/", {"kind": "measure", "ref_id": "1", "label": "x"}),
        (f"drivers/{node.pk}/change/", {"action": "delete"}),
        (f"drivers/{node.pk}/remove/", {}),
        (f"drivers/{node.pk}/restore/", {}),
        ("drivers/add/", {"text": "Sneaky"}),
    ]:
        assert member_client.post(base + path, data).status_code == 403, path
    assert DriverNode.objects.filter(archived_at__isnull=True).count() == 1
    assert not AuditEvent.objects.filter(
        action__in=["project.member_add", "project.link_add", "driver.remove"]
    ).exists()


def test_a_project_member_edits_content_but_not_lead_settings(
    project: Project, personas: Any, member_client: Client
) -> None:
    services.project_member_add(actor=personas.lead.user, project=project, user=personas.member.user, role="member")
    base = f"/o/alpha/projects/{project.pk}/"
    response = member_client.post(
        base + "pdsa/new/", {"objective": "Test", "question": "Q", "prediction": "P"}, follow=False
    )
    assert response.status_code == 302 and PdsaCycle.objects.count() == 1
    assert member_client.get(base + "aim/").status_code == 403
    assert member_client.get(base + "progress/").status_code == 403


def test_an_organisation_lead_may_run_any_project_they_can_see(
    project: Project, personas: Any, admin_client_a: Client
) -> None:
    assert admin_client_a.get(f"/o/alpha/projects/{project.pk}/edit/").status_code == 200


def test_only_a_closed_project_can_be_copied(project: Project, personas: Any, lead_client: Client) -> None:
    services.driver_node_add(actor=personas.lead.user, project=project, text="Driver")
    url = f"/o/alpha/projects/{project.pk}/copy/"
    response = lead_client.post(url, {"title": "Again"})
    assert "Only a closed project can be copied" in response.content.decode()
    services.project_update(actor=personas.lead.user, project=project, stage="closed")
    response = lead_client.post(url, {"title": "Falls on Ward 7"})
    assert response.status_code == 302
    copy = Project.objects.get(title="Falls on Ward 7")
    assert copy.copied_from == project and copy.problem == project.problem
    assert list(copy.driver_nodes.values_list("text", flat=True)) == ["Driver"]
    assert not copy.has_aim and copy.stage == "diagnose"


def test_the_last_project_lead_cannot_be_removed(project: Project, personas: Any, lead_client: Client) -> None:
    member = project.members.get()
    response = lead_client.post(f"/o/alpha/projects/{project.pk}/members/{member.pk}/remove/", follow=True)
    assert "A project needs a lead" in response.content.decode()
    assert project.members.count() == 1


def test_a_copy_keeps_the_driver_diagram_shape_even_after_moves(project: Project, personas: Any) -> None:
    from openqi.projects.presenters import flatten
    from openqi.projects.selectors import driver_nodes

    lead = personas.lead.user
    a = services.driver_node_add(actor=lead, project=project, text="A")
    b = services.driver_node_add(actor=lead, project=project, text="B")
    services.driver_node_move(actor=lead, node=b, direction="up")
    a.refresh_from_db()
    services.driver_node_move(actor=lead, node=a, direction="indent")  # A (older) now sits under B
    services.project_update(actor=lead, project=project, stage="closed")
    copy = services.project_copy(actor=lead, source=project, title="Again")

    def shape(p: Project) -> list[tuple[int, str]]:
        return [(n.depth, n.text) for n in flatten(driver_nodes(project=p))]

    assert shape(copy) == shape(project) == [(1, "B"), (2, "A")]


def test_the_last_project_lead_cannot_step_down_until_someone_else_leads(project: Project, personas: Any) -> None:
    from django.core.exceptions import ValidationError

    lead, member = personas.lead.user, personas.member.user
    with pytest.raises(ValidationError, match="needs a lead"):
        services.project_member_add(actor=lead, project=project, user=lead, role="member")
    services.project_member_add(actor=lead, project=project, user=member, role="lead")
    services.project_member_add(actor=lead, project=project, user=lead, role="qi_coach")
    assert dict(project.members.values_list("user__email", "role")) == {
        member.email: "lead",
        lead.email: "qi_coach",
    }


def test_partners_join_projects_only_as_partners(project: Project, personas: Any) -> None:
    from django.core.exceptions import ValidationError

    from openqi.factories import MembershipFactory
    from openqi.organisations.models import Role

    partner = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER).user
    with pytest.raises(ValidationError, match="Partners"):
        services.project_member_add(actor=personas.lead.user, project=project, user=partner, role="member")
    with pytest.raises(ValidationError, match="Partners"):
        services.project_member_add(
            actor=personas.lead.user, project=project, user=personas.member.user, role="partner"
        )
    with pytest.raises(ValidationError, match="in this organisation"):
        services.project_member_add(
            actor=personas.lead.user, project=project, user=personas.outsider.user, role="member"
        )
