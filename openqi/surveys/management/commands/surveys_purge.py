"""Delete the markers and marker keys of surveys that have closed (run daily).

Answering any survey also does this, so a missed run only delays it."""

from typing import Any

from django.core.management.base import BaseCommand

from openqi.surveys.services import survey_purge_closed


class Command(BaseCommand):
    help = "Delete the markers and keys of closed surveys, so nobody can tell who answered."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = survey_purge_closed()
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} markers of closed surveys."))
