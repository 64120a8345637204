"""What an operator (and the readiness check) sees of the task queue.

Only task names, states, times and error classes: never a task's arguments, return value or
traceback, which may name people.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from openqi.operations.models import WorkerHeartbeat


@dataclass(frozen=True)
class TaskQueueHealth:
    oldest_ready_age_seconds: float | None  # None when nothing is due; counted from when it fell due
    oldest_running_age_seconds: float | None  # None when nothing runs
    stuck_count: int  # RUNNING for longer than the lease
    failed_last_24h: int


@dataclass(frozen=True)
class TaskRow:
    id: str
    task_name: str
    status: str
    queue_name: str
    enqueued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    attempts: int
    error_class: str


@dataclass(frozen=True)
class TaskQueueSummary:
    counts: dict[str, int]
    health: TaskQueueHealth
    stuck: list[TaskRow]
    recent_failed: list[TaskRow]
    live_workers: list[WorkerHeartbeat]
    lease_seconds: int
    max_attempts: int


def _task_name(task_path: str) -> str:
    # From the dotted path, not the imported task: an old row may name a task that no longer exists.
    return task_path.removeprefix("openqi.").replace(".tasks.", ".")


def _row(result: DBTaskResult) -> TaskRow:
    return TaskRow(
        id=str(result.pk),
        task_name=_task_name(result.task_path),
        status=result.status,
        queue_name=result.queue_name,
        enqueued_at=result.enqueued_at,
        started_at=result.started_at,
        finished_at=result.finished_at,
        attempts=len(result.worker_ids or []),
        error_class=result.exception_class_path.rsplit(".", 1)[-1] if result.exception_class_path else "",
    )


def _stuck(now: datetime) -> "Q":
    return Q(status=TaskResultStatus.RUNNING, started_at__lt=now - timedelta(seconds=settings.TASK_LEASE_SECONDS))


def task_queue_health(*, now: datetime | None = None) -> TaskQueueHealth:
    """Four figures for the readiness check and the operator's page: how long the oldest due task
    has waited (a task may wait on purpose until `run_after`; it is late only from then on), how
    long the oldest running task has run, how many run past their lease, and how many failed in
    the last 24 hours."""
    now = now or timezone.now()
    ready = Q(status=TaskResultStatus.READY)
    figures = DBTaskResult.objects.aggregate(
        oldest_queued=Min("enqueued_at", filter=ready & Q(run_after=get_date_max())),
        oldest_due=Min("run_after", filter=ready & ~Q(run_after=get_date_max()) & Q(run_after__lte=now)),
        oldest_running=Min("started_at", filter=Q(status=TaskResultStatus.RUNNING)),
        stuck=Count("pk", filter=_stuck(now)),
        failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED, finished_at__gte=now - timedelta(hours=24))),
    )
    waiting_since = min((m for m in (figures["oldest_queued"], figures["oldest_due"]) if m is not None), default=None)
    running_since = figures["oldest_running"]
    return TaskQueueHealth(
        oldest_ready_age_seconds=max(0.0, (now - waiting_since).total_seconds()) if waiting_since else None,
        oldest_running_age_seconds=max(0.0, (now - running_since).total_seconds()) if running_since else None,
        stuck_count=figures["stuck"],
        failed_last_24h=figures["failed"],
    )


def task_queue_readiness(now: datetime) -> dict[str, Any]:
    """The task queue's part of /readyz: late when a due task waits or a task runs too long."""
    health = task_queue_health(now=now)
    wait = None if health.oldest_ready_age_seconds is None else int(health.oldest_ready_age_seconds)
    run = None if health.oldest_running_age_seconds is None else int(health.oldest_running_age_seconds)
    problems = []
    if wait is not None and wait > settings.READYZ_MAX_TASK_WAIT:
        problems.append(f"a task has waited {wait} s (limit {settings.READYZ_MAX_TASK_WAIT} s): is the worker running?")
    if run is not None and run > settings.READYZ_MAX_TASK_RUN:
        problems.append(f"a task has been running {run} s (limit {settings.READYZ_MAX_TASK_RUN} s)")
    return {
        "status": "ok" if not problems else "late",
        "oldest_waiting_seconds": wait,
        "oldest_running_seconds": run,
        "running_past_lease": health.stuck_count,
        "failed_last_24h": health.failed_last_24h,
        "problems": problems,
    }


def task_queue_summary(*, now: datetime | None = None, limit: int = 20) -> TaskQueueSummary:
    now = now or timezone.now()
    counts = {status: 0 for status in TaskResultStatus.values}
    for row in DBTaskResult.objects.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    fields = (
        "id",
        "task_path",
        "status",
        "queue_name",
        "enqueued_at",
        "started_at",
        "finished_at",
        "worker_ids",
        "exception_class_path",
    )
    stuck = DBTaskResult.objects.filter(_stuck(now)).only(*fields).order_by("started_at")[:limit]
    failed = DBTaskResult.objects.failed().only(*fields).order_by("-finished_at")[:limit]
    lease_cutoff = now - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    return TaskQueueSummary(
        counts=counts,
        health=task_queue_health(now=now),
        stuck=[_row(r) for r in stuck],
        recent_failed=[_row(r) for r in failed],
        live_workers=list(WorkerHeartbeat.objects.filter(seen_at__gte=lease_cutoff)),
        lease_seconds=settings.TASK_LEASE_SECONDS,
        max_attempts=settings.TASK_MAX_ATTEMPTS,
    )
