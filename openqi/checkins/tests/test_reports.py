"""Every bucket in the overview, the team page and the export goes through k suppression."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openqi.checkins.models import CheckIn
from openqi.checkins.selectors import checkin_organisation_overview, checkin_team_report, latest_complete_block
from openqi.checkins.services import checkin_settings_update
from openqi.checkins.tests.helpers import add_checkins, last_week
from openqi.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def wards(personas: Any) -> dict[str, Any]:
    """A directorate with three wards: one big, one middling, one small."""
    medicine = TeamFactory(organisation=personas.org_a, name="Medicine")
    return {
        "medicine": medicine,
        "big": TeamFactory(organisation=personas.org_a, name="Ward Big", parent=medicine),
        "middle": TeamFactory(organisation=personas.org_a, name="Ward Middle", parent=medicine),
        "small": TeamFactory(organisation=personas.org_a, name="Ward Small", parent=medicine),
    }


def _row(overview: Any, name: str) -> Any:
    return next(row.cell for row in overview.rows if row.team.name == name)


def test_a_small_team_is_hidden_and_its_next_smallest_sibling_too(personas: Any, wards: dict[str, Any]) -> None:
    add_checkins(personas.org_a, wards["big"], 40)
    add_checkins(personas.org_a, wards["middle"], 15)
    add_checkins(personas.org_a, wards["small"], 4)
    overview = checkin_organisation_overview(organisation=personas.org_a)
    assert _row(overview, "Ward Small").status == "below_k"
    assert _row(overview, "Ward Small").responses is None
    assert _row(overview, "Ward Middle").status == "complementary"
    assert _row(overview, "Ward Middle").responses is None
    assert _row(overview, "Ward Big").responses == 40
    assert _row(overview, "Medicine").responses == 59


def test_the_overview_page_says_fewer_than_k_responses(
    personas: Any, wards: dict[str, Any], lead_client: Client
) -> None:
    add_checkins(personas.org_a, wards["big"], 40)
    add_checkins(personas.org_a, wards["middle"], 15)
    add_checkins(personas.org_a, wards["small"], 4)
    html = lead_client.get(f"/o/{personas.org_a.slug}/check-ins/").content.decode()
    assert "Fewer than 11 responses" in html
    assert "Hidden to protect a smaller group" in html
    assert ">15<" not in html and ">4<" not in html


def test_the_organisations_k_is_used(personas: Any, wards: dict[str, Any]) -> None:
    add_checkins(personas.org_a, wards["big"], 14)
    assert _row(checkin_organisation_overview(organisation=personas.org_a), "Ward Big").responses == 14
    checkin_settings_update(actor=personas.lead.user, organisation=personas.org_a, reporting_k=15, reasons=["Rota"])
    assert _row(checkin_organisation_overview(organisation=personas.org_a), "Ward Big").status == "below_k"


def test_the_current_week_is_left_out_so_answers_cannot_be_watched_arrive(personas: Any, wards: dict[str, Any]) -> None:
    add_checkins(personas.org_a, wards["big"], 30, day=last_week() + datetime.timedelta(days=7))
    assert _row(checkin_organisation_overview(organisation=personas.org_a), "Ward Big").status == "empty"


def test_a_team_page_hides_weeks_and_days_below_k_with_complementary_suppression(
    personas: Any, wards: dict[str, Any]
) -> None:
    monday = last_week()
    add_checkins(personas.org_a, wards["big"], 20, day=monday)
    add_checkins(personas.org_a, wards["big"], 12, day=monday + datetime.timedelta(days=1))
    add_checkins(personas.org_a, wards["big"], 3, day=monday + datetime.timedelta(days=2))
    add_checkins(personas.org_a, wards["big"], 30, day=monday - datetime.timedelta(days=7))
    add_checkins(personas.org_a, wards["big"], 4, day=monday - datetime.timedelta(days=14))
    report = checkin_team_report(organisation=personas.org_a, team=wards["big"])
    weeks = {c.key: c for c in report.weeks}
    assert weeks[monday].responses == 35
    assert weeks[monday - datetime.timedelta(days=14)].status == "below_k"
    # Each week is decided on its own: no total over several weeks is shown unless each week is,
    # so the week of 30 stays and nothing subtracts to the 4.
    assert weeks[monday - datetime.timedelta(days=7)].responses == 30
    assert _row(checkin_organisation_overview(organisation=personas.org_a), "Ward Big").status == "complementary"
    days = {c.key: c for c in report.days}
    assert days[monday + datetime.timedelta(days=2)].status == "below_k"
    assert days[monday + datetime.timedelta(days=1)].status == "complementary"
    assert days[monday].responses == 20


def test_comments_show_only_for_weeks_that_pass_k_and_never_when_hidden(
    personas: Any, wards: dict[str, Any], lead_client: Client
) -> None:
    monday = last_week()
    add_checkins(personas.org_a, wards["big"], 11, day=monday, comment="Shown comment")
    add_checkins(personas.org_a, wards["big"], 1, day=monday, comment="Abusive comment")
    CheckIn.objects.filter(comment="Abusive comment").update(hidden=True)
    add_checkins(personas.org_a, wards["big"], 3, day=monday - datetime.timedelta(days=35), comment="Small week")
    report = checkin_team_report(organisation=personas.org_a, team=wards["big"])
    texts = {c.text for c in report.comments}
    assert texts == {"Shown comment"}
    html = lead_client.get(f"/o/{personas.org_a.slug}/check-ins/teams/{wards['big'].pk}/").content.decode()
    assert "Shown comment" in html
    assert "Abusive comment" not in html
    assert "Small week" not in html


def test_no_comment_shows_for_a_team_below_k(personas: Any, wards: dict[str, Any]) -> None:
    add_checkins(personas.org_a, wards["small"], 5, comment="Identifiable")
    add_checkins(personas.org_a, wards["big"], 40)
    report = checkin_team_report(organisation=personas.org_a, team=wards["small"])
    assert report.comments == []
    assert not report.reasons_shown


def test_a_team_hidden_as_a_complement_in_the_overview_is_hidden_on_its_own_page_too(
    personas: Any, wards: dict[str, Any]
) -> None:
    add_checkins(personas.org_a, wards["big"], 40)
    add_checkins(personas.org_a, wards["middle"], 15, comment="Middle comment")
    add_checkins(personas.org_a, wards["small"], 4)
    report = checkin_team_report(organisation=personas.org_a, team=wards["middle"])
    assert all(c.responses is None or c.responses == 0 for c in report.weeks)
    assert report.comments == []


def test_reasons_are_ranked_and_rare_reasons_are_hidden(personas: Any, wards: dict[str, Any]) -> None:
    # Reasons cover the newest complete fixed four-week block, which need not hold last week (in a
    # block's first week it does not): answer inside the block, whatever today's date.
    day = latest_complete_block(today=timezone.localdate())[-1]
    add_checkins(personas.org_a, wards["big"], 20, day=day, reasons=["Staffing", "Workload"])
    add_checkins(personas.org_a, wards["big"], 5, day=day, reasons=["Workload", "Equipment"])
    report = checkin_team_report(organisation=personas.org_a, team=wards["big"])
    assert report.reasons[0] == ("Workload", 25)
    assert report.reasons[1] == ("Staffing", 20)
    assert ("Equipment", None) in report.reasons


def test_the_weekly_export_is_suppressed_like_the_page(
    personas: Any, wards: dict[str, Any], lead_client: Client
) -> None:
    monday = last_week()
    add_checkins(personas.org_a, wards["big"], 30, day=monday)
    add_checkins(personas.org_a, wards["big"], 3, day=monday - datetime.timedelta(days=7))
    # Two weeks back Ward Big (15) is the next-smallest ward beside a ward of 4: hidden with it.
    add_checkins(personas.org_a, wards["big"], 15, day=monday - datetime.timedelta(days=14))
    add_checkins(personas.org_a, wards["middle"], 20, day=monday - datetime.timedelta(days=14))
    add_checkins(personas.org_a, wards["small"], 4, day=monday - datetime.timedelta(days=14))
    response = lead_client.get(f"/o/{personas.org_a.slug}/check-ins/teams/{wards['big'].pk}/export/")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Week beginning,Responses,Good days,Share of good days"
    by_week = {line.split(",")[0]: line for line in lines[1:]}
    assert by_week[str(monday)].startswith(f"{monday},30,30,100%")
    assert "fewer than 11 responses" in by_week[str(monday - datetime.timedelta(days=7))]
    assert "hidden to protect a smaller group" in by_week[str(monday - datetime.timedelta(days=14))]
    assert ",3," not in response.content.decode()


def test_the_team_page_draws_the_p_chart_with_a_data_table_and_summary(
    personas: Any, wards: dict[str, Any], lead_client: Client
) -> None:
    monday = last_week()
    for week in range(20):
        add_checkins(personas.org_a, wards["big"], 15, day=monday - datetime.timedelta(weeks=week), score=4)
        add_checkins(personas.org_a, wards["big"], 5, day=monday - datetime.timedelta(weeks=week), score=2)
    html = lead_client.get(f"/o/{personas.org_a.slug}/check-ins/teams/{wards['big'].pk}/").content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "Chart data by week" in html
    assert "75%" in html
    assert "Summary:" in html


def test_comments_within_a_week_are_not_in_day_order(personas: Any, wards: dict[str, Any]) -> None:
    monday = last_week()
    for offset in range(7):
        add_checkins(
            personas.org_a, wards["big"], 2, day=monday + datetime.timedelta(days=offset), comment=f"Day {offset}"
        )
    comments = checkin_team_report(organisation=personas.org_a, team=wards["big"]).comments
    assert [c.id for c in comments] == sorted(c.id for c in comments)


def test_a_small_ward_cannot_be_worked_out_from_its_directorates_day_less_its_other_wards(
    personas: Any, wards: dict[str, Any]
) -> None:
    """Issue 11, defect 6: Medicine's day (36 responses, 61% good) less Ward Big (14) and Ward
    Middle (12), each read on its own page, gave Ward Small's 10 responses and 5 good days."""
    monday = last_week()
    for name, good, bad in (("big", 9, 5), ("middle", 8, 4), ("small", 5, 5)):
        add_checkins(personas.org_a, wards[name], good, day=monday, score=5)
        add_checkins(personas.org_a, wards[name], bad, day=monday, score=2)
        # Enough earlier in the same four weeks for every ward to be shown on the overview.
        add_checkins(personas.org_a, wards[name], 20, day=monday - datetime.timedelta(days=14))
    reports = {name: checkin_team_report(organisation=personas.org_a, team=team) for name, team in wards.items()}

    def day(name: str) -> Any:
        return next(cell for cell in reports[name].days if cell.key == monday)

    assert day("small").responses is None
    figures = [day(name) for name in ("medicine", "big", "middle")]
    if all(cell.responses is not None for cell in figures):
        medicine, big, middle = figures
        left = medicine.responses - big.responses - middle.responses
        assert left == 0 or left >= 11, f"Ward Small's day is {left} responses by subtraction"


def test_the_team_page_pages_its_comments_newest_week_first(
    personas: Any, wards: dict[str, Any], lead_client: Client
) -> None:
    monday = last_week()
    add_checkins(personas.org_a, wards["big"], 15, day=monday, comment="Newest week")
    add_checkins(personas.org_a, wards["big"], 15, day=monday - datetime.timedelta(weeks=1), comment="Older week")
    url = f"/o/{personas.org_a.slug}/check-ins/teams/{wards['big'].pk}/"
    first = lead_client.get(url).content.decode()
    assert first.count("<p>Newest week</p>") == 15
    assert first.count("<p>Older week</p>") == 5
    assert "Showing comments 1 to 20 of 30" in first
    assert "?page=2" in first
    second = lead_client.get(url + "?page=2").content.decode()
    assert "Newest week" not in second
    assert second.count("<p>Older week</p>") == 10
    assert "Showing comments 21 to 30 of 30" in second
    hidden = CheckIn.objects.filter(comment="Older week").first()
    assert hidden is not None
    response = lead_client.post(
        f"/o/{personas.org_a.slug}/check-ins/comments/{hidden.pk}/hide/",
        {"team": str(wards["big"].pk), "page": "2"},
    )
    assert response["Location"] == url + "?page=2#comments"
