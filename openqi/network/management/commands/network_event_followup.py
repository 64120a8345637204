"""Hourly: email a feedback link to each person with a place on a network event that has ended
(once per booking, however often it runs). docs/tasks.md."""

from functools import partial
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from openqi.network.resources.followup import feedback_requests_due
from openqi.network.resources.tasks import feedback_request_send


class Command(BaseCommand):
    help = "Email attendees of network events that have ended a link to give feedback."

    def handle(self, *args: Any, **options: Any) -> None:
        claimed = feedback_requests_due()
        for booking_id in claimed:
            transaction.on_commit(partial(feedback_request_send.enqueue, booking_id))
        self.stdout.write(f"Feedback requests queued: {len(claimed)}")
