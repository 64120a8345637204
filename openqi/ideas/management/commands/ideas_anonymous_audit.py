"""Audit the anonymous actions of finished days as counts (run nightly, beside `ideas_embed`).

Anonymous ideas, ideas from the public and anonymous authors' replies write no audit entry when
they happen (ADR 0006, ADR 0007). This writes one entry per organisation, action and day, dated at
midnight, for each of the last `--days` finished days not yet recorded; repeating it is safe.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from openqi.ideas.services import ideas_anonymous_audit
from openqi.organisations.models import Organisation


class Command(BaseCommand):
    help = "Record the anonymous idea actions of the last finished days as daily counts in the audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="How many finished days to check (default 7).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        written = 0
        for back in range(options["days"], 0, -1):
            day = today - datetime.timedelta(days=back)
            for organisation in Organisation.objects.order_by("pk"):
                written += ideas_anonymous_audit(organisation=organisation, day=day)
        self.stdout.write(self.style.SUCCESS(f"Wrote {written} audit entr{'ies' if written != 1 else 'y'}."))
