"""Who may open the network's pages: everyone the public ones; members their own; the ICS's CQI
team (its system admins) the team pages, and every other signed-in person gets 404."""

from typing import Any

import pytest
from django.test import Client

from openqi.conftest import client_for
from openqi.factories import SystemFactory
from openqi.network.models import PartnerDomain
from openqi.network.tests.conftest import Network, an_event, join_and_confirm

pytestmark = pytest.mark.django_db

TEAM_PAGES = [
    "team/members/",
    "team/events/new/",
    "team/events/{event}/",
    "team/domains/",
    "team/domains/{domain}/remove/",
    "team/enquiries/",
    "team/enquiries/?show=handled",
]
MEMBER_PAGES = ["me/", "me/choices/", "me/consent/withdraw/", "me/leave/", "events/{event}/cancel/"]
PUBLIC_PAGES = [
    "contact/",
    "",
    "join/",
    "sign-in/",
    "events/",
    "events/?when=past",
    "events/{event}/",
    "events/{event}/calendar.ics",
]


def _url(network: Network, page: str, event_id: int) -> str:
    domain = PartnerDomain.objects.get(domain="alpha.nhs.uk")
    return f"/network/{network.system.slug}/" + page.format(event=event_id, domain=domain.pk)


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_pages_open_without_an_account(network: Network, page: str) -> None:
    event = an_event(network)
    assert Client().get(_url(network, page, event.pk)).status_code == 200


@pytest.mark.parametrize("page", TEAM_PAGES)
@pytest.mark.parametrize("who", ["member", "lead", "admin", "outsider"])
def test_team_pages_are_404_for_everyone_but_the_ics_cqi_team(network: Network, page: str, who: str) -> None:
    event = an_event(network)
    membership = getattr(network.personas, who)
    from openqi.conftest import give_totp

    if who != "admin":
        give_totp(membership.user)
    assert client_for(membership.user).get(_url(network, page, event.pk)).status_code == 404


@pytest.mark.parametrize("page", TEAM_PAGES)
def test_team_pages_open_for_the_ics_cqi_team_only_in_their_own_ics(
    network: Network, page: str, team_client: Client
) -> None:
    event = an_event(network)
    assert team_client.get(_url(network, page, event.pk)).status_code == 200
    other = SystemFactory()
    assert team_client.get(_url(network, page, event.pk).replace(network.system.slug, other.slug)).status_code == 404


@pytest.mark.parametrize("page", TEAM_PAGES)
def test_team_pages_send_the_signed_out_to_sign_in(network: Network, page: str) -> None:
    response = Client().get(_url(network, page, an_event(network).pk))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_member_pages_send_others_to_the_network_sign_in(network: Network, page: str, lead_client: Client) -> None:
    event = an_event(network)
    for client in (Client(), lead_client):  # an OpenQI account is not a network membership
        response = client.get(_url(network, page, event.pk))
        assert response.status_code == 302
        assert response["Location"].startswith(f"/network/{network.system.slug}/sign-in/")


def test_a_member_of_one_network_is_not_a_member_of_another(network: Network) -> None:
    client = join_and_confirm(Client(), network.system)
    other = SystemFactory()
    response = client.get(f"/network/{other.slug}/me/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_a_member_cannot_see_or_cancel_another_members_booking(network: Network) -> None:
    event = an_event(network)
    first = join_and_confirm(Client(), network.system, email="a@example.org")
    second = join_and_confirm(Client(), network.system, email="b@example.org")
    from openqi.network.tests.conftest import post

    post(first, f"/network/{network.system.slug}/events/{event.pk}/book/")
    assert second.get(f"/network/{network.system.slug}/events/{event.pk}/cancel/").status_code == 404
    assert "a@example.org" not in second.get(f"/network/{network.system.slug}/events/{event.pk}/").content.decode()


def test_unknown_networks_and_events_are_404(network: Network) -> None:
    assert Client().get("/network/no-such-ics/").status_code == 404
    assert Client().get(f"/network/{network.system.slug}/events/999999/").status_code == 404


def test_a_signed_in_account_with_a_confirmed_membership_counts_as_that_member(network: Network, personas: Any) -> None:
    join_and_confirm(Client(), network.system, email="member@alpha.nhs.uk", name="Mo Member")
    assert client_for(personas.member.user).get(f"/network/{network.system.slug}/me/").status_code == 200
