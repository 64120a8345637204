"""The surveys' daily work (run once a day by the deployment's scheduler, like `send_digests`;
ADR 0003): open the next round of recurring surveys, send scheduled reminders, and delete the
markers of surveys that have closed. Safe to run more than once a day."""

from typing import Any

from django.core.management.base import BaseCommand

from openqi.surveys.services import survey_purge_closed
from openqi.surveys.services.reminders import survey_reminders_due
from openqi.surveys.services.rounds import survey_rounds_open


class Command(BaseCommand):
    help = "Open due rounds of recurring surveys, send scheduled reminders and purge closed surveys' markers."

    def handle(self, *args: Any, **options: Any) -> None:
        opened = survey_rounds_open()
        for survey in opened:
            self.stdout.write(f"Opened round {survey.round_number} of ‘{survey.title}’ ({survey.organisation}).")
        reminded = survey_reminders_due()
        purged = survey_purge_closed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Opened {len(opened)} survey rounds, sent {len(reminded)} scheduled reminders, "
                f"deleted {purged} markers of closed surveys."
            )
        )
