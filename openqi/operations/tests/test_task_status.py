"""What an operator sees of the queue: the selector, `manage.py tasks_status` and /system/tasks/."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus

from openqi.conftest import client_for, give_totp
from openqi.factories import SystemMembershipFactory
from openqi.operations.selectors import task_queue_health, task_queue_summary
from openqi.operations.services import LEASE_EXPIRED
from openqi.operations.testing import task_row

pytestmark = [pytest.mark.django_db]

SECRET_ARGUMENT = "argument-that-must-never-be-shown"


@pytest.fixture
def queue() -> dict[str, Any]:
    now = timezone.now()
    with override_settings(TASK_LEASE_SECONDS=60):
        ready = task_row(args=[SECRET_ARGUMENT])
        ready.enqueued_at = now - timedelta(minutes=10)
        ready.save(update_fields=["enqueued_at"])
        stuck = task_row(
            status=TaskResultStatus.RUNNING,
            task_path="openqi.notifications.tasks.account_email_send",
            args=[SECRET_ARGUMENT],
            started_at=now - timedelta(minutes=5),
            worker_ids=["w1", "w2"],
        )
        failed = task_row(
            status=TaskResultStatus.FAILED,
            task_path="openqi.organisations.tasks.invitation_email_send",
            args=[SECRET_ARGUMENT],
            started_at=now - timedelta(hours=1),
            finished_at=now - timedelta(hours=1),
            worker_ids=["w1"],
            exception_class_path="smtplib.SMTPServerDisconnected",
        )
        failed.traceback = f"Traceback ... {SECRET_ARGUMENT}"
        failed.save(update_fields=["traceback"])
        task_row(
            status=TaskResultStatus.FAILED,
            started_at=now - timedelta(days=2),
            finished_at=now - timedelta(days=2),
            exception_class_path=LEASE_EXPIRED,
        )
        yield {"ready": ready, "stuck": stuck, "failed": failed}


def test_queue_health_gives_the_oldest_wait_the_stuck_count_and_failures_in_a_day(queue: Any) -> None:
    health = task_queue_health()
    assert health.oldest_ready_age_seconds is not None
    assert 599 <= health.oldest_ready_age_seconds < 660
    assert health.stuck_count == 1
    assert health.failed_last_24h == 1


def test_queue_health_of_an_empty_queue_has_no_waiting_age() -> None:
    health = task_queue_health()
    assert (health.oldest_ready_age_seconds, health.stuck_count, health.failed_last_24h) == (None, 0, 0)


def test_the_summary_names_stuck_and_failed_tasks_with_their_attempts_and_error_class(queue: Any) -> None:
    summary = task_queue_summary()
    assert summary.counts == {"READY": 1, "RUNNING": 1, "FAILED": 2, "SUCCESSFUL": 0}
    assert [(r.task_name, r.attempts) for r in summary.stuck] == [("notifications.account_email_send", 2)]
    assert [r.error_class for r in summary.recent_failed] == ["SMTPServerDisconnected", "TaskLeaseExpired"]


def test_the_status_command_prints_counts_ages_stuck_and_failed_tasks_but_no_arguments(
    queue: Any, capsys: pytest.CaptureFixture
) -> None:
    call_command("tasks_status")
    out = capsys.readouterr().out
    assert "READY 1, RUNNING 1, FAILED 2, SUCCESSFUL 0" in out
    assert "Oldest ready task: waiting 6" in out
    assert "Running past the lease: 1" in out
    assert "notifications.account_email_send" in out
    assert "Failed in the last 24 hours: 1" in out
    assert "organisations.invitation_email_send" in out and "SMTPServerDisconnected" in out
    assert SECRET_ARGUMENT not in out


def test_a_system_admin_sees_the_task_page_without_arguments_or_tracebacks(personas: Any, queue: Any) -> None:
    sysadmin = SystemMembershipFactory(system=personas.org_a.system).user
    give_totp(sysadmin)
    response = client_for(sysadmin).get("/system/tasks/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Background tasks" in page
    assert "notifications.account_email_send" in page
    assert "SMTPServerDisconnected" in page
    assert SECRET_ARGUMENT not in page


@pytest.mark.parametrize("who", ["member", "lead", "admin", "outsider"])
def test_anyone_but_a_system_admin_is_refused_the_task_page(personas: Any, who: str) -> None:
    user = getattr(personas, who).user
    if who != "admin":  # the organisation admin has an authenticator already
        give_totp(user)
    assert client_for(user).get("/system/tasks/").status_code == 403


def test_the_task_page_sends_a_signed_out_visitor_to_sign_in() -> None:
    response = Client().get("/system/tasks/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
