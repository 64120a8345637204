"""Delete drafts past their lifetime (run hourly or nightly; drafts are also deleted when read).

A draft is what a person typed into a form as their session ended (`accounts.drafts`): it lives
24 hours at most, so text nobody came back for does not stay linked to its author."""

from typing import Any

from django.core.management.base import BaseCommand

from openqi.accounts.services import form_drafts_purge


class Command(BaseCommand):
    help = "Delete the form drafts kept at session expiry that are past their 24-hour lifetime."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = form_drafts_purge()
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} expired draft{'s' if deleted != 1 else ''}."))
