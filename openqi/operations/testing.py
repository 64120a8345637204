"""Test helpers: queue tasks in the database as production does, and run them in this process."""

from datetime import datetime
from typing import Any
from unittest.mock import patch

from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

# The suite runs tasks immediately; a test about task rows uses the production backend instead.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_queued_tasks(*, worker_id: str = "test-worker") -> int:
    """Run every ready task with the library's worker loop (no lease thread); how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    # The worker closes connections between tasks, which would end the test's transaction.
    with patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()
    return worker._run_tasks


def task_row(
    *,
    status: str = TaskResultStatus.READY,
    task_path: str = "openqi.measures.tasks.measure_recompute",
    args: list[Any] | None = None,
    started_at: datetime | None = None,
    finished_at: datetime | None = None,
    worker_ids: list[str] | None = None,
    exception_class_path: str = "",
) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        task_path=task_path,
        args_kwargs={"args": args if args is not None else [1], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        started_at=started_at,
        finished_at=finished_at,
        worker_ids=worker_ids or [],
        exception_class_path=exception_class_path,
    )
