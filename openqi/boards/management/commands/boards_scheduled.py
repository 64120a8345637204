"""Run daily (cron or a systemd timer), after midnight: every process control count linked to a
measure writes its completed days to it (yesterday's added, any changed day replaced)."""

from typing import Any

from django.core.management.base import BaseCommand

from openqi.boards.control_feeds import control_feeds_run_all


class Command(BaseCommand):
    help = "Feed each linked process control count's completed days to its measure."

    def handle(self, *args: Any, **options: Any) -> None:
        result = control_feeds_run_all()
        self.stdout.write(f"Fed {result.fed} measure link(s); {result.refused} refused.")
