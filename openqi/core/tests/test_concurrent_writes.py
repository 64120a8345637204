"""Issue 24, point 4: simultaneous writes never answer 500 "database is locked".

Check-ins, measure values and PDSA plans are posted at the same moment from many threads, each
with its own connection (`concurrent_writes.run`). On SQLite the writes run in a child process on a
database *file*, with the settings a web server gets (WAL, busy timeout, IMMEDIATE transactions);
without them (`--plain`) most of these requests fail. On PostgreSQL they run in this process against
the test database.
"""

import json
import os
import subprocess  # nosec B404  # runs this project's own module with the same interpreter
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from openqi.core.tests.concurrent_writes import Outcome, run

PEOPLE = 6


def _assert_every_write_kept(outcome: Outcome) -> None:
    assert outcome.errors == []
    assert sorted(outcome.statuses["checkin"]) == [200] * PEOPLE, outcome
    assert sorted(outcome.statuses["data"]) == [302] * PEOPLE, outcome
    assert sorted(outcome.statuses["pdsa"]) == [302] * PEOPLE, outcome
    assert (outcome.checkins, outcome.data_points, outcome.pdsa_cycles) == (PEOPLE, PEOPLE, PEOPLE)


def test_simultaneous_writes_on_a_sqlite_file_all_succeed(tmp_path: Path) -> None:
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'openqi.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "openqi.test_settings",
        "CONCURRENT_PEOPLE": str(PEOPLE),
        "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
    }
    result = subprocess.run(  # nosec B603  # fixed arguments, no shell
        [sys.executable, "-m", "openqi.core.tests.concurrent_writes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = Outcome(**json.loads(result.stdout.strip().splitlines()[-1]))
    _assert_every_write_kept(outcome)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_writes_on_postgresql_all_succeed(db: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run the suite with DATABASE_URL=postgres://…")
    _assert_every_write_kept(run(PEOPLE))
