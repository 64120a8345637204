"""Backups of the database and proof that they restore (docs/backup-restore.md).

- PostgreSQL: `pg_dump --format=custom` of one snapshot. The manifest (row count and checksum of
  every table) is computed inside the same snapshot (`pg_export_snapshot()`, `pg_dump
  --snapshot`), so it describes exactly what the dump holds even while people keep working.
- SQLite (the embedded default): sqlite3's online backup API, page by page through a
  connection, never a copy of a live file (which can catch a write half done). The manifest is
  computed from the finished copy.

`restore_check` restores a backup into a scratch database (PostgreSQL: a new database on the
same server; SQLite: a temporary file), compares every table with the manifest, checks the
schema matches this version's migrations, reads a row of every model through the ORM, and
removes the scratch database.

This module knows tables, not domain models: it names no app.
"""

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess  # nosec B404 # runs pg_dump / pg_restore / psql with fixed arguments, no shell
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import load_backend
from django.utils import timezone

MANIFEST_FORMAT = "openqi-backup-manifest/1"
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    pass


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".manifest.json")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _private_file(path: Path) -> None:
    """Backups hold everyone's data: readable by their owner only."""
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)


# --- table fingerprints ---------------------------------------------------------------------------


def table_fingerprints(cursor: Any, vendor: str) -> dict[str, dict[str, Any]]:
    """Row count and SHA-256 of every table, rows in primary-key (else column) order.

    Values are hashed as the database returns them, so fingerprints compare backups and
    restores made with the same engine."""
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    else:
        cursor.execute(
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    tables = [row[0] for row in cursor.fetchall()]
    fingerprints: dict[str, dict[str, Any]] = {}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(f"SELECT * FROM {quoted} LIMIT 0")  # noqa: S608  # nosec B608 # quoted catalogue name
        width = len(cursor.description)
        order = ", ".join(str(i) for i in range(1, width + 1))
        cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608  # nosec B608 # quoted catalogue name
        digest = hashlib.sha256()
        count = 0
        for row in cursor.fetchall():
            digest.update(repr(tuple(_plain(value) for value in row)).encode())
            count += 1
        fingerprints[table] = {"rows": count, "sha256": digest.hexdigest()}
    return fingerprints


def _plain(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _migrations(cursor: Any) -> dict[str, str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = max(latest.get(app, ""), name)
    return latest


# --- making a backup ------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any] = field(default_factory=dict)


def backup_create(*, output: Path, using: str = "default") -> BackupResult:
    connection = connections[using]
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        tables, migrations = _pg_dump(connection, output)
        engine = "postgresql"
    elif connection.vendor == "sqlite":
        _sqlite_backup(connection, output)
        # Read the copy the way restores are read (a Django connection: same value types).
        copy = {**connections.settings[using], "NAME": str(output)}
        with _temporary_alias(copy) as alias, connections[alias].cursor() as cursor:
            tables, migrations = table_fingerprints(cursor, "sqlite"), _migrations(cursor)
        engine = "sqlite"
    else:
        raise BackupError(f"No backup method for the {connection.vendor} database engine.")
    manifest = {
        "format": MANIFEST_FORMAT,
        "engine": engine,
        "created_at": timezone.now().isoformat(),
        "file": output.name,
        "file_sha256": sha256_file(output),
        "file_bytes": output.stat().st_size,
        "migrations": migrations,
        "tables": tables,
    }
    target = manifest_path(output)
    _private_file(target)
    target.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return BackupResult(path=output, manifest=manifest)


def _sqlite_backup(connection: BaseDatabaseWrapper, output: Path) -> None:
    if output.exists():
        output.unlink()
    _private_file(output)
    connection.ensure_connection()
    source = connection.connection
    with contextlib.closing(sqlite3.connect(output)) as target:
        # Online backup: consistent even while other connections write (it restarts if they do).
        source.backup(target, pages=1024)
        target.commit()


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(settings_dict["OPTIONS"]["sslmode"])
    return env


def _pg_args(settings_dict: dict[str, Any], dbname: str | None = None) -> list[str]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    args += ["--dbname", dbname or str(settings_dict["NAME"])]
    return args


def _run(args: list[str], env: dict[str, str]) -> None:
    tool = shutil.which(args[0])
    if tool is None:
        raise BackupError(f"{args[0]} is not installed (install the PostgreSQL client matching the server).")
    result = subprocess.run([tool, *args[1:]], env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603 # fixed arguments
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()[-2000:]}")


def _pg_dump(connection: BaseDatabaseWrapper, output: Path) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Dump and fingerprint one snapshot: a repeatable-read transaction exports its snapshot,
    pg_dump reads that snapshot, and the fingerprints are taken inside it while it stays open."""
    settings_dict = connection.settings_dict
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            if output.exists():
                output.unlink()
            _private_file(output)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(output),
                    *_pg_args(settings_dict),
                ],
                _pg_env(settings_dict),
            )
            tables = table_fingerprints(cursor, "postgresql")
            migrations = _migrations(cursor)
        raw.rollback()
    finally:
        raw.close()
    return tables, migrations


# --- checking that a backup restores --------------------------------------------------------------


@dataclass
class RestoreReport:
    engine: str
    tables: int = 0
    rows: int = 0
    models_read: int = 0
    pending_migrations: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def backup_engine(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is neither a SQLite database nor a pg_dump custom-format archive.")


def restore_check(
    *, backup: Path, using: str = "default", keep: bool = False, verify: Callable[[str], None] | None = None
) -> RestoreReport:
    """Restore `backup` into a scratch database and prove it is whole and readable. `verify`, if
    given, is called with the scratch database's alias while it exists (restore drills use it
    to read records through the ORM)."""
    manifest_file = manifest_path(backup)
    manifest = json.loads(manifest_file.read_text()) if manifest_file.exists() else None
    engine = backup_engine(backup)
    report = RestoreReport(engine=engine)
    if manifest is None:
        report.problems.append(f"No manifest next to the backup ({manifest_file.name}): counts cannot be compared.")
    elif manifest.get("file_sha256") != sha256_file(backup):
        report.problems.append("The backup file's SHA-256 differs from its manifest: it was changed or truncated.")
    with _scratch_database(backup=backup, engine=engine, using=using, keep=keep) as alias:
        connection = connections[alias]
        with connection.cursor() as cursor:
            if engine == "sqlite":
                cursor.execute("PRAGMA integrity_check")
                verdict = cursor.fetchone()[0]
                if verdict != "ok":
                    report.problems.append(f"SQLite integrity check: {verdict}")
            tables = table_fingerprints(cursor, engine)
        report.tables = len(tables)
        report.rows = sum(t["rows"] for t in tables.values())
        if manifest is not None:
            report.problems += _compare(manifest["tables"], tables)
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        report.pending_migrations = [f"{m.app_label}.{m.name}" for m, _ in plan]
        if not report.pending_migrations:
            report.models_read, unreadable = _read_every_model(alias)
            report.problems += unreadable
        if verify is not None:
            verify(alias)
        connection.close()
    return report


def _compare(expected: dict[str, dict[str, Any]], actual: dict[str, dict[str, Any]]) -> list[str]:
    problems = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            problems.append(f"{table}: missing after restore")
        elif table not in expected:
            problems.append(f"{table}: not in the manifest")
        elif expected[table]["rows"] != actual[table]["rows"]:
            problems.append(f"{table}: {actual[table]['rows']} rows restored, {expected[table]['rows']} backed up")
        elif expected[table]["sha256"] != actual[table]["sha256"]:
            problems.append(f"{table}: same row count but different content")
    return problems


def _read_every_model(alias: str) -> tuple[int, list[str]]:
    """Through the ORM, as the app would: every model's table and columns must be there."""
    problems = []
    read = 0
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        try:
            model._base_manager.using(alias).order_by().first()
            read += 1
        except Exception as error:  # reported, not raised: the report lists every failure
            problems.append(f"{model._meta.label}: {type(error).__name__}: {error}")
    return read, problems


@contextlib.contextmanager
def _temporary_alias(settings_dict: dict[str, Any]) -> Iterator[str]:
    """A connection to another database with the settings of an existing one, usable with
    `.using(alias)`, but not added to settings.DATABASES."""
    alias = f"openqi_backup_{secrets.token_hex(4)}"
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    connections[alias] = wrapper
    try:
        yield alias
    finally:
        wrapper.close()
        del connections[alias]


@contextlib.contextmanager
def _scratch_database(*, backup: Path, engine: str, using: str, keep: bool) -> Iterator[str]:
    base = connections[using]
    if engine != base.vendor:
        raise BackupError(f"A {engine} backup needs a {engine} server to restore into; this one is {base.vendor}.")
    settings_dict = dict(connections.settings[using])
    scratch_dir: Path | None = None
    if engine == "sqlite":
        scratch_dir = Path(tempfile.mkdtemp(prefix="openqi-restore-"))
        target = scratch_dir / "restored.sqlite3"
        shutil.copyfile(backup, target)
        settings_dict["NAME"] = str(target)
    else:
        name = f"openqi_restore_check_{secrets.token_hex(4)}"
        env = _pg_env(settings_dict)
        maintenance = _pg_args(settings_dict, dbname="postgres")
        _run(["psql", "--quiet", "--no-psqlrc", *maintenance, "--command", f'CREATE DATABASE "{name}"'], env)
        settings_dict["NAME"] = name
    try:
        if engine == "postgresql":
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    *_pg_args(settings_dict, settings_dict["NAME"]),
                    str(backup),
                ],
                _pg_env(settings_dict),
            )
        with _temporary_alias(settings_dict) as alias:
            yield alias
    finally:
        if scratch_dir is not None and not keep:
            shutil.rmtree(scratch_dir, ignore_errors=True)
        if engine == "postgresql" and not keep:
            _run(
                [
                    "psql",
                    "--quiet",
                    "--no-psqlrc",
                    *_pg_args(settings_dict, dbname="postgres"),
                    "--command",
                    f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"',
                ],
                _pg_env(settings_dict),
            )
