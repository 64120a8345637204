"""Run every hour (cron or a systemd timer): queue tomorrow's reminders and end offers nobody took up."""

from typing import Any

from django.core.management.base import BaseCommand

from openqi.bookings.services import booking_offers_expire
from openqi.bookings.tasks import booking_reminders_queue


class Command(BaseCommand):
    help = "Queue reminders for tomorrow's bookings and expire waiting-list offers."

    def handle(self, *args: Any, **options: Any) -> None:
        expired = booking_offers_expire()
        booking_reminders_queue.enqueue()
        self.stdout.write(f"Expired {expired} offer(s); reminders queued.")
