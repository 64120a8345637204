"""Every tile that rests on anonymous answers shows them only under the shared k rule, on the
page and in its CSV and Excel exports alike (the exports are the tile's own table)."""

import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from openqi.checkins.aggregates import checkin_days_rebuild
from openqi.checkins.models import CheckIn
from openqi.ideas.services import idea_submit
from openqi.surveys.models import Survey
from openqi.surveys.services.rounds import survey_rounds_open
from openqi.surveys.tests.helpers import add_responses, open_survey

pytestmark = pytest.mark.django_db


def _ideas(personas: Any, count: int, identity: str) -> None:
    for i in range(count):
        idea_submit(
            actor=personas.member.user,
            organisation=personas.org_a,
            title=f"Idea {identity} {i}",
            problem="Something slows the ward down.",
            suggestion="Try a small change.",
            identity=identity,
            team=personas.member.team,
        )


def _csv(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def _xlsx(client: Client, url: str) -> list[list[Any]]:
    response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_ideas_tile_hides_anonymous_ideas_below_k_on_the_page_and_in_exports(
    personas: Any, lead_client: Client
) -> None:
    _ideas(personas, 3, "named")
    _ideas(personas, 4, "anonymous")
    base = f"/o/{personas.org_a.slug}/dashboards/"
    page = lead_client.get(base).content.decode()
    assert "Anonymous ideas are counted apart only when there are at least 11." in page
    rows = dict((r[0], r[1]) for r in _xlsx(lead_client, f"{base}export/ideas/xlsx/")[1:])
    assert rows["All ideas"] == 7
    assert rows["Anonymous ideas"] == "hidden (fewer than 11)"
    assert "Anonymous ideas,hidden (fewer than 11)" in _csv(lead_client, f"{base}export/ideas/csv/")

    _ideas(personas, 7, "anonymous")  # now 11 anonymous ideas
    rows = dict((r[0], r[1]) for r in _xlsx(lead_client, f"{base}export/ideas/xlsx/")[1:])
    assert rows["Anonymous ideas"] == 11
    assert "Anonymous ideas are counted apart" not in lead_client.get(base).content.decode()


def _checkins(personas: Any, team: Any, day: datetime.date, count: int, score: int = 5) -> None:
    CheckIn.objects.bulk_create(
        CheckIn(organisation=personas.org_a, team=team, date=day, score=score, reasons=[]) for _ in range(count)
    )


def test_the_checkins_tile_shows_a_week_only_from_k_and_this_weeks_count_only_from_k(
    personas: Any, lead_client: Client
) -> None:
    ward = personas.member.team
    today = timezone.localdate()
    last_monday = today - datetime.timedelta(days=today.weekday() + 7)
    earlier_monday = last_monday - datetime.timedelta(days=7)
    _checkins(personas, ward, last_monday, 12, score=5)
    _checkins(personas, ward, last_monday + datetime.timedelta(days=1), 3, score=1)
    _checkins(personas, ward, earlier_monday, 4)  # a week of four: never shown
    _checkins(personas, ward, today, 5)  # this week so far: five, below k
    checkin_days_rebuild(organisation=personas.org_a)
    for base in (f"/o/{personas.org_a.slug}/dashboards/", f"/o/{personas.org_a.slug}/dashboards/team/{ward.pk}/"):
        rows = {r[0]: r[1:] for r in _xlsx(lead_client, f"{base}export/checkins/xlsx/")[1:]}
        assert rows[str(last_monday)][:2] == [15, "80%"]
        assert rows[str(earlier_monday)] == ["fewer than 11 responses"] * 3
        csv_text = _csv(lead_client, f"{base}export/checkins/csv/")
        assert f"{earlier_monday},fewer than 11 responses,fewer than 11 responses" in csv_text
        page = lead_client.get(base).content.decode()
        assert "Check-ins so far this week" in page
        assert "fewer than 11 responses" in page

    _checkins(personas, ward, today, 6)  # eleven this week
    checkin_days_rebuild(organisation=personas.org_a)
    page = lead_client.get(f"/o/{personas.org_a.slug}/dashboards/").content.decode()
    assert 'data-figure="checkins-1">11<' in page


def test_the_survey_tile_shows_a_rounds_score_only_when_enough_answered(personas: Any, lead_client: Client) -> None:
    monday = datetime.date(2030, 1, 7)
    first = open_survey(personas, opens_on=monday, closes_on=monday + datetime.timedelta(days=4))
    Survey.objects.filter(pk=first.pk).update(recurrence="weekly")
    add_responses(first, 12, q1="Agree", q2="9")
    add_responses(first, 12, q1="Disagree", q2="3")
    [second] = survey_rounds_open(today=monday + datetime.timedelta(days=7))
    add_responses(second, 5, q1="Agree")  # fewer than k
    base = f"/o/{personas.org_a.slug}/dashboards/"
    rows = _xlsx(lead_client, f"{base}export/surveys/xlsx/")
    assert rows[1] == ["I feel supported", 50, "not shown"]
    assert "I feel supported,50,not shown" in _csv(lead_client, f"{base}export/surveys/csv/")
    assert "not shown" in lead_client.get(base).content.decode()
