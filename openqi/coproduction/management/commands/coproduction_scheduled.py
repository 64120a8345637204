"""Run daily (cron or a systemd timer): remind volunteers a month before their consent review
date, delete volunteer sign-ups never confirmed within 30 days, and delete registrations whose
review date passed three months ago without renewal (they were hidden from leads on the date)."""

from typing import Any

from django.core.management.base import BaseCommand

from openqi.coproduction.services import (
    volunteer_lapsed_purge,
    volunteer_reminders_send,
    volunteer_unconfirmed_purge,
)


class Command(BaseCommand):
    help = "Consent renewal reminders; delete unconfirmed and long-lapsed volunteer registrations."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = volunteer_reminders_send()
        unconfirmed = volunteer_unconfirmed_purge()
        lapsed = volunteer_lapsed_purge()
        self.stdout.write(
            f"Reminded {reminded} volunteer(s); deleted {unconfirmed} unconfirmed and {lapsed} lapsed registration(s)."
        )
