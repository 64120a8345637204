"""`manage.py restore_check FILE`: restore a backup into a scratch database, compare every
table with the backup's manifest, check the schema and read every model; then remove the
scratch database. Exits non-zero on any problem. See docs/backup-restore.md."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openqi.core.backup import BackupError, restore_check


class Command(BaseCommand):
    help = "Prove a backup restores: row counts and checksums against its manifest, schema, every model readable."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="A file written by `manage.py backup`.")
        parser.add_argument("--database", default="default", help="The server to restore into (its alias).")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database for inspection.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["backup"])
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            report = restore_check(backup=path, using=options["database"], keep=options["keep"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {report.tables} tables ({report.rows} rows, {report.engine}); "
            f"read {report.models_read} models through the ORM."
        )
        if report.pending_migrations:
            self.stdout.write(
                f"{len(report.pending_migrations)} migrations of this version are not in the backup: "
                "run `manage.py migrate` after restoring it."
            )
        for problem in report.problems:
            self.stderr.write(f"PROBLEM {problem}")
        if not report.ok:
            raise CommandError(f"The backup did not restore cleanly ({len(report.problems)} problems).")
        self.stdout.write("The backup restores: every table matches its manifest.")
