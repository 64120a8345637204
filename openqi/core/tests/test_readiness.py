"""/readyz: ready while the database answers and the task queue moves; JSON says why not."""

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


def _task(status: str, **fields: Any) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="openqi.secret.task_with_private_arguments",
        backend_name="default",
        run_after=fields.pop("run_after", get_date_max()),
        **fields,
    )


def test_the_service_is_ready_with_an_empty_queue(db: Any) -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_a_task_waiting_too_long_makes_the_service_not_ready_and_says_why(db: Any, settings: Any) -> None:
    settings.READYZ_MAX_TASK_WAIT = 60
    task = _task("READY")
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - timedelta(seconds=600))

    response = Client().get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready" and body["checks"]["tasks"]["status"] == "late"
    assert body["checks"]["tasks"]["oldest_waiting_seconds"] >= 600
    assert "worker" in body["checks"]["tasks"]["problems"][0]
    assert "task_with_private_arguments" not in response.content.decode()


def test_a_task_running_too_long_makes_the_service_not_ready(db: Any, settings: Any) -> None:
    settings.READYZ_MAX_TASK_RUN = 60
    _task("RUNNING", started_at=timezone.now() - timedelta(seconds=3600))

    response = Client().get("/readyz")

    assert response.status_code == 503 and response.json()["checks"]["tasks"]["oldest_running_seconds"] >= 3600


def test_a_task_scheduled_for_later_or_just_queued_keeps_the_service_ready(db: Any, settings: Any) -> None:
    settings.READYZ_MAX_TASK_WAIT = 60
    _task("READY")
    old_but_scheduled = _task("READY", run_after=timezone.now() + timedelta(hours=1))
    DBTaskResult.objects.filter(pk=old_but_scheduled.pk).update(enqueued_at=timezone.now() - timedelta(days=1))
    _task("SUCCESSFUL", started_at=timezone.now() - timedelta(days=2))

    assert Client().get("/readyz").status_code == 200


def test_a_task_scheduled_in_the_past_is_late_only_from_when_it_fell_due(db: Any, settings: Any) -> None:
    settings.READYZ_MAX_TASK_WAIT = 60
    task = _task("READY", run_after=timezone.now() - timedelta(seconds=30))
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - timedelta(days=1))
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert 29 <= response.json()["checks"]["tasks"]["oldest_waiting_seconds"] < 90


def test_the_task_check_reports_tasks_past_their_lease_and_recent_failures(db: Any, settings: Any) -> None:
    settings.TASK_LEASE_SECONDS = 300
    _task("RUNNING", started_at=timezone.now() - timedelta(seconds=900))
    _task("FAILED", finished_at=timezone.now() - timedelta(hours=1))
    tasks = Client().get("/readyz").json()["checks"]["tasks"]
    assert (tasks["running_past_lease"], tasks["failed_last_24h"]) == (1, 1)


def test_every_registered_check_is_reported_and_a_failing_one_makes_the_service_not_ready(
    db: Any, monkeypatch: Any
) -> None:
    from django.db import DatabaseError

    from openqi.core import readiness

    def broken(now: Any) -> dict[str, Any]:
        raise DatabaseError("relation does not exist")

    monkeypatch.setitem(readiness._CHECKS, "search_index", broken)
    body = Client().get("/readyz").json()
    assert body["status"] == "not ready"
    assert body["checks"]["search_index"] == {"status": "down", "problems": ["DatabaseError"]}
    assert body["checks"]["tasks"]["status"] == "ok"
