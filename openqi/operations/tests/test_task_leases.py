from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus

from openqi.operations.models import WorkerHeartbeat
from openqi.operations.services import LEASE_EXPIRED, task_leases_expire, worker_heartbeat_record
from openqi.operations.testing import task_row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("short_lease")]


@pytest.fixture
def short_lease() -> Any:
    with override_settings(TASK_LEASE_SECONDS=60, TASK_MAX_ATTEMPTS=3):
        yield


def test_a_running_task_whose_worker_fell_silent_past_the_lease_is_ready_again() -> None:
    now = timezone.now()
    lost = task_row(status=TaskResultStatus.RUNNING, started_at=now - timedelta(seconds=61), worker_ids=["gone"])
    WorkerHeartbeat.objects.create(worker_id="gone", seen_at=now - timedelta(seconds=61))

    expiry = task_leases_expire(now=now)

    lost.refresh_from_db()
    assert (expiry.requeued, expiry.failed) == (1, 0)
    assert lost.status == TaskResultStatus.READY
    assert lost.worker_ids == ["gone"]  # the claims so far count as attempts


def test_a_running_task_of_a_worker_that_never_sent_a_heartbeat_is_ready_after_the_lease() -> None:
    now = timezone.now()
    lost = task_row(status=TaskResultStatus.RUNNING, started_at=now - timedelta(seconds=61), worker_ids=["plain"])
    task_leases_expire(now=now)
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.READY


def test_a_long_task_on_a_live_worker_keeps_running_past_the_lease() -> None:
    now = timezone.now()
    long = task_row(status=TaskResultStatus.RUNNING, started_at=now - timedelta(hours=2), worker_ids=["alive"])
    worker_heartbeat_record(worker_id="alive", now=now - timedelta(seconds=5))

    assert task_leases_expire(now=now).requeued == 0
    long.refresh_from_db()
    assert long.status == TaskResultStatus.RUNNING


def test_a_task_started_inside_the_lease_is_left_running_even_without_a_heartbeat() -> None:
    now = timezone.now()
    young = task_row(status=TaskResultStatus.RUNNING, started_at=now - timedelta(seconds=30), worker_ids=["w"])
    task_leases_expire(now=now)
    young.refresh_from_db()
    assert young.status == TaskResultStatus.RUNNING


def test_a_task_lost_on_its_last_attempt_fails_and_says_its_worker_was_lost() -> None:
    now = timezone.now()
    lost = task_row(status=TaskResultStatus.RUNNING, started_at=now - timedelta(seconds=90), worker_ids=["a", "b", "c"])

    expiry = task_leases_expire(now=now)

    lost.refresh_from_db()
    assert (expiry.requeued, expiry.failed) == (0, 1)
    assert lost.status == TaskResultStatus.FAILED
    assert lost.exception_class_path == LEASE_EXPIRED
    assert lost.finished_at == now
    assert "3 of 3 attempts" in lost.traceback


def test_finished_and_waiting_tasks_are_not_touched_by_the_lease_check() -> None:
    old = timezone.now() - timedelta(days=1)
    rows = [
        task_row(status=TaskResultStatus.READY),
        task_row(status=TaskResultStatus.SUCCESSFUL, started_at=old, finished_at=old, worker_ids=["x"]),
        task_row(status=TaskResultStatus.FAILED, started_at=old, finished_at=old, worker_ids=["x"]),
    ]
    assert task_leases_expire() == type(task_leases_expire())(requeued=0, failed=0)
    for row in rows:
        before = row.status
        row.refresh_from_db()
        assert row.status == before


def test_a_heartbeat_is_recorded_once_per_worker_and_moves_forward() -> None:
    first = timezone.now() - timedelta(seconds=10)
    worker_heartbeat_record(worker_id="w1", now=first)
    worker_heartbeat_record(worker_id="w1")
    beat = WorkerHeartbeat.objects.get(worker_id="w1")
    assert beat.started_at == first
    assert beat.seen_at > first
