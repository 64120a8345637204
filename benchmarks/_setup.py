"""What every Django benchmark does first: choose the database, start Django, and give it an empty,
migrated schema. Imported by the benchmark scripts (their folder is on `sys.path` when run)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def start_django(*, name: str, database_url: str, queue_tasks: bool = False) -> None:
    """A throwaway SQLite file unless a database URL is given; the test settings (DEBUG off).
    `queue_tasks` uses production's database task queue instead of the tests' run-at-once one."""
    sys.path.insert(0, str(REPO))
    folder = tempfile.mkdtemp(prefix=f"{name}-bench-")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openqi.test_settings")
    import django

    django.setup()
    if queue_tasks:
        from django.conf import settings
        from django.core.signals import setting_changed

        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        # django.setup() has already built the task backends (each task checks its backend when
        # its module loads): without the signal the tests' run-at-once backend stayed in use, and a
        # benchmark timed a request together with all the work it should only have queued.
        setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)


def prepare_database(*, table: str, empty: bool = True) -> None:
    """Migrate; with `empty`, first remove the rows an earlier run left (a given PostgreSQL
    database is reused, so its data is flushed; a new SQLite file has none)."""
    from django.core.management import call_command
    from django.db import connection

    if empty and table in connection.introspection.table_names():
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
