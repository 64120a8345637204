"""Every project page renders for the people who may use it."""

from typing import Any

import pytest
from django.test import Client

from openqi.projects import services
from openqi.projects.models import Project

pytestmark = pytest.mark.django_db


def _full_project(project: Project, personas: Any) -> tuple[int, int]:
    lead = personas.lead.user
    driver = services.driver_node_add(actor=lead, project=project, text="Safe environment")
    secondary = services.driver_node_add(actor=lead, project=project, text="Bay nursing", parent=driver)
    idea = services.driver_node_add(actor=lead, project=project, text="Cohort bay", parent=secondary)
    cycle = services.pdsa_cycle_plan(
        actor=lead, project=project, change_idea=idea, objective="Try a cohort bay", question="Q?", prediction="Fewer"
    )
    services.project_link_add(
        actor=lead, project=project, kind="measure", ref_id=3, label="Falls per 1,000 bed days", has_baseline=True
    )
    return idea.pk, cycle.pk


def test_every_project_page_renders_for_the_lead(project_with_aim: Project, personas: Any, lead_client: Client) -> None:
    idea_id, cycle_id = _full_project(project_with_aim, personas)
    base = f"/o/alpha/projects/{project_with_aim.pk}/"
    for path in [
        "/o/alpha/projects/",
        "/o/alpha/projects/new/",
        base,
        base + "edit/",
        base + "aim/",
        base + "members/",
        base + "links/",
        base + "drivers/",
        base + "drivers/add/",
        base + f"drivers/add/?parent={idea_id - 1}",
        base + f"drivers/{idea_id}/rename/",
        base + "pdsa/new/",
        base + f"pdsa/{cycle_id}/",
        base + f"pdsa/{cycle_id}/plan/",
        base + f"pdsa/{cycle_id}/do/",
        base + f"pdsa/{cycle_id}/study/",
        base + f"pdsa/{cycle_id}/act/",
        base + "progress/",
    ]:
        response = lead_client.get(path)
        assert response.status_code == 200, path
    page = lead_client.get(base).content.decode()
    assert "We aim to reduce falls with harm by 30% for patients on Ward 9 by" in page
    assert "<svg" in page and "Cohort bay" in page
    assert "Understand the problem" in page  # what the diagnose stage expects


def test_the_primary_navigation_offers_projects_to_members(personas: Any, member_client: Client) -> None:
    page = member_client.get("/o/alpha/").content.decode()
    assert 'href="/o/alpha/projects/"' in page
