"""Tasks used only by the worker fault tests: one that waits on a file mid-way, one that records its run."""

import time
from pathlib import Path

from django.core.mail import send_mail
from django_tasks import TaskContext, task

from openqi.notifications.delivery import email_deliver_once
from openqi.notifications.models import EmailDelivery


def _wait_for(gate: Path) -> None:
    while not gate.exists():
        time.sleep(0.05)


@task(takes_context=True)
def email_behind_a_gate(context: TaskContext, *, gate: str, stage: str) -> str:
    """Send one email as a real task does; wait for the file `gate` before or after sending."""
    gate_path = Path(gate)
    attempt = len(context.task_result.worker_ids)
    if stage == "before":
        Path(f"{gate}.reached.{attempt}").touch()
        _wait_for(gate_path)
    email_deliver_once(
        key=f"task:{context.task_result.id}",
        send=lambda: send_mail("Fault test", "Sent once.", None, ["fault@example.nhs.uk"]),
    )
    if stage == "after":
        Path(f"{gate}.reached.{attempt}").touch()
        _wait_for(gate_path)
    return "done"


@task()
def run_recorded(number: int) -> None:
    """A second run of the same task would break the unique key and fail the task."""
    EmailDelivery.objects.create(key=f"fault-run:{number}")
    time.sleep(0.02)
