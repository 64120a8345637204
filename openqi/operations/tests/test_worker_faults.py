"""Real `db_worker` processes, killed mid-task: the task finishes once, with no second email.

The workers are separate processes on a database file (SQLite) or the test database
(PostgreSQL), with a two-second lease (worker_settings.py). Tasks are queued here with the
production database backend.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from openqi.operations.testing import DATABASE_TASKS
from openqi.operations.tests.fault_tasks import email_behind_a_gate, run_recorded

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 40.0


def _wait(what: str, done: Callable[[], bool], log: Path | None = None) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not done():
        if time.monotonic() > deadline:
            detail = log.read_text()[-3000:] if log and log.exists() else ""
            raise AssertionError(f"Timed out waiting for {what}\n{detail}")
        time.sleep(0.1)


@dataclass
class WorkerDatabase:
    """The database the worker processes share with this test, and a way to read it."""

    tmp: Path
    sqlite_file: Path | None = None
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def url(self) -> str:
        if self.sqlite_file is not None:
            return f"sqlite:///{self.sqlite_file}"
        db = settings.DATABASES["default"]
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"

    def publish(self) -> None:
        """Make what this test queued visible to the workers (SQLite: copy the test database to a file)."""
        if connection.vendor == "sqlite":
            self.sqlite_file = self.tmp / "workers.sqlite3"
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(self.sqlite_file)])

    def rows(self) -> list[tuple[str, str, list[str]]]:
        """(id, status, worker_ids) of every task row."""
        if self.sqlite_file is None:
            return [(str(UUID(str(r.pk))), r.status, r.worker_ids) for r in DBTaskResult.objects.all()]
        with sqlite3.connect(self.sqlite_file, timeout=10) as db:
            found = db.execute("SELECT id, status, worker_ids FROM django_tasks_database_dbtaskresult").fetchall()
        return [(str(UUID(i)), s, json.loads(w)) for i, s, w in found]

    def deliveries(self) -> list[str]:
        if self.sqlite_file is None:
            from openqi.notifications.models import EmailDelivery

            return list(EmailDelivery.objects.values_list("key", flat=True))
        with sqlite3.connect(self.sqlite_file, timeout=10) as db:
            return [k for (k,) in db.execute("SELECT key FROM notifications_emaildelivery")]

    def start_worker(self, worker_id: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "openqi.operations.tests.worker_settings",
            "DATABASE_URL": self.url,
            "OPENQI_FAULT_EMAIL_DIR": str(self.tmp / "mail"),
            "DEBUG": "0",
        }
        log = self.tmp / f"{worker_id}.log"
        process = subprocess.Popen(  # noqa: S603  (our own manage.py, fixed arguments)
            [
                sys.executable,
                str(settings.BASE_DIR / "manage.py"),
                "db_worker",
                "--queue-name=*",
                "--interval=0.1",
                "--no-startup-delay",
                "--no-reload",
                f"--worker-id={worker_id}",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def emails(self) -> int:
        return sum(f.read_text().count("Subject: ") for f in (self.tmp / "mail").glob("*.log"))


@pytest.fixture
def worker_db(transactional_db: Any, tmp_path: Path) -> Iterator[WorkerDatabase]:
    (tmp_path / "mail").mkdir()
    database = WorkerDatabase(tmp=tmp_path)
    with override_settings(TASKS=DATABASE_TASKS):
        yield database
    for process in database.processes:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


@pytest.mark.parametrize("stage", ["before", "after"])
def test_a_task_killed_mid_way_with_its_worker_finishes_once_after_a_restart(
    worker_db: WorkerDatabase, stage: str
) -> None:
    gate = worker_db.tmp / "gate"
    result = email_behind_a_gate.enqueue(gate=str(gate), stage=stage)
    worker_db.publish()

    first = worker_db.start_worker("first")
    _wait("the task to reach its gate", Path(f"{gate}.reached.1").exists, worker_db.tmp / "first.log")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert [r[1:] for r in worker_db.rows()] == [(TaskResultStatus.RUNNING, ["first"])]
    # killed before sending: nothing went; killed after: the one email went and must not go again
    assert worker_db.emails() == (0 if stage == "before" else 1)

    gate.touch()
    started = time.monotonic()
    worker_db.start_worker("second")
    _wait(
        "the task to finish on the second worker",
        lambda: worker_db.rows()[0][1] == TaskResultStatus.SUCCESSFUL,
        worker_db.tmp / "second.log",
    )
    print(f"lost task finished {time.monotonic() - started:.1f} s after the second worker started")  # noqa: T201

    assert worker_db.rows() == [(str(UUID(str(result.id))), TaskResultStatus.SUCCESSFUL, ["first", "second"])]
    assert worker_db.emails() == 1
    assert worker_db.deliveries() == [f"task:{result.id}"]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent workers need PostgreSQL's row locks")
def test_two_workers_on_one_postgresql_queue_never_run_the_same_task(worker_db: WorkerDatabase) -> None:
    count = 60
    for number in range(count):
        run_recorded.enqueue(number)
    worker_db.publish()

    worker_db.start_worker("one")
    worker_db.start_worker("two")
    _wait(
        "every task to finish",
        lambda: all(r[1] in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED) for r in worker_db.rows()),
        worker_db.tmp / "one.log",
    )

    rows = worker_db.rows()
    assert [r[1] for r in rows] == [TaskResultStatus.SUCCESSFUL] * count  # a second run fails on the unique key
    assert all(len(r[2]) == 1 for r in rows)  # each claimed once
    assert sorted(worker_db.deliveries()) == sorted(f"fault-run:{n}" for n in range(count))
    ran_by = {r[2][0] for r in rows}
    assert ran_by == {"one", "two"}, f"both workers should have taken tasks: {ran_by}"
