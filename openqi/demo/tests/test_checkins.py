from typing import Any

import pytest
from django.core.management import call_command

from openqi.checkins.models import CheckIn
from openqi.checkins.selectors import checkin_organisation_overview, checkin_team_report
from openqi.organisations.models import Organisation, Team

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_year_of_check_ins_for_three_wards_and_a_visible_dip_in_ward_9(db: Any) -> None:
    call_command("seed_demo", "--force", stdout=None)
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
