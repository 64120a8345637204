from typing import Any

from django.core.management.base import BaseCommand

from openqi.notifications.tasks import notification_digests_send


class Command(BaseCommand):
    help = "Queue the daily notification digest (run once a day from cron or a scheduler)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = notification_digests_send.enqueue()
        self.stdout.write(f"Queued the daily digest ({result.id}).")
