"""Events a partner organisation runs, listed beside the network's own (issue 15)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.factories import OrganisationFactory
from openqi.network import services
from openqi.network.models import Event
from openqi.network.tests.conftest import Network, an_event, post
from openqi.network.tests.test_events import EVENT

pytestmark = pytest.mark.django_db


def test_the_team_adds_an_event_run_by_a_partner_and_anyone_can_list_its_events(
    network: Network, team_client: Client
) -> None:
    slug = network.system.slug
    org_a = network.personas.org_a
    response = post(team_client, f"/network/{slug}/team/events/new/", {**EVENT, "organisation": str(org_a.pk)})
    assert response.status_code == 302
    run = Event.objects.get(occasion__title=EVENT["title"])
    assert run.organisation == org_a
    network_own = an_event(network)
    assert network_own.organisation is None

    everything = Client().get(f"/network/{slug}/events/").content.decode()
    assert f"run by {org_a.name}" in everything and network_own.title in everything
    only_a = Client().get(f"/network/{slug}/events/?by={org_a.slug}").content.decode()
    assert EVENT["title"] in only_a and network_own.title not in only_a
    detail = Client().get(f"/network/{slug}/events/{run.pk}/").content.decode()
    assert "Run by" in detail and org_a.name in detail


def test_an_organisation_of_another_ics_cannot_run_an_event_here(network: Network, team_client: Client) -> None:
    elsewhere = OrganisationFactory()
    response = post(
        team_client, f"/network/{network.system.slug}/team/events/new/", {**EVENT, "organisation": str(elsewhere.pk)}
    )
    assert response.status_code == 400 and "Choose an organisation from the list" in response.content.decode()
    with pytest.raises(ValidationError):
        services.event_create(
            actor=network.team_user,
            system=network.system,
            title="x",
            description="x",
            kind="meeting",
            mode="online",
            starts_at=an_event(network).occasion.starts_at,
            ends_at=an_event(network).occasion.ends_at,
            capacity=3,
            online_link="https://meet.example.org/x",
            organisation=elsewhere,
        )
    assert not Event.objects.filter(occasion__title="x").exists()
