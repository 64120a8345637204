"""Keeping the task queue healthy: leases on running tasks, bounded retries and retention.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again, so a
worker killed mid-task leaves it RUNNING for ever. Here a task's claim is a lease: its worker
proves it is alive with a heartbeat, and a RUNNING task whose worker has been silent for
`TASK_LEASE_SECONDS` goes back to READY (or, after `TASK_MAX_ATTEMPTS` claims, to FAILED, where
an operator sees it). Tasks must therefore be safe to run again (docs/tasks.md).
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from openqi.operations.models import WorkerHeartbeat

logger = logging.getLogger("openqi.operations")

# Recorded as a lost task's error class, so the status page and command can name the cause.
LEASE_EXPIRED = "openqi.operations.services.TaskLeaseExpired"


class TaskLeaseExpired(Exception):
    """The worker running a task stopped (crash, kill -9, lost machine) before it finished."""


@dataclass(frozen=True)
class LeaseExpiry:
    requeued: int
    failed: int


@dataclass(frozen=True)
class Purge:
    successful: int
    failed: int
    heartbeats: int


def worker_heartbeat_record(*, worker_id: str, now: datetime | None = None) -> None:
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.get_or_create(worker_id=worker_id, defaults={"started_at": now, "seen_at": now})


def worker_heartbeat_remove(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def task_leases_expire(*, now: datetime | None = None) -> LeaseExpiry:
    """Hand back every RUNNING task whose worker has not been seen for the lease period.

    Safe to run from any number of workers at once: each row changes only if it is still in the
    state it was read in (status RUNNING, same start time), so a task is requeued once.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    live = set(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    requeued = failed = 0
    candidates = DBTaskResult.objects.running().filter(Q(started_at__lt=cutoff) | Q(started_at__isnull=True))
    for row in candidates.only("id", "started_at", "worker_ids", "task_path"):
        worker_ids = list(row.worker_ids or [])
        if worker_ids and worker_ids[-1] in live:
            continue  # a long task on a live worker: its lease is renewed by the heartbeat
        attempts = len(worker_ids)
        still_lost = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at)
        if attempts >= settings.TASK_MAX_ATTEMPTS:
            changed = still_lost.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                return_value=None,
                exception_class_path=LEASE_EXPIRED,
                traceback=(
                    f"{LEASE_EXPIRED}: the worker stopped before the task finished, "
                    f"{attempts} of {settings.TASK_MAX_ATTEMPTS} attempts used\n"
                ),
            )
            failed += changed
            if changed:
                logger.warning("Task %s (%s) failed: its worker was lost %d times", row.pk, row.task_path, attempts)
        else:
            changed = still_lost.update(status=TaskResultStatus.READY)
            requeued += changed
            if changed:
                logger.warning("Task %s (%s) requeued after its worker was lost", row.pk, row.task_path)
    return LeaseExpiry(requeued=requeued, failed=failed)


def task_results_purge(*, now: datetime | None = None) -> Purge:
    """Delete finished task rows past their retention, and heartbeats of long-gone workers."""
    now = now or timezone.now()
    successful, _ = (
        DBTaskResult.objects.successful()
        .filter(finished_at__lt=now - timedelta(days=settings.TASK_RETENTION_DAYS))
        .delete()
    )
    failed, _ = (
        DBTaskResult.objects.failed()
        .filter(finished_at__lt=now - timedelta(days=settings.TASK_FAILED_RETENTION_DAYS))
        .delete()
    )
    heartbeats, _ = WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return Purge(successful=successful, failed=failed, heartbeats=heartbeats)
