"""Delete check-in markers and day keys from before today (run daily, e.g. just after midnight),
and publish each organisation's newly complete week's decisions so no page reader waits for them.

The first check-in of each day also purges, and the first reader of a week publishes, so a missed
run only delays either."""

from typing import Any

from django.core.management.base import BaseCommand

from openqi.checkins.services import checkin_decisions_publish, checkin_purge
from openqi.organisations.models import Organisation


class Command(BaseCommand):
    help = "Delete check-in markers and day keys from before today, so no marker can be reversed."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = checkin_purge()
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} old check-in markers."))
        published = sum(checkin_decisions_publish(organisation=o) for o in Organisation.objects.all())
        self.stdout.write(self.style.SUCCESS(f"Published {published} check-in decisions."))
