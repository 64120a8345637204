"""Who may open each dashboard page (issue 14): the organisation's for leads and admins (staff
are sent to their own team's); a team's for its members, QI coaches and above; the ICS's for its
system admins and executives. Outsiders are not told any of it exists."""

from typing import Any

import pytest
from django.test import Client

from openqi.conftest import client_for, give_totp
from openqi.factories import MembershipFactory, SystemFactory, SystemMembershipFactory, TeamFactory, UserFactory
from openqi.organisations.models import Role

ORG_PAGES = ["", "live/", "export/ideas/csv/", "export/measures/xlsx/"]


@pytest.fixture
def partner_client(personas: Any) -> Client:
    membership = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER, user=UserFactory())
    return client_for(membership.user)


def test_leads_and_admins_open_the_organisation_dashboard_its_live_address_and_exports(
    personas: Any, lead_client: Client, admin_client_a: Client
) -> None:
    base = f"/o/{personas.org_a.slug}/dashboards/"
    for page in ORG_PAGES:
        assert lead_client.get(base + page).status_code == 200, page
        assert admin_client_a.get(base + page).status_code == 200, page


def test_staff_are_sent_to_their_own_team_dashboard_and_refused_the_organisation_figures(
    personas: Any, member_client: Client
) -> None:
    base = f"/o/{personas.org_a.slug}/dashboards/"
    response = member_client.get(base)
    assert response.status_code == 302
    assert response["Location"] == f"{base}team/{personas.member.team.pk}/"
    for page in ORG_PAGES[1:]:
        assert member_client.get(base + page).status_code == 403, page


def test_staff_without_a_team_and_partners_are_refused(personas: Any, partner_client: Client) -> None:
    no_team = client_for(MembershipFactory(organisation=personas.org_a, role=Role.STAFF).user)
    base = f"/o/{personas.org_a.slug}/dashboards/"
    assert no_team.get(base).status_code == 403
    assert partner_client.get(base).status_code == 403
    assert partner_client.get(f"{base}team/{personas.member.team.pk}/").status_code == 403


def test_a_member_opens_their_team_and_the_teams_inside_it_but_not_a_sibling_team(
    personas: Any, member_client: Client
) -> None:
    ward = personas.member.team
    bay = TeamFactory(organisation=personas.org_a, parent=ward, name="Bay A")
    other = TeamFactory(organisation=personas.org_a, name="Ward 2")
    base = f"/o/{personas.org_a.slug}/dashboards/team/"
    for team in (ward, bay):
        for page in ("", "live/", "export/checkins/csv/", "export/ideas/xlsx/"):
            assert member_client.get(f"{base}{team.pk}/{page}").status_code == 200, (team.name, page)
    for page in ("", "live/", "export/checkins/csv/"):
        assert member_client.get(f"{base}{other.pk}/{page}").status_code == 403, page


def test_a_qi_coach_opens_any_team_dashboard(personas: Any) -> None:
    coach = client_for(MembershipFactory(organisation=personas.org_a, role=Role.QI_COACH).user)
    other = TeamFactory(organisation=personas.org_a, name="Ward 2")
    assert coach.get(f"/o/{personas.org_a.slug}/dashboards/team/{other.pk}/").status_code == 200
    assert coach.get(f"/o/{personas.org_a.slug}/dashboards/").status_code == 403


def test_an_outsider_gets_404_everywhere_in_the_organisation(personas: Any, outsider_client: Client) -> None:
    base = f"/o/{personas.org_a.slug}/dashboards/"
    for page in [*ORG_PAGES, f"team/{personas.member.team.pk}/", f"team/{personas.member.team.pk}/live/"]:
        assert outsider_client.get(base + page).status_code == 404, page


def test_a_team_of_another_organisation_is_not_found(personas: Any, lead_client: Client) -> None:
    theirs = TeamFactory(organisation=personas.org_b)
    assert lead_client.get(f"/o/{personas.org_a.slug}/dashboards/team/{theirs.pk}/").status_code == 404


SYSTEM_PAGES = ["", "live/", "export/ideas/csv/", "export/checkins/xlsx/", "export/benchmark/csv/"]


@pytest.mark.parametrize("role", ["system_admin", "executive"])
def test_system_admins_and_executives_open_their_ics_dashboard(personas: Any, role: str) -> None:
    reader = SystemMembershipFactory(system=personas.org_a.system, role=role).user
    give_totp(reader)  # system admins must use two factors before any page
    client = client_for(reader)
    slug = personas.org_a.system.slug
    assert client.get("/system/dashboards/").status_code == 302
    for page in SYSTEM_PAGES:
        status = client.get(f"/system/dashboards/{slug}/{page}").status_code
        # No like measures in two organisations yet: the benchmark has nothing to export.
        assert status == (404 if page.startswith("export/benchmark") else 200), page


def test_anyone_else_is_not_told_the_ics_dashboard_exists(
    personas: Any, lead_client: Client, admin_client_a: Client
) -> None:
    stranger = SystemMembershipFactory(system=SystemFactory(), role="system_admin").user
    give_totp(stranger)
    other_admin = client_for(stranger)
    slug = personas.org_a.system.slug
    for client in (lead_client, admin_client_a, other_admin):
        for page in SYSTEM_PAGES:
            assert client.get(f"/system/dashboards/{slug}/{page}").status_code == 404, page
    assert lead_client.get("/system/dashboards/").status_code == 403
    assert Client().get(f"/system/dashboards/{slug}/").status_code == 302
