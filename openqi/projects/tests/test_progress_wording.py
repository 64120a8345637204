"""The progress score's words follow from the evidence it cites: what each linked measure's chart
shows, in the same sentence on the project page, its report and the score's reasons."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from openqi.projects import services
from openqi.projects.models import Project
from openqi.projects.scoring import Evidence, MeasureEvidence, measure_statement, progress_suggest

EARLIER = MeasureEvidence(
    name="Falls",
    recorded="sustained",
    improvement_points=15,
    first_improvement=datetime.date(2025, 6, 2),
    latest="common_cause",
)
ADOPTED = Evidence(
    has_aim=True,
    measures=1,
    measures_with_baseline=1,
    cycles_run=1,
    cycles_finished=1,
    cycles_adopted=1,
    measures_improving=0,
    measures_sustained=1,
)


def test_sustained_improvement_seen_earlier_says_the_latest_point_is_common_cause() -> None:
    assert measure_statement(EARLIER) == (
        "Falls: sustained improvement seen earlier (15 points of special cause improvement from "
        "02/06/2025); the latest point is common cause."
    )
    suggestion = progress_suggest(ADOPTED.with_charts((EARLIER,)))
    assert suggestion.score == Decimal("4.0")
    assert suggestion.reasons[-1] == (
        "Falls: sustained improvement seen earlier (15 points of special cause improvement from "
        "02/06/2025); the latest point is common cause (4.0)."
    )
    assert not any("shows sustained improvement" in r for r in suggestion.reasons)


def test_improvement_at_the_latest_point_says_so() -> None:
    now = MeasureEvidence("Falls", "improvement", 4, datetime.date(2025, 6, 2), "special_cause_improvement")
    assert measure_statement(now) == (
        "Falls: improvement (4 points of special cause improvement from 02/06/2025, including the latest point)."
    )


def test_a_record_the_chart_does_not_bear_out_earns_no_step_and_is_named_for_review() -> None:
    unsupported = MeasureEvidence("Falls", "sustained", 0, None, "common_cause")
    suggestion = progress_suggest(ADOPTED.with_charts((unsupported,)))
    assert suggestion.score == Decimal("3.0")
    assert "Falls: recorded as sustained improvement, but the chart shows no special cause improvement" in (
        suggestion.missing
    )


def test_a_chart_the_reader_cannot_see_cites_the_leads_record_only() -> None:
    unseen = MeasureEvidence("Falls", "sustained")
    assert measure_statement(unseen) == (
        "Falls: sustained improvement, as recorded by the project lead (the chart is not shown here)."
    )
    assert progress_suggest(ADOPTED.with_charts((unseen,))).score == Decimal("4.0")


# Twenty stable weeks, ten much lower (better: the measure should go down), then back to normal.
VALUES = [5.1, 4.8, 5.3, 5.0, 4.9, 5.2, 5.1, 4.7, 5.0, 5.3, 4.9, 5.1, 5.0, 4.8, 5.2, 5.0, 4.9, 5.1, 5.2, 4.8]
VALUES += [3.9, 4.0, 3.8, 4.1, 3.9, 4.0, 3.7, 3.9, 4.0, 3.8, 5.0, 4.9, 5.1]


@pytest.mark.django_db
def test_the_project_page_and_its_report_say_the_same_thing_as_the_chart(
    project_with_aim: Project, personas: Any, lead_client: Client
) -> None:
    measure_model = apps.get_model("measures", "Measure")
    point_model = apps.get_model("measures", "DataPoint")
    measure = measure_model.objects.create(
        organisation=personas.org_a,
        name="Falls per 1,000 bed days",
        measure_type="outcome",
        frequency="weekly",
        chart_type="i",
        improvement="decrease",
        # as the measure's recomputation stores them: the icon beside the link reads common cause
        variation_icon="common_cause",
        latest_point_type="common_cause",
    )
    start = datetime.date(2025, 1, 6)
    point_model.objects.bulk_create(
        point_model(
            measure=measure, organisation=personas.org_a, period=start + datetime.timedelta(weeks=i), value=value
        )
        for i, value in enumerate(VALUES)
    )
    services.project_link_add(
        actor=personas.lead.user,
        project=project_with_aim,
        kind="measure",
        ref_id=measure.pk,
        label=measure.name,
        has_baseline=True,
        evidence="sustained",
    )
    base = f"/o/{personas.org_a.slug}/projects/{project_with_aim.pk}/"
    page = lead_client.get(base).content.decode()
    report = lead_client.get(base + "report/").content.decode()
    statement = "Falls per 1,000 bed days: sustained improvement seen earlier ("
    assert statement in page
    assert statement in report
    assert "the latest point is common cause" in page
    assert "the latest point is common cause" in report
    assert "shows sustained improvement" not in page.lower()
    assert "shows sustained improvement" not in report.lower()


def test_each_step_cites_the_measure_that_earns_it() -> None:
    improving = MeasureEvidence("Risk assessments", "improvement", 7, datetime.date(2025, 9, 29), "common_cause")
    reasons = progress_suggest(ADOPTED.with_charts((EARLIER, improving))).reasons
    assert reasons[-2].startswith("Risk assessments: improvement seen earlier (7 points")
    assert reasons[-1].startswith("Falls: sustained improvement seen earlier (15 points")
