"""Queue this month's report of every schedule whose day has come (run daily from cron)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from openqi.reports.services import schedules_run


class Command(BaseCommand):
    help = "Queue the monthly scheduled reports that are due; their recipients get a link when each is ready."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = schedules_run(today=timezone.localdate())
        self.stdout.write(f"Queued {queued} scheduled report{'s' if queued != 1 else ''}.")
