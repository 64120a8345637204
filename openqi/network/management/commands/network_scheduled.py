"""Run daily (cron or a systemd timer): delete network sign-ups never confirmed within 30 days, and
record finished days' anonymous system ideas in the audit trail as counts (ADR 0029)."""

from typing import Any

from django.core.management.base import BaseCommand

from openqi.network.services import member_unconfirmed_purge
from openqi.network.system_ideas import system_idea_anonymous_audit


class Command(BaseCommand):
    help = "Delete network sign-ups whose email address was not confirmed within 30 days."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Deleted {member_unconfirmed_purge()} unconfirmed sign-up(s).")
        self.stdout.write(f"Recorded {system_idea_anonymous_audit()} day(s) of anonymous system ideas.")
