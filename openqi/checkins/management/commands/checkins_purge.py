"""Delete check-in markers and day keys from before today (run daily, e.g. just after midnight).

The first check-in of each day also does this, so a missed run only delays it."""

from typing import Any

from django.core.management.base import BaseCommand

from openqi.checkins.services import checkin_purge


class Command(BaseCommand):
    help = "Delete check-in markers and day keys from before today, so no marker can be reversed."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = checkin_purge()
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} old check-in markers."))
