"""Open the next round of each recurring survey whose period has begun (run daily, like
`send_digests`: the deployment's scheduler, e.g. cron at 00:05). Safe to run more than once."""

from typing import Any

from django.core.management.base import BaseCommand

from openqi.surveys.rounds import survey_rounds_open


class Command(BaseCommand):
    help = "Open the next round of every recurring survey whose next period has begun."

    def handle(self, *args: Any, **options: Any) -> None:
        opened = survey_rounds_open()
        for survey in opened:
            self.stdout.write(f"Opened round {survey.round_number} of ‘{survey.title}’ ({survey.organisation}).")
        self.stdout.write(self.style.SUCCESS(f"Opened {len(opened)} survey rounds."))
