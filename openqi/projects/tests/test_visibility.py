"""Who sees which project: private projects, partners, the archive across the ICS."""

from typing import Any

import pytest
from django.test import Client

from openqi.conftest import client_for
from openqi.factories import MembershipFactory, TeamFactory
from openqi.organisations.models import Role
from openqi.projects import services
from openqi.projects.models import Project, ProjectRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def private(personas: Any) -> Project:
    return services.project_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Private sepsis work",
        problem="Sepsis screening is late.",
        visibility="private",
        team=TeamFactory(organisation=personas.org_a, name="ED"),
    )


def test_a_private_project_is_404_for_a_member_outside_the_project_team(
    private: Project, member_client: Client
) -> None:
    assert member_client.get(f"/o/alpha/projects/{private.pk}/").status_code == 404
    assert member_client.get(f"/o/alpha/projects/{private.pk}/drivers/").status_code == 404
    assert "Private sepsis work" not in member_client.get("/o/alpha/projects/").content.decode()


def test_a_private_project_is_visible_to_its_project_members_and_its_team(private: Project, personas: Any) -> None:
    services.project_member_add(actor=personas.lead.user, project=private, user=personas.member.user, role="member")
    assert client_for(personas.member.user).get(f"/o/alpha/projects/{private.pk}/").status_code == 200
    on_the_team = MembershipFactory(organisation=personas.org_a, team=private.team, role=Role.STAFF)
    response = client_for(on_the_team.user).get("/o/alpha/projects/")
    assert "Private sepsis work" in response.content.decode()


def test_an_organisation_admin_not_on_a_private_project_does_not_see_it(
    private: Project, admin_client_a: Client
) -> None:
    assert admin_client_a.get(f"/o/alpha/projects/{private.pk}/").status_code == 404


def test_a_partner_sees_only_the_projects_they_are_on_in_a_simple_view(project: Project, personas: Any) -> None:
    partner = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER)
    other = services.project_create(
        actor=personas.lead.user, organisation=personas.org_a, title="Open to all staff", problem="P"
    )
    client = client_for(partner.user)
    assert client.get(f"/o/alpha/projects/{other.pk}/").status_code == 404
    services.project_member_add(actor=personas.lead.user, project=project, user=partner.user, role=ProjectRole.PARTNER)
    listing = client.get("/o/alpha/projects/").content.decode()
    assert project.title in listing and other.title not in listing
    page = client.get(f"/o/alpha/projects/{project.pk}/").content.decode()
    assert "What we are trying to improve" in page
    assert "Progress score" not in page and "Plan a PDSA cycle" not in page
    # the working pages stay closed to partners
    assert client.get(f"/o/alpha/projects/{project.pk}/drivers/").status_code == 403


def test_the_archive_searches_by_words_team_domain_and_stage(personas: Any, member_client: Client) -> None:
    ward = personas.member.team
    lead = personas.lead.user
    services.project_create(
        actor=lead, organisation=personas.org_a, title="Falls", problem="Night falls", team=ward, domains=["safe"]
    )
    flow = services.project_create(
        actor=lead, organisation=personas.org_a, title="Discharge before noon", problem="Delays", domains=["timely"]
    )
    services.project_update(actor=lead, project=flow, stage="test")

    def titles(query: str) -> list[str]:
        html = member_client.get(f"/o/alpha/projects/?{query}").content.decode()
        return [t for t in ("Falls", "Discharge before noon") if f">{t}</a>" in html]

    assert titles("q=night") == ["Falls"]
    assert titles("q=discharge+noon") == ["Discharge before noon"]
    assert titles(f"team={ward.pk}") == ["Falls"]
    assert titles("domain=timely") == ["Discharge before noon"]
    assert titles("stage=test") == ["Discharge before noon"]
    assert titles("q=nothing-like-this") == []


def test_the_archive_shows_public_summaries_from_the_ics_but_nothing_else(personas: Any, member_client: Client) -> None:
    outsider = personas.outsider.user
    services.project_create(
        actor=outsider, organisation=personas.org_b, title="Shared learning", problem="P", visibility="public"
    )
    services.project_create(actor=outsider, organisation=personas.org_b, title="Beta internal", problem="P")
    html = member_client.get("/o/alpha/projects/").content.decode()
    assert "Shared learning" in html and personas.org_b.name in html
    assert "Beta internal" not in html
