"""The worker's own upkeep, for cron: hand back lost tasks and purge old finished ones.

Every `db_worker` does this by itself; run this daily as well (or when no worker is running) so
retention holds even while workers are down.
"""

from typing import Any

from django.core.management.base import BaseCommand

from openqi.operations.services import task_leases_expire, task_results_purge


class Command(BaseCommand):
    help = "Requeue tasks whose worker was lost and delete finished task rows past their retention"

    def handle(self, *args: Any, **options: Any) -> None:
        expiry = task_leases_expire()
        purge = task_results_purge()
        self.stdout.write(
            f"Requeued {expiry.requeued} and failed {expiry.failed} lost tasks; deleted {purge.successful} "
            f"successful and {purge.failed} failed task rows past retention."
        )
