"""Readers choose rules, chart type and dates on the measure page; nothing about the measure changes."""

import datetime
from typing import Any

import pytest
from django.test import Client

from openqi.measures.models import DataPoint
from openqi.measures.selectors import ChartView, measure_chart
from openqi.measures.tests.conftest import make_measure


@pytest.fixture
def weekly(personas: Any) -> Any:
    measure = make_measure(personas.org_a, name="Average length of stay", rules="mdc")
    start = datetime.date(2025, 1, 6)
    values = [5.0, 5.2, 4.9, 5.1, 5.0, 5.3, 4.8, 5.1, 5.0, 5.2, 4.9, 5.0, 5.1, 5.0, 4.2, 4.1, 4.0, 4.2, 4.1, 4.0]
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, organisation=personas.org_a, period=start + datetime.timedelta(weeks=i), value=v)
        for i, v in enumerate(values)
    )
    return measure


def test_a_date_range_limits_the_points_analysed(personas: Any, weekly: Any) -> None:
    view = ChartView(date_from=datetime.date(2025, 2, 1), date_to=datetime.date(2025, 3, 31))
    chart = measure_chart(organisation=personas.org_a, measure=weekly, view=view)
    periods = [r.period for r in chart.rows if r.point is not None]
    assert periods and min(periods) >= view.date_from and max(periods) <= view.date_to


def test_choosing_a_run_chart_says_why_there_are_no_limits(personas: Any, weekly: Any) -> None:
    chart = measure_chart(organisation=personas.org_a, measure=weekly, view=ChartView(chart="run"))
    assert chart.chart_used == "run"
    assert "You chose to see a run chart" in chart.run_chart_reason


def test_a_chart_type_that_does_not_fit_the_data_is_ignored(personas: Any, weekly: Any) -> None:
    chart = measure_chart(organisation=personas.org_a, measure=weekly, view=ChartView(chart="p"))
    assert chart.chart_used == "i"


def test_the_qic_rules_give_wider_limits_than_mdc(personas: Any, weekly: Any) -> None:
    mdc = measure_chart(organisation=personas.org_a, measure=weekly).result.points[0]
    qic = measure_chart(organisation=personas.org_a, measure=weekly, view=ChartView(rules="qic")).result.points[0]
    assert mdc.ucl is not None and qic.ucl is not None and qic.ucl != mdc.ucl


def test_the_page_applies_the_view_and_keeps_it_for_downloads(
    personas: Any, weekly: Any, member_client: Client
) -> None:
    url = f"/o/{personas.org_a.slug}/measures/{weekly.pk}/"
    body = member_client.get(url, {"chart": "run", "rules": "ptd"}).content.decode()
    assert "You are looking at a different view" in body
    assert "export.csv?chart=run" in body or "export.csv?rules=ptd" in body
    weekly.refresh_from_db()
    assert weekly.chart_type == "i" and weekly.rules == "mdc"


def test_bad_view_choices_show_the_error_summary_and_the_usual_chart(
    personas: Any, weekly: Any, member_client: Client
) -> None:
    url = f"/o/{personas.org_a.slug}/measures/{weekly.pk}/"
    body = member_client.get(
        url, {"rules": "nonsense", "date_from-day": "31", "date_from-month": "2", "date_from-year": "2025"}
    ).content.decode()
    assert "There is a problem" in body
    assert "Choose rules from the list" in body and "From must be a real date" in body
    assert "You are looking at a different view" not in body
