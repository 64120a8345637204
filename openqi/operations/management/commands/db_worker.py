"""django-tasks-db's `db_worker`, plus leases: a heartbeat, the return of lost tasks, retention.

This command replaces the library's own (openqi.operations is listed before django_tasks_db in
INSTALLED_APPS). The library's worker loop is unchanged; beside it a daemon thread records this
worker's heartbeat, hands back RUNNING tasks whose worker has gone silent, and purges finished
task rows past their retention. See docs/tasks.md and ADR 0003.
"""

import contextlib
import logging
import os
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as LibraryWorkerCommand

from openqi.operations.services import (
    task_leases_expire,
    task_results_purge,
    worker_heartbeat_record,
    worker_heartbeat_remove,
)

logger = logging.getLogger("openqi.operations")

PURGE_EVERY_SECONDS = 6 * 60 * 60


class LeaseKeeper(threading.Thread):
    def __init__(self, *, worker_id: str) -> None:
        super().__init__(name="openqi-lease-keeper", daemon=True)
        self.worker_id = worker_id
        # Several beats per lease, so one missed beat (a locked SQLite file) does not lose it.
        self.beat_seconds = max(0.5, settings.TASK_LEASE_SECONDS / 4)
        self.stopping = threading.Event()

    def run(self) -> None:
        beats = 0
        purge_every = max(1, int(PURGE_EVERY_SECONDS / self.beat_seconds))
        while not self.stopping.wait(self.beat_seconds):
            beats += 1
            self.maintain(purge=beats % purge_every == 0)

    def maintain(self, *, purge: bool) -> None:
        try:
            worker_heartbeat_record(worker_id=self.worker_id)
            task_leases_expire()
            if purge:
                task_results_purge()
        except DatabaseError:
            # A busy database (SQLite's file lock) costs a beat, not the worker.
            logger.warning("Task lease upkeep skipped a beat: the database was busy", exc_info=True)
        finally:
            close_old_connections()
            if threading.current_thread() is not threading.main_thread():
                connection.close()


class Command(LibraryWorkerCommand):
    help = "Run a database task worker that hands back tasks lost with a crashed worker (docs/tasks.md)"

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id: str = options["worker_id"]
        # With autoreload, the parent process only restarts the child: the child keeps the lease.
        in_worker_process = not options["reload"] or options["batch"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        keeper = None
        if in_worker_process:
            keeper = LeaseKeeper(worker_id=worker_id)
            # At start: announce this worker and hand back whatever a crashed worker left RUNNING.
            keeper.maintain(purge=True)
            keeper.start()
        try:
            super().handle(*args, **options)
        finally:
            if keeper is not None:
                keeper.stopping.set()
                with contextlib.suppress(DatabaseError):
                    worker_heartbeat_remove(worker_id=worker_id)
