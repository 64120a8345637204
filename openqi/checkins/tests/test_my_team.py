"""A staff member sees their own team's weekly good-day share, suppressed as on the QI team's page."""

import datetime
from typing import Any

import pytest
from django.test import Client

from openqi.checkins.tests.helpers import add_checkins, last_week
from openqi.factories import TeamFactory
from openqi.organisations.models import Membership

pytestmark = pytest.mark.django_db


def test_a_member_sees_their_teams_shown_weeks_and_no_comments(personas: Any, member_client: Client) -> None:
    ward = personas.member.team
    add_checkins(personas.org_a, ward, 8, score=5, comment="A named colleague was rude")
    add_checkins(personas.org_a, ward, 12, score=2)
    add_checkins(personas.org_a, ward, 4, day=last_week() - datetime.timedelta(weeks=1))  # below k
    add_checkins(personas.org_a, ward, 11, day=last_week() - datetime.timedelta(weeks=2))
    # That week another team has 4: the organisation less Ward 1 would give them away.
    other = TeamFactory(organisation=personas.org_a, name="Another team")
    add_checkins(personas.org_a, other, 4, day=last_week() - datetime.timedelta(weeks=2))
    html = member_client.get(f"/o/{personas.org_a.slug}/check-ins/my-team/").content.decode()
    assert "How work has been in Ward 1" in html
    assert "<strong>40%</strong> of 20 check-ins" in html
    assert "Fewer than 11 responses" in html
    assert "Hidden to protect a smaller group" in html
    assert "rude" not in html
    assert ">4<" not in html and ">11<" not in html


def test_a_small_team_shows_nothing_it_would_not_show_the_qi_team(personas: Any, member_client: Client) -> None:
    add_checkins(personas.org_a, personas.member.team, 5)
    add_checkins(personas.org_a, TeamFactory(organisation=personas.org_a, name="Ward 2"), 30)
    html = member_client.get(f"/o/{personas.org_a.slug}/check-ins/my-team/").content.decode()
    assert "No week has enough responses to show yet" in html
    assert ">5<" not in html


def test_a_member_without_a_team_is_told_so(personas: Any, member_client: Client) -> None:
    Membership.objects.filter(pk=personas.member.pk).update(team=None)
    html = member_client.get(f"/o/{personas.org_a.slug}/check-ins/my-team/").content.decode()
    assert "You are not in a team" in html


def test_outsiders_get_404(personas: Any, outsider_client: Client) -> None:
    assert outsider_client.get(f"/o/{personas.org_a.slug}/check-ins/my-team/").status_code == 404
