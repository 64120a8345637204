"""A confirmed import is written by a background task, all rows or none, with its progress shown.

The fault tests run with real transactions (`transaction=True`): inside the usual per-test
transaction a missing `atomic` would go unseen, since the test's own rollback would hide the
partial write. Checked: with `@transaction.atomic` removed from the write, the fault tests fail
(the rows written before the fault stay)."""

import contextlib
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.measures import services
from openqi.measures.models import DataPoint, ImportStatus, PendingImport
from openqi.measures.services import bulk, imports
from openqi.measures.tests.conftest import make_measure
from openqi.operations.testing import DATABASE_TASKS, run_queued_tasks

ROWS = 2_500  # several upsert statements (of 1,000 here), so the fault lands after many were sent


def _csv(rows: int = ROWS) -> bytes:
    import datetime

    start = datetime.date(2020, 1, 6)
    lines = ["measure,date,value"]
    lines += [f"Average length of stay,{start + datetime.timedelta(days=i)},{4 + i % 3}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def measure(personas: Any) -> Any:
    return make_measure(personas.org_a, name="Average length of stay", frequency="daily")


@contextlib.contextmanager
def _fault_after_bulk_insert(written: list[int] | None = None) -> Iterator[None]:
    """Every value is written (in several statements), then the import fails before it commits, as
    a full disk or a lost connection would."""

    def upsert_then_fail(*args: Any, **kwargs: Any) -> int:
        count = real_upsert(*args, **kwargs)
        if written is not None:
            written.append(count)
        raise RuntimeError("disk I/O error")

    with (
        mock.patch.object(bulk, "CHUNK", 1000),
        mock.patch.object(imports, "data_points_upsert", side_effect=upsert_then_fail),
    ):
        yield


real_upsert = bulk.data_points_upsert


@pytest.mark.django_db(transaction=True)
def test_a_fault_after_the_bulk_insert_leaves_no_value_behind(personas: Any, measure: Any) -> None:
    pending = services.import_prepare(
        actor=personas.lead.user, organisation=personas.org_a, filename="data.csv", content=_csv()
    )
    written: list[int] = []
    with _fault_after_bulk_insert(written), pytest.raises(RuntimeError):
        services.import_confirm(actor=personas.lead.user, pending=pending)
    assert written == [ROWS]  # the fault came after every row had been written...
    assert DataPoint.objects.count() == 0  # ...and none of them stayed
    pending.refresh_from_db()
    assert pending.status == ImportStatus.PENDING


@pytest.mark.django_db(transaction=True)
def test_a_failed_background_import_writes_nothing_says_why_and_can_be_retried(
    personas: Any, lead_client: Client, measure: Any
) -> None:
    base = f"/o/{personas.org_a.slug}/measures/import/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    lead_client.post(base, {"file": SimpleUploadedFile("data.csv", _csv(), "text/csv")})
    pending = PendingImport.objects.get()
    page = f"{base}{pending.pk}/"
    with _fault_after_bulk_insert():
        response = lead_client.post(page)  # the task runs when the request commits (immediate backend)
    assert response.status_code == 302 and response["Location"] == page
    pending.refresh_from_db()
    assert pending.status == ImportStatus.FAILED
    assert pending.failure == services.IMPORT_FAULT
    assert DataPoint.objects.count() == 0
    assert AuditEvent.objects.filter(action="measure.import_fail").exists()
    html = lead_client.get(page).content.decode()
    assert "<title>Error: The import did not finish" in html
    assert "Nothing was imported" in html
    assert "Try the import again" in html

    response = lead_client.post(page)  # the fault is gone: try again
    pending.refresh_from_db()
    assert pending.status == ImportStatus.CONFIRMED
    assert pending.imported_count == ROWS
    assert DataPoint.objects.count() == ROWS
    html = lead_client.get(page).content.decode()
    assert "2,500 values imported" in html
    assert "See the measures" in html
    assert AuditEvent.objects.filter(action="measure.import_queue", detail__retry=True).exists()


def test_confirming_queues_the_import_and_the_page_shows_its_progress_until_a_worker_runs_it(
    personas: Any, lead_client: Client, measure: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = DATABASE_TASKS
    pending = services.import_prepare(
        actor=personas.lead.user, organisation=personas.org_a, filename="data.csv", content=_csv(30)
    )
    page = f"/o/{personas.org_a.slug}/measures/import/{pending.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(page)
    assert response["Location"] == page
    assert DataPoint.objects.count() == 0  # the request only queued the work
    html = lead_client.get(page).content.decode()
    assert 'data-import-status="queued"' in html
    assert "waiting to be imported" in html
    assert "Check whether the import has finished" in html  # works without JavaScript
    assert "Import 30 values" not in html
    assert lead_client.post(page).status_code == 200  # a second submit queues nothing more
    with django_capture_on_commit_callbacks(execute=True):
        assert run_queued_tasks() >= 1
    pending.refresh_from_db()
    assert pending.status == ImportStatus.CONFIRMED
    assert DataPoint.objects.count() == 30
    assert "30 values imported" in lead_client.get(page).content.decode()


def test_a_second_run_of_the_task_after_success_writes_nothing_more(personas: Any, measure: Any) -> None:
    pending = services.import_prepare(
        actor=personas.lead.user, organisation=personas.org_a, filename="data.csv", content=_csv(20)
    )
    PendingImport.objects.filter(pk=pending.pk).update(status=ImportStatus.QUEUED)
    assert services.import_run(pending_id=pending.pk) == 20
    assert services.import_run(pending_id=pending.pk) is None
    assert DataPoint.objects.count() == 20


def test_a_run_after_a_lost_worker_starts_again_from_nothing(personas: Any, measure: Any) -> None:
    pending = services.import_prepare(
        actor=personas.lead.user, organisation=personas.org_a, filename="data.csv", content=_csv(20)
    )
    # The first worker set 'importing' and died; its writes were never committed.
    PendingImport.objects.filter(pk=pending.pk).update(status=ImportStatus.IMPORTING)
    assert services.import_run(pending_id=pending.pk) == 20


def test_a_measure_archived_before_the_task_runs_fails_the_import_with_its_reason(
    personas: Any, measure: Any, settings: Any
) -> None:
    from django.utils import timezone

    settings.TASKS = DATABASE_TASKS  # queued, not run: the measure changes before a worker runs it
    pending = services.import_prepare(
        actor=personas.lead.user, organisation=personas.org_a, filename="data.csv", content=_csv(20)
    )
    services.import_queue(actor=personas.lead.user, pending=pending)
    measure.archived_at = timezone.now()
    measure.save()
    assert services.import_run(pending_id=pending.pk) is None
    pending.refresh_from_db()
    assert pending.status == ImportStatus.FAILED
    assert "archived since the upload" in pending.failure
    assert DataPoint.objects.count() == 0
