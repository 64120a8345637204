from typing import Any

import pytest
from django.core.management import call_command

from openqi.demo.surveys import TITLE
from openqi.organisations.models import Organisation
from openqi.surveys.breakdowns import survey_breakdown
from openqi.surveys.models import Survey
from openqi.surveys.selectors import survey_trend

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_monthly_survey_with_a_trend_and_a_breakdown(db: Any) -> None:
    call_command("seed_demo", "--force", stdout=None)
    call_command("seed_demo", "--force", stdout=None)  # idempotent
    northfield = Organisation.objects.get(slug="northfield")
    rounds = list(Survey.objects.filter(organisation=northfield, title=TITLE).order_by("round_number"))
    assert [r.round_number for r in rounds] == [1, 2, 3, 4]
    third = rounds[2]
    trend = survey_trend(organisation=northfield, survey=third)
    assert [p.answered is not None for p in trend[0].points] == [True, True, True]
    breakdown = survey_breakdown(organisation=northfield, survey=third, dimension="role")
    assert breakdown.available and breakdown.questions
