"""Issue 13: an import writes its values set-based — a bounded number of statements whatever the
number of rows, new values inserted and existing ones replaced in the same upsert — and queues the
recomputes of many measures as a few tasks, not one each."""

import datetime
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from openqi.measures import services
from openqi.measures.models import DataPoint, Measure
from openqi.measures.services import bulk
from openqi.measures.tests.conftest import make_measure
from openqi.operations.testing import DATABASE_TASKS, run_queued_tasks

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 1, 1)


def _import(personas: Any, measures: list[Measure], weeks: int, *, value: int = 10) -> Any:
    lines = ["measure,date,value"] + [
        f"{m.name},{START + datetime.timedelta(weeks=k)},{value + k % 3}" for m in measures for k in range(weeks)
    ]
    return services.import_prepare(
        actor=personas.lead.user,
        organisation=personas.org_a,
        filename="data.csv",
        content=("\n".join(lines) + "\n").encode(),
    )


def _writes(queries: Any) -> int:
    table = DataPoint._meta.db_table
    # a chunk is one statement (on SQLite an executemany, logged once as "N times: INSERT …")
    return sum(1 for q in queries if "INSERT INTO" in q["sql"] and table in q["sql"])


def test_the_number_of_statements_does_not_grow_with_the_rows(personas: Any) -> None:
    measures = [make_measure(personas.org_a, name=f"Measure {i}") for i in range(30)]
    counts = {}
    for weeks in (10, 100):  # 300 then 3,000 values (the second replaces the first's 300)
        pending = _import(personas, measures, weeks)
        with mock.patch.object(bulk, "CHUNK", 1000), CaptureQueriesContext(connection) as queries:
            assert services.import_confirm(actor=personas.lead.user, pending=pending) == 30 * weeks
        counts[weeks] = (len(queries), _writes(queries))
    assert counts[10][1] == 1 and counts[100][1] == 3  # one upsert statement per 1,000 values
    assert counts[100][0] - counts[10][0] == 2  # and nothing else grows with the rows
    assert DataPoint.objects.filter(measure__in=measures).count() == 3000


def test_an_existing_value_is_replaced_in_place_and_new_ones_added(personas: Any) -> None:
    measure = make_measure(personas.org_a, name="Falls")
    old = DataPoint.objects.create(measure=measure, organisation=personas.org_a, period=START, value=99, comment="x")
    pending = _import(personas, [measure], 3, value=5)
    assert services.import_confirm(actor=personas.lead.user, pending=pending) == 3
    points = list(DataPoint.objects.filter(measure=measure).order_by("period"))
    assert [p.value for p in points] == [5, 6, 7]
    assert points[0].pk == old.pk and points[0].organisation_id == personas.org_a.pk and points[0].comment == ""
    assert all(p.updated_by_id == personas.lead.user.pk for p in points)
    assert all(p.observations == [] for p in points)
    measure.refresh_from_db()
    assert measure.latest_value == 7  # the recompute ran (the tests' immediate task backend)


def test_the_recomputes_of_many_measures_are_queued_in_batches(personas: Any, settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS
    measures = [make_measure(personas.org_a, name=f"Measure {i}") for i in range(60)]
    pending = _import(personas, measures, 2)
    with mock.patch("django.db.transaction.on_commit", side_effect=lambda f, *a, **k: f()):
        services.import_confirm(actor=personas.lead.user, pending=pending)
    paths = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == ["openqi.measures.tasks.measure_recompute_many"] * 2  # 50 + 10 measures
    assert run_queued_tasks() == 2
    assert set(Measure.objects.filter(pk__in=[m.pk for m in measures]).values_list("latest_value", flat=True)) == {11}
