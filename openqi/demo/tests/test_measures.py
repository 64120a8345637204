"""The demo data gives Northfield a falls family with a visible, rebased improvement, idempotently."""

from typing import Any

from django.core.management import call_command
from django.test import override_settings

from openqi.measures.models import Annotation, ChartEvent, DataPoint, Measure
from openqi.measures.selectors import measure_chart


def test_the_demo_falls_family_shows_the_improvement_and_loads_only_once(db: Any) -> None:
    with override_settings(DEMO_MODE=True):
        call_command("seed_demo")
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
    assert counts[0] == 6
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
