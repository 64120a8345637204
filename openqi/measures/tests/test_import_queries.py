"""Issue 13: every step of an import costs a fixed number of queries whatever the file's size
(upload, preview, confirm, the background write apart from its one statement per 1,000 values),
and the pages never read the held rows: they read counts and a preview of 200 values."""

import datetime
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from openqi.measures import services
from openqi.measures.models import ERRORS_KEPT, PREVIEW_ROWS, DataPoint, ImportStatus, PendingImport
from openqi.measures.services import bulk
from openqi.measures.tests.conftest import make_measure
from openqi.operations.testing import DATABASE_TASKS, run_queued_tasks

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 1, 1)
SIZES = [pytest.param(1, id="20-values"), pytest.param(100, id="2000-values")]  # weeks for each of 20 measures


@pytest.fixture
def measures(personas: Any) -> list[Any]:
    return [make_measure(personas.org_a, name=f"Measure {i:02d}") for i in range(20)]


def _csv(measures: list[Any], weeks: int) -> bytes:
    lines = ["measure,date,value"] + [
        f"{m.name},{START + datetime.timedelta(weeks=k)},{10 + k % 3}" for m in measures for k in range(weeks)
    ]
    return ("\n".join(lines) + "\n").encode()


def _reads_held_rows(queries: CaptureQueriesContext) -> bool:
    return any("packed_rows" in q["sql"] and q["sql"].lstrip().upper().startswith("SELECT") for q in queries)


@pytest.mark.parametrize("weeks", SIZES)
def test_uploading_costs_the_same_queries_for_20_or_2000_values(
    lead_client: Client, personas: Any, measures: list[Any], weeks: int, django_assert_max_num_queries: Any
) -> None:
    upload = SimpleUploadedFile("data.csv", _csv(measures, weeks), "text/csv")
    with django_assert_max_num_queries(16):
        response = lead_client.post(f"/o/{personas.org_a.slug}/measures/import/", {"file": upload})
    assert response.status_code == 302
    pending = PendingImport.objects.get()
    assert pending.row_count == 20 * weeks and pending.error_count == 0


@pytest.mark.parametrize("weeks", SIZES)
def test_the_preview_and_the_confirm_cost_the_same_queries_and_never_read_the_rows(
    lead_client: Client,
    personas: Any,
    measures: list[Any],
    weeks: int,
    settings: Any,
    django_assert_max_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = DATABASE_TASKS  # the confirm queues the write, as in production
    pending = services.import_prepare(
        actor=personas.lead.user, organisation=personas.org_a, filename="data.csv", content=_csv(measures, weeks)
    )
    page = f"/o/{personas.org_a.slug}/measures/import/{pending.pk}/"
    with django_assert_max_num_queries(16) as preview:
        html = lead_client.get(page).content.decode()
    assert f"Import {20 * weeks:,} values" in html
    assert html.count('<tr class="nhsuk-table__row">') == 1 + min(20 * weeks, PREVIEW_ROWS)
    with django_assert_max_num_queries(16) as confirm, django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(page)
    assert response.status_code == 302
    with django_assert_max_num_queries(16) as progress:
        assert "waiting to be imported" in lead_client.get(page).content.decode()
    assert not any(_reads_held_rows(q) for q in (preview, confirm, progress))
    assert DataPoint.objects.count() == 0  # queued only


@pytest.mark.parametrize("weeks", SIZES)
def test_the_background_write_costs_one_statement_per_1000_values_and_nothing_else_grows(
    personas: Any, measures: list[Any], weeks: int, settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.TASKS = DATABASE_TASKS  # the recomputes it queues are counted apart
    pending = services.import_prepare(
        actor=personas.lead.user, organisation=personas.org_a, filename="data.csv", content=_csv(measures, weeks)
    )
    services.import_queue(actor=personas.lead.user, pending=pending)
    chunks = -(-20 * weeks // 1000)
    with mock.patch.object(bulk, "CHUNK", 1000), django_assert_max_num_queries(14 + chunks) as queries:
        assert services.import_run(pending_id=pending.pk) == 20 * weeks
    assert sum("packed_rows" in q["sql"] and q["sql"].startswith("SELECT") for q in queries) == 1  # read once
    pending.refresh_from_db()
    assert pending.status == ImportStatus.CONFIRMED and pending.imported_count == 20 * weeks
    assert bytes(pending.packed_rows) == b""  # written: the rows are not kept twice
    assert DataPoint.objects.count() == 20 * weeks


def test_the_recomputes_of_the_measures_in_an_import_cost_the_same_whatever_the_number_of_values(
    personas: Any, measures: list[Any], settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.TASKS = DATABASE_TASKS
    counts = []
    for weeks in (1, 50):
        pending = services.import_prepare(
            actor=personas.lead.user, organisation=personas.org_a, filename="data.csv", content=_csv(measures, weeks)
        )
        with mock.patch("django.db.transaction.on_commit", side_effect=lambda f, *a, **k: f()):
            services.import_confirm(actor=personas.lead.user, pending=pending)
        with CaptureQueriesContext(connection) as queries:
            assert run_queued_tasks() == 1  # one task for the 20 measures
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_held_rows_come_back_as_they_were_read_with_their_subgroups(personas: Any) -> None:
    xbar = make_measure(personas.org_a, name="Wait", chart_type="xbar")
    falls = make_measure(personas.org_a, name="Falls", chart_type="u", rate_per=1000)
    content = (
        b"measure,date,value,numerator,denominator,comment\n"
        b"Wait,2025-01-06,4.25,,,first\n"
        b"Wait,06/01/2025,5.5,,,\n"
        b"Falls,2025-01-06,,3,812,new bay\n"
    )
    pending = services.import_prepare(
        actor=personas.lead.user, organisation=personas.org_a, filename="data.csv", content=content
    )
    pending = PendingImport.objects.get(pk=pending.pk)
    assert pending.row_count == 2 and len(pending.preview) == 2
    assert sorted(pending.held_rows()) == sorted(
        [
            (xbar.pk, "2025-01-06", 4.875, None, 2.0, "first", [4.25, 5.5]),
            (falls.pk, "2025-01-06", None, 3.0, 812.0, "new bay", []),
        ]
    )
    assert services.import_confirm(actor=personas.lead.user, pending=pending) == 2
    point = DataPoint.objects.get(measure=xbar)
    assert point.observations == [4.25, 5.5] and point.value == 4.875 and point.denominator == 2
    assert DataPoint.objects.get(measure=falls).value == pytest.approx(3 / 812)


def test_a_file_full_of_errors_keeps_200_of_them_and_counts_them_all(
    lead_client: Client, personas: Any, measures: list[Any]
) -> None:
    lines = ["measure,date,value"] + [f"Measure 00,not a date {i},1" for i in range(ERRORS_KEPT + 50)]
    pending = services.import_prepare(
        actor=personas.lead.user,
        organisation=personas.org_a,
        filename="data.csv",
        content=("\n".join(lines) + "\n").encode(),
    )
    assert len(pending.errors) == ERRORS_KEPT and pending.error_count == ERRORS_KEPT + 50
    html = lead_client.get(f"/o/{personas.org_a.slug}/measures/import/{pending.pk}/").content.decode()
    assert "Correct these 250 rows" in html
    assert "And 50 more rows with problems." in html
    assert 'id="confirm"' not in html  # nothing to confirm
