"""Who may open each board page: staff and up read and change the board; leads manage counts and
ward screens; partners (experts by experience) and outsiders are kept out."""

from typing import Any

import pytest
from django.test import Client

from openqi.conftest import client_for
from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Role


@pytest.fixture
def partner_client(personas: Any) -> Client:
    membership = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER, user=UserFactory())
    return client_for(membership.user)


PAGES = ["", "live/", "cards/new/", "huddles/", "huddles/new/"]
LEAD_PAGES = ["counts/new/", "screens/", "screens/new/"]


def test_staff_open_the_board_pages_and_only_leads_the_lead_pages(
    personas: Any, member_client: Client, lead_client: Client
) -> None:
    base = f"/o/{personas.org_a.slug}/boards/{personas.member.team.pk}/"
    assert member_client.get(f"/o/{personas.org_a.slug}/boards/").status_code == 200
    for page in PAGES:
        assert member_client.get(base + page).status_code == 200, page
    for page in LEAD_PAGES:
        assert member_client.get(base + page).status_code == 403, page
        assert lead_client.get(base + page).status_code == 200, page


def test_a_partner_is_refused_and_an_outsider_is_not_told_the_board_exists(
    personas: Any, partner_client: Client, outsider_client: Client
) -> None:
    base = f"/o/{personas.org_a.slug}/boards/{personas.member.team.pk}/"
    for page in PAGES + LEAD_PAGES:
        assert partner_client.get(base + page).status_code == 403, page
        assert outsider_client.get(base + page).status_code == 404, page
