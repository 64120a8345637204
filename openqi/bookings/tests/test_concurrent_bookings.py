"""Issue 15: bookings made at the same moment never overbook an occasion (SQLite and PostgreSQL)."""

import json
import os
import subprocess  # nosec B404  # runs this project's own module with the same interpreter
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from openqi.bookings.tests.concurrent_bookings import Outcome, run

PEOPLE = 12


def _assert_never_overbooked(outcome: Outcome) -> None:
    assert outcome.errors == []
    assert outcome.confirmed == outcome.capacity, outcome
    assert outcome.confirmed + outcome.waiting == PEOPLE, outcome


def test_simultaneous_bookings_on_a_sqlite_file_never_overbook(tmp_path: Path) -> None:
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'openqi.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "openqi.test_settings",
        "CONCURRENT_PEOPLE": str(PEOPLE),
        "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
    }
    result = subprocess.run(  # nosec B603  # fixed arguments, no shell
        [sys.executable, "-m", "openqi.bookings.tests.concurrent_bookings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    _assert_never_overbooked(Outcome(**json.loads(result.stdout.strip().splitlines()[-1])))


@pytest.mark.django_db(transaction=True)
def test_simultaneous_bookings_on_postgresql_never_overbook(db: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run the suite with DATABASE_URL=postgres://…")
    _assert_never_overbooked(run(PEOPLE))
