"""`manage.py backup --output FILE`: a consistent backup of the database and its manifest
(FILE.manifest.json: row count and checksum of every table). See docs/backup-restore.md."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openqi.core.backup import BackupError, backup_create, manifest_path


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format, or SQLite's online backup) with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="The backup file to write (overwritten).")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(output=Path(options["output"]), using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows, {manifest['engine']}) to {result.path} "
            f"({manifest['file_bytes']} bytes, sha256 {manifest['file_sha256'][:16]}…); "
            f"manifest {manifest_path(result.path).name}."
        )
