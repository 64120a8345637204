"""Partners (experts by experience) do not take part in sustainability scoring; a private
project's assessments do not exist for readers outside its team."""

from typing import Any

from django.test import Client

from openqi.conftest import client_for
from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Role
from openqi.projects import services as project_services


def test_a_partner_on_the_project_is_refused_and_a_private_project_is_hidden(
    personas: Any, lead_client: Client, member_client: Client
) -> None:
    partner = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER, user=UserFactory()).user
    open_project = project_services.project_create(
        actor=personas.lead.user, organisation=personas.org_a, title="Open", problem="p"
    )
    project_services.project_member_add(actor=personas.lead.user, project=open_project, user=partner, role="partner")
    url = f"/o/{personas.org_a.slug}/projects/{open_project.pk}/sustainability/"
    assert client_for(partner).get(url).status_code == 403
    assert member_client.get(url).status_code == 200

    private = project_services.project_create(
        actor=personas.lead.user, organisation=personas.org_a, title="Private", problem="p", visibility="private"
    )
    assert member_client.get(f"/o/{personas.org_a.slug}/projects/{private.pk}/sustainability/").status_code == 404
    assert lead_client.get(f"/o/{personas.org_a.slug}/projects/{private.pk}/sustainability/").status_code == 200
