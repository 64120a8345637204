"""Print the task queue's state for an operator: counts, waits, stuck and failed tasks."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from openqi.operations.selectors import task_queue_summary


class Command(BaseCommand):
    help = "Show task counts by state, the oldest waiting task, tasks running past their lease and recent failures"

    def handle(self, *args: Any, **options: Any) -> None:
        summary = task_queue_summary()
        now = timezone.now()
        out = self.stdout.write
        out("Tasks by state: " + ", ".join(f"{state} {n}" for state, n in summary.counts.items()))
        age = summary.health.oldest_ready_age_seconds
        out("Oldest ready task: " + (f"waiting {age:.0f} s" if age is not None else "none waiting"))
        out(f"Live workers: {len(summary.live_workers)} (lease {summary.lease_seconds} s)")
        out(f"Running past the lease: {summary.health.stuck_count}")
        for row in summary.stuck:
            started = (now - row.started_at).total_seconds() if row.started_at else 0
            out(f"  {row.id}  {row.task_name}  started {started:.0f} s ago, attempt {row.attempts}")
        out(f"Failed in the last 24 hours: {summary.health.failed_last_24h}")
        for row in summary.recent_failed:
            out(f"  {row.id}  {row.task_name}  {row.finished_at:%Y-%m-%d %H:%M} UTC  {row.error_class}")
