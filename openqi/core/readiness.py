"""What /readyz checks: the database answers, and no task has waited or run too long.

The answer holds statuses, counts and ages in seconds only: never a task's arguments or a person.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Min
from django.utils import timezone


def _seconds_since(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def _task_queue_report(now: datetime) -> dict[str, Any]:
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    # A task may wait on purpose (run_after); it is late only from then on.
    waiting_since = min(
        (
            moment
            for moment in (
                ready.filter(run_after=get_date_max()).aggregate(m=Min("enqueued_at"))["m"],
                ready.exclude(run_after=get_date_max()).filter(run_after__lte=now).aggregate(m=Min("run_after"))["m"],
            )
            if moment is not None
        ),
        default=None,
    )
    running_since = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).aggregate(m=Min("started_at"))["m"]
    oldest_wait = _seconds_since(waiting_since, now)
    oldest_run = _seconds_since(running_since, now)
    problems = []
    if oldest_wait is not None and oldest_wait > settings.READYZ_MAX_TASK_WAIT:
        problems.append(
            f"a task has waited {oldest_wait} s (limit {settings.READYZ_MAX_TASK_WAIT} s): is the worker running?"
        )
    if oldest_run is not None and oldest_run > settings.READYZ_MAX_TASK_RUN:
        problems.append(f"a task has been running {oldest_run} s (limit {settings.READYZ_MAX_TASK_RUN} s)")
    return {
        "status": "ok" if not problems else "late",
        "oldest_waiting_seconds": oldest_wait,
        "oldest_running_seconds": oldest_run,
        "problems": problems,
    }


def readiness_report() -> dict[str, Any]:
    now = timezone.now()
    checks: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"status": "ok"}
    except DatabaseError as error:
        checks["database"] = {"status": "down", "problems": [type(error).__name__]}
        return {"status": "not ready", "checks": checks}
    try:
        checks["tasks"] = _task_queue_report(now)
    except DatabaseError as error:
        checks["tasks"] = {"status": "down", "problems": [type(error).__name__]}
    ready = all(check["status"] == "ok" for check in checks.values())
    return {"status": "ready" if ready else "not ready", "checks": checks}
