""" "Has this been tried before?": similar projects the viewer may see, here and across the ICS."""

from typing import Any

import pytest
from django.test import Client

from openqi.projects import services
from openqi.projects.models import Project
from openqi.projects.selectors.spread import project_similar

pytestmark = pytest.mark.django_db


def start(personas: Any, org: Any, title: str, problem: str, visibility: str = "organisation") -> Project:
    actor = personas.lead.user if org == personas.org_a else personas.outsider.user
    return services.project_create(actor=actor, organisation=org, title=title, problem=problem, visibility=visibility)


@pytest.fixture
def archive(personas: Any) -> dict[str, Project]:
    a, b = personas.org_a, personas.org_b
    return {
        "falls": start(personas, a, "Reduce falls on Ward 9", "Elderly patients fall at night when they walk alone."),
        "private": start(personas, a, "Falls in the private bay", "Patients fall at night.", "private"),
        "beta_public": start(personas, b, "Fewer falls at Beta", "Patients fall at night in bays.", "public"),
        "beta_org": start(personas, b, "Beta falls secret", "Patients fall at night in bays.", "organisation"),
        "flow": start(personas, a, "Discharge before noon", "Delays to discharge on the medical wards."),
    }


def test_similar_projects_come_from_here_and_from_public_ics_summaries_only(
    personas: Any, archive: dict[str, Project]
) -> None:
    from openqi.organisations.access import OrgAccess

    access = OrgAccess(organisation=personas.org_a, membership=personas.member, is_system_admin=False)
    found = project_similar(access=access, user_id=personas.member.user.pk, text="Falls at night on the ward")
    titles = [s.project.title for s in found]
    assert "Reduce falls on Ward 9" in titles and "Fewer falls at Beta" in titles
    assert "Falls in the private bay" not in titles  # private to a team the member is not in
    assert "Beta falls secret" not in titles and "Discharge before noon" not in titles
    own = {s.project.title: s.own_organisation for s in found}
    assert own["Reduce falls on Ward 9"] and not own["Fewer falls at Beta"]
    assert found == sorted(found, key=lambda s: -s.score)


def test_nothing_telling_finds_nothing(personas: Any, archive: dict[str, Project]) -> None:
    from openqi.organisations.access import OrgAccess

    access = OrgAccess(organisation=personas.org_a, membership=personas.lead, is_system_admin=False)
    assert project_similar(access=access, user_id=personas.lead.user.pk, text="the and of") == []


def test_the_create_page_checks_before_saving_without_error_messages(
    personas: Any, archive: dict[str, Project], member_client: Client
) -> None:
    response = member_client.post(
        "/o/alpha/projects/new/", {"action": "check", "title": "Falls at night", "problem": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "These projects look similar to yours" in page
    assert "Reduce falls on Ward 9" in page and "Fewer falls at Beta" in page and "Beta Community NHS Trust" in page
    assert "Beta falls secret" not in page and "There is a problem" not in page
    assert Project.objects.count() == 5
    assert 'value="Falls at night"' in page  # what was typed is kept
    response = member_client.post("/o/alpha/projects/new/", {"action": "check", "title": "Quantum widgets"})
    assert "No similar projects found" in response.content.decode()


def test_the_project_page_lists_similar_projects(
    personas: Any, archive: dict[str, Project], lead_client: Client
) -> None:
    page = lead_client.get(f"/o/alpha/projects/{archive['falls'].pk}/").content.decode()
    section = page.split("Similar projects</h2>")[1]
    assert "Fewer falls at Beta" in section and "Reduce falls on Ward 9" not in section
