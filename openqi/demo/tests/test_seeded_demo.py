"""What the demo holds, read from one seeding for the whole module (conftest.py): a year of
check-ins, ideas, measures, the sustainability scores and board, the survey, the homes and the ICS
dashboard. Each test also seeds again and checks that nothing was added, as before; seeding into an
empty database, and refusing outside demo mode, is test_seed_demo.py's subject."""

from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from openqi.accounts.models import User
from openqi.boards.models import Card, ControlDay
from openqi.bookings.models import Booking
from openqi.checkins.models import CheckIn
from openqi.checkins.selectors import checkin_organisation_overview, checkin_team_report
from openqi.demo.dashboards import EXECUTIVE_EMAIL
from openqi.demo.home import seed_home
from openqi.demo.ideas import DEMO_FOLLOW_UP_CODE
from openqi.demo.surveys import TITLE
from openqi.ideas.models import Campaign, Idea, Identity, Status
from openqi.ideas.selectors import idea_follow_up_find, idea_similar
from openqi.measures.models import Annotation, ChartEvent, DataPoint, Measure, MeasureFollow
from openqi.measures.selectors import measure_chart
from openqi.measures.selectors.matrix import measure_peer_groups
from openqi.organisations.models import Organisation, SystemMembership, Team
from openqi.surveys.breakdowns import survey_breakdown
from openqi.surveys.models import Survey
from openqi.surveys.selectors import survey_trend
from openqi.sustainability.models import Assessment, TeamScore
from openqi.web.needs import bookings_upcoming, needs_list
from openqi.web.selectors import memberships_for_home

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_seeded_for_module")]


def _panels(email: str) -> dict[str, int]:
    user = User.objects.get(email=email)
    needs = next(n for n in needs_list(user=user, memberships=memberships_for_home(user=user)))
    assert needs.organisation.slug == "northfield"
    return {p.key: p.total for p in needs.panels} | {"bookings": bookings_upcoming(user=user).total}


def test_the_demo_has_a_year_of_check_ins_for_three_wards_and_a_visible_dip_in_ward_9(db: Any) -> None:
    count = CheckIn.objects.count()
    assert 15_000 < count < 25_000
    call_command("seed_demo", "--force", stdout=None)
    assert CheckIn.objects.count() == count  # idempotent

    northfield = Organisation.objects.get(slug="northfield")
    ward_9 = Team.objects.get(organisation=northfield, name="Ward 9 (Elderly Care)")
    report = checkin_team_report(organisation=northfield, team=ward_9)
    types = {p.point_type for p in report.chart.points}
    assert "special_cause_concern" in types
    shares = [c.good_share for c in report.weeks if c.good_share is not None]
    assert min(shares) < 0.45 < max(shares)

    overview = checkin_organisation_overview(organisation=northfield)
    shown = {row.team.name for row in overview.rows if row.cell.status == "shown"}
    assert {"Ward 7 (Acute Medicine)", "Ward 9 (Elderly Care)", "Emergency Department"} <= shown


@override_settings(DEMO_MODE=True)
def test_seed_demo_adds_ideas_once_across_statuses_with_answers(db: Any) -> None:
    call_command("seed_demo")
    northfield = Organisation.objects.get(slug="northfield")
    riverside = Organisation.objects.get(slug="riverside")
    assert Idea.objects.filter(organisation=northfield).count() == 60
    assert Idea.objects.filter(organisation=riverside).count() == 20
    statuses = set(Idea.objects.filter(organisation=northfield).values_list("status", flat=True))
    assert {Status.SUBMITTED, Status.ACCEPTED, Status.IMPLEMENTED, Status.NOT_TAKEN_FORWARD} <= statuses
    assert Idea.objects.filter(organisation=northfield).exclude(public_answer="").count() >= 5
    anonymous = Idea.objects.filter(identity=Identity.ANONYMOUS)
    assert anonymous.exists()
    assert not anonymous.filter(submitted_by__isnull=False).exists()
    assert not anonymous.filter(submitted_at__isnull=False).exists()
    assert idea_follow_up_find(organisation=northfield, code=DEMO_FOLLOW_UP_CODE) is not None
    assert Campaign.objects.get(organisation=northfield).ideas.count() == 6
    clocks = idea_similar(organisation=northfield, text="clock in the side rooms")
    assert len(clocks) >= 2


def test_the_demo_falls_family_shows_the_improvement_and_loads_only_once(db: Any) -> None:
    with override_settings(DEMO_MODE=True):
        counts = (
            Measure.objects.count(),
            DataPoint.objects.count(),
            ChartEvent.objects.count(),
            Annotation.objects.count(),
        )
        call_command("seed_demo")
    assert counts == (
        Measure.objects.count(),
        DataPoint.objects.count(),
        ChartEvent.objects.count(),
        Annotation.objects.count(),
    )
    # Northfield's six, one of the network's collaborative and the carers' survey p chart
    # (demo/patient_voice); Riverside the collaborative's other and two KPIs measured alike for the
    # ICS dashboard (demo/dashboards.py).
    assert Measure.objects.filter(organisation__slug="northfield").count() == 8
    assert counts[0] == 11
    falls = Measure.objects.get(name="Falls per 1,000 bed days")
    assert falls.data_points.count() == 104
    chart = measure_chart(organisation=falls.organisation, measure=falls)
    parts = chart.result.parts
    assert len(parts) == 2
    before, after = chart.result.points[0].cl, chart.result.points[-1].cl
    assert before is not None and after is not None and after < before * 0.75
    # the stored summary is there for the matrix
    assert all(m.computed_at is not None for m in Measure.objects.all())
    assessed = Measure.objects.get(name="Falls risk assessment within 6 hours")
    assert assessed.latest_value is not None and 80 < assessed.latest_value <= 100


def test_the_demo_scores_the_falls_project_twice_and_fills_ward_9s_board_once(db: Any) -> None:
    with override_settings(DEMO_MODE=True):
        counts = (Assessment.objects.count(), Card.objects.count(), ControlDay.objects.count())
        call_command("seed_demo")
    assert counts == (Assessment.objects.count(), Card.objects.count(), ControlDay.objects.count())
    agreed = list(Assessment.objects.filter(agreed_at__isnull=False).order_by("agreed_at"))
    assert len(agreed) == 2 and all(a.individual_count >= 1 for a in agreed)
    assert TeamScore.objects.filter(assessment=agreed[-1], factor="monitoring").get().level == 2
    assert set(Card.objects.values_list("column", flat=True)) == {"new", "doing", "done"}
    from_factor = Card.objects.get(title__startswith="Sustain")
    assert from_factor.project is not None and from_factor.project.title == "Fewer falls with harm on Ward 9"
    assert ControlDay.objects.count() == 14


def test_the_demo_has_a_monthly_survey_with_a_trend_and_a_breakdown(db: Any) -> None:
    call_command("seed_demo", "--force", stdout=None)  # idempotent
    northfield = Organisation.objects.get(slug="northfield")
    rounds = list(Survey.objects.filter(organisation=northfield, title=TITLE).order_by("round_number"))
    assert [r.round_number for r in rounds] == [1, 2, 3, 4]
    third = rounds[2]
    trend = survey_trend(organisation=northfield, survey=third)
    assert [p.answered is not None for p in trend[0].points] == [True, True, True]
    breakdown = survey_breakdown(organisation=northfield, survey=third, dimension="role")
    assert breakdown.available and breakdown.questions


def test_the_demo_homes_have_something_in_every_panel_and_seeding_twice_adds_nothing(db: Any) -> None:
    counts = (Idea.objects.exclude(owner=None).count(), MeasureFollow.objects.count(), Booking.objects.count())
    seed_home(organisation=Organisation.objects.get(slug="northfield"))
    assert counts == (Idea.objects.exclude(owner=None).count(), MeasureFollow.objects.count(), Booking.objects.count())
    lead = _panels("lead@northfield.example")
    staff = _panels("staff@northfield.example")
    assert all(lead[key] > 0 for key in ("triage", "owned", "pdsa", "measures", "bookings")), lead
    assert "triage" not in staff
    assert all(staff[key] > 0 for key in ("owned", "pdsa", "measures", "bookings")), staff


def test_the_demo_seeds_like_measures_in_two_organisations_and_an_executive_once(settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo")
    organisations = list(Organisation.objects.filter(slug__in=["northfield", "riverside"]))
    groups = measure_peer_groups(organisations=organisations)
    names = sorted(g.name for g in groups)
    # The two KPIs measured alike for the ICS dashboard, and the network collaborative's shared measure.
    assert names == ["Discharges home before noon", "General and acute bed occupancy", "Staff sickness absence"]
    assert all(len(g.rows) == 2 and all(r.latest_value is not None for r in g.rows) for g in groups)
    assert SystemMembership.objects.filter(user__email=EXECUTIVE_EMAIL, role="executive").count() == 1
