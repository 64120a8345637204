from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from openqi.operations.models import WorkerHeartbeat
from openqi.operations.services import task_results_purge
from openqi.operations.testing import task_row

pytestmark = pytest.mark.django_db


def _finished(status: str, days_ago: float) -> DBTaskResult:
    at = timezone.now() - timedelta(days=days_ago)
    return task_row(status=status, started_at=at, finished_at=at, worker_ids=["w"])


@override_settings(TASK_RETENTION_DAYS=7, TASK_FAILED_RETENTION_DAYS=30)
def test_successful_tasks_go_after_their_retention_and_failed_ones_are_kept_longer() -> None:
    old_success = _finished(TaskResultStatus.SUCCESSFUL, 8)
    new_success = _finished(TaskResultStatus.SUCCESSFUL, 6)
    failed_last_week = _finished(TaskResultStatus.FAILED, 8)
    old_failed = _finished(TaskResultStatus.FAILED, 31)
    waiting = task_row(status=TaskResultStatus.READY)

    purge = task_results_purge()

    assert (purge.successful, purge.failed) == (1, 1)
    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert remaining == {new_success.pk, failed_last_week.pk, waiting.pk}
    assert old_success.pk not in remaining and old_failed.pk not in remaining


def test_the_heartbeats_of_workers_gone_for_a_day_are_deleted() -> None:
    WorkerHeartbeat.objects.create(worker_id="old", seen_at=timezone.now() - timedelta(days=2))
    WorkerHeartbeat.objects.create(worker_id="new")
    assert task_results_purge().heartbeats == 1
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["new"]


@override_settings(TASK_RETENTION_DAYS=1, TASK_LEASE_SECONDS=60, TASK_MAX_ATTEMPTS=3)
def test_the_daily_maintenance_command_requeues_lost_tasks_and_purges_old_ones(capsys: pytest.CaptureFixture) -> None:
    _finished(TaskResultStatus.SUCCESSFUL, 2)
    lost = task_row(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=5), worker_ids=["gone"]
    )

    call_command("tasks_maintain")

    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.READY
    assert DBTaskResult.objects.count() == 1
    assert "Requeued 1 and failed 0 lost tasks; deleted 1 successful" in capsys.readouterr().out
