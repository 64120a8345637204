"""The champions tile on the leaders' dashboards (issue 19): champions per team against one per
team, ideas per team with and without a champion, and check-ins under the k rule with
complementary suppression between the two groups."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openqi.checkins.aggregates import checkin_days_rebuild
from openqi.checkins.models import CheckIn
from openqi.checkins.selectors import checkin_responses_for_team_groups
from openqi.factories import TeamFactory
from openqi.ideas.services import idea_submit
from openqi.recognition import services

pytestmark = pytest.mark.django_db


def _checkins(personas: Any, team: Any, day: datetime.date, count: int) -> None:
    CheckIn.objects.bulk_create(
        CheckIn(organisation=personas.org_a, team=team, date=day, score=4, reasons=[]) for _ in range(count)
    )


def _idea(personas: Any, team: Any, n: int, identity: str = "named") -> None:
    idea_submit(
        actor=personas.member.user,
        organisation=personas.org_a,
        title=f"Idea {n}",
        problem="Something slows the ward down.",
        suggestion="Try a small change.",
        identity=identity,
        team=team,
    )


def test_the_tile_compares_teams_with_and_without_a_champion(personas: Any, lead_client: Client) -> None:
    ward = personas.member.team
    other = TeamFactory(organisation=personas.org_a, name="Ward 2")
    champion = services.champion_volunteer(
        actor=personas.member.user, organisation=personas.org_a, focus="ideas", contact="ext 4021", team=ward
    )
    services.champion_decide(actor=personas.lead.user, champion=champion, approve=True)
    for n in range(4):
        _idea(personas, ward, n, identity="anonymous" if n == 0 else "named")
    _idea(personas, other, 9)
    page = lead_client.get(f"/o/{personas.org_a.slug}/dashboards/").content.decode()
    assert "Champions" in page and "Teams with a champion" in page
    assert "1 of 2 teams have a champion" in page
    assert "teams with a champion shared 4.0 ideas each and teams without one 1.0" in page
    csv = lead_client.get(f"/o/{personas.org_a.slug}/dashboards/export/champions/csv/").content.decode("utf-8-sig")
    assert "With a champion,1,4,4.0" in csv and "Without a champion,1,1,1.0" in csv


def test_check_ins_by_group_follow_k_and_hide_a_group_the_total_would_give_away(personas: Any) -> None:
    ward = personas.member.team
    other = TeamFactory(organisation=personas.org_a, name="Ward 2")
    third = TeamFactory(organisation=personas.org_a, name="Ward 3")
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    _checkins(personas, ward, monday, 15)
    _checkins(personas, other, monday, 12)
    _checkins(personas, third, monday, 3)
    checkin_days_rebuild(organisation=personas.org_a)
    window = {"start": monday, "end": monday + datetime.timedelta(days=6)}
    both = checkin_responses_for_team_groups(
        organisation=personas.org_a, groups={"with": [ward.pk], "without": [other.pk, third.pk]}, **window
    )
    assert both == {"with": 15, "without": 15}
    # Three check-ins alone are below k; and with the total known, the other group would reveal
    # them by subtraction, so it is hidden too.
    split = checkin_responses_for_team_groups(
        organisation=personas.org_a, groups={"with": [ward.pk, other.pk], "without": [third.pk]}, **window
    )
    assert split == {"with": None, "without": None}
