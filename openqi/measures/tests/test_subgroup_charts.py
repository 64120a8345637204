"""X-bar and S charts: several observations per period, entered by hand or imported as one row per
observation, analysed by the engine as subgroups."""

import datetime
import random
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.measures import selectors, services
from openqi.measures.importing import parse_upload
from openqi.measures.models import DataPoint
from openqi.measures.tests.conftest import make_measure

START = datetime.date(2025, 1, 6)


def _weeks(measure: Any, actor: Any, weeks: int = 16, shift_from: int = 99) -> None:
    rng = random.Random(4)
    for week in range(weeks):
        base = 30.0 + (8 if week >= shift_from else 0)
        services.data_point_add(
            actor=actor,
            measure=measure,
            period=START + datetime.timedelta(weeks=week),
            observations=[round(base + rng.gauss(0, 3), 1) for _ in range(5)],
        )


def test_a_subgroup_is_stored_with_its_mean_and_size(personas: Any) -> None:
    measure = make_measure(personas.org_a, name="Minutes to triage", chart_type="xbar")
    point = services.data_point_add(actor=personas.lead.user, measure=measure, period=START, observations=[10, 20, 33])
    assert point.observations == [10.0, 20.0, 33.0]
    assert point.value == pytest.approx(21.0)
    assert point.denominator == 3
    with pytest.raises(ValidationError) as error:
        services.data_point_add(
            actor=personas.lead.user, measure=measure, period=START + datetime.timedelta(weeks=1), observations=[12]
        )
    assert "at least 2" in error.value.message_dict["observations"][0]
    services.data_point_update(actor=personas.lead.user, point=point, observations=[1, 2, 3, 6])
    point.refresh_from_db()
    assert (point.value, point.denominator) == (3.0, 4.0)


def test_the_chart_analyses_subgroups_and_finds_a_shift(personas: Any) -> None:
    measure = make_measure(personas.org_a, name="Minutes to triage", chart_type="xbar", improvement="decrease")
    _weeks(measure, personas.lead.user, weeks=20, shift_from=12)
    chart = selectors.measure_chart(organisation=personas.org_a, measure=measure)
    assert chart.chart_used == "xbar"
    assert len(chart.result.points) == 20  # one per week, not one per observation
    means = [p.value for p in DataPoint.objects.filter(measure=measure).order_by("period")]
    assert [pt.y for pt in chart.result.points] == pytest.approx(means)
    assert chart.result.points[-1].point_type == "special_cause_concern"  # waits went up
    spread = selectors.measure_chart(organisation=personas.org_a, measure=measure, view=selectors.ChartView(chart="s"))
    assert spread.chart_used == "s"
    assert all(pt.y is not None and pt.y > 0 for pt in spread.result.points)


def test_a_missing_week_is_a_gap_not_a_subgroup(personas: Any) -> None:
    measure = make_measure(personas.org_a, name="Minutes to triage", chart_type="xbar")
    _weeks(measure, personas.lead.user, weeks=16)
    DataPoint.objects.filter(measure=measure, period=START + datetime.timedelta(weeks=7)).delete()
    chart = selectors.measure_chart(organisation=personas.org_a, measure=measure)
    assert len(chart.result.points) == 16
    assert chart.result.points[7].y is None


def test_the_page_and_data_entry_speak_of_observations(personas: Any, lead_client: Client) -> None:
    measure = make_measure(personas.org_a, name="Minutes to triage", chart_type="xbar", unit="minutes")
    _weeks(measure, personas.lead.user)
    base = f"/o/{personas.org_a.slug}/measures/{measure.pk}/"
    page = lead_client.get(base).content.decode()
    assert "Observations" in page and "Average (minutes)" in page
    bad = lead_client.post(
        base + "data/", {"period-day": "1", "period-month": "9", "period-year": "2025", "observations": "12 abc"}
    ).content.decode()
    assert "There is a problem" in bad and "‘abc’ is not a number" in bad
    lead_client.post(
        base + "data/", {"period-day": "1", "period-month": "9", "period-year": "2025", "observations": "12\n14; 19"}
    )
    assert DataPoint.objects.get(measure=measure, period=datetime.date(2025, 9, 1)).observations == [12, 14, 19]


def test_import_rows_of_one_date_form_a_subgroup(personas: Any) -> None:
    measure = make_measure(personas.org_a, name="Minutes to triage", chart_type="xbar")
    content = (
        b"measure,date,value,comment\n"
        b"Minutes to triage,2025-01-06,12,\n"
        b"Minutes to triage,2025-01-06,18,busy\n"
        b"Minutes to triage,06/01/2025,15,\n"
        b"Minutes to triage,2025-01-13,11,\n"
    )
    parsed = parse_upload(content, measures={measure.name.lower(): measure})
    assert [e["message"] for e in parsed.errors] == [
        "Row 5: ‘Minutes to triage’ needs at least 2 observations (rows) for 13/01/2025"
    ]
    assert len(parsed.rows) == 1
    row = parsed.rows[0]
    assert row["observations"] == [12.0, 18.0, 15.0] and row["value"] == 15.0 and row["comment"] == "busy"
    good = parse_upload(content.rsplit(b"\n", 2)[0] + b"\n", measures={measure.name.lower(): measure})
    pending = services.import_prepare(
        actor=personas.lead.user,
        organisation=personas.org_a,
        filename="t.csv",
        content=content.rsplit(b"\n", 2)[0] + b"\n",
    )
    assert good.errors == [] and pending.errors == []
    services.import_confirm(actor=personas.lead.user, pending=pending)
    point = DataPoint.objects.get(measure=measure)
    assert point.observations == [12.0, 18.0, 15.0] and point.denominator == 3


def test_a_measure_with_single_values_cannot_become_an_xbar_chart(personas: Any) -> None:
    measure = make_measure(personas.org_a, name="Length of stay", chart_type="i")
    services.data_point_add(actor=personas.lead.user, measure=measure, period=START, value=4.2)
    with pytest.raises(ValidationError) as error:
        services.measure_update(actor=personas.lead.user, measure=measure, values={"chart_type": "xbar"})
    assert "chart_type" in error.value.message_dict
    empty = make_measure(personas.org_a, name="New measure", chart_type="i")
    services.measure_update(actor=personas.lead.user, measure=empty, values={"chart_type": "xbar"})
