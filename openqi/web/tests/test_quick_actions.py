"""The signed-in home offers each member quick actions: check in today in one tap, share an idea,
and the surveys waiting for them, with their count."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openqi.checkins.models import CheckIn
from openqi.factories import MembershipFactory
from openqi.organisations.models import Role
from openqi.surveys.models import Survey, SurveyState

pytestmark = pytest.mark.django_db


def _open_survey(personas: Any, title: str) -> Survey:
    today = timezone.localdate()
    return Survey.objects.create(
        organisation=personas.org_a,
        title=title,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=7),
        state=SurveyState.OPENED,  # a lead has opened it (a new survey is a draft nobody else sees)
    )


def test_the_home_page_offers_a_one_tap_check_in_an_idea_and_the_surveys_waiting(
    personas: Any, member_client: Client
) -> None:
    _open_survey(personas, "Staff pulse")
    _open_survey(personas, "Rota survey")
    page = member_client.get("/").content.decode()
    assert "Quick actions" in page
    assert 'action="/o/alpha/check-in/"' in page
    assert 'name="score" value="5"' in page and ">Very good</button>" in page
    assert 'href="/o/alpha/ideas/new/"' in page
    assert "2 surveys waiting for you" in page
    assert 'href="/o/alpha/surveys/"' in page


def test_one_tap_checks_in_and_the_home_page_then_says_so(personas: Any, member_client: Client) -> None:
    response = member_client.post("/o/alpha/check-in/", {"score": "4"})
    assert response.status_code == 200
    assert CheckIn.objects.filter(organisation=personas.org_a, score=4).count() == 1
    page = member_client.get("/").content.decode()
    assert "You have checked in today" in page
    assert 'name="score"' not in page
    assert "No surveys waiting for you" in page


def test_partners_get_no_staff_quick_actions(personas: Any) -> None:
    partner = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER)
    client = Client()
    client.force_login(partner.user)
    page = client.get("/").content.decode()
    assert "Quick actions" not in page
    assert "/o/alpha/check-in/" not in page
