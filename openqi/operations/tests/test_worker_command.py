from datetime import timedelta
from unittest.mock import patch

import pytest
from django.core.management import get_commands
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from openqi.operations.management.commands.db_worker import LeaseKeeper
from openqi.operations.models import WorkerHeartbeat
from openqi.operations.testing import task_row


def test_manage_py_db_worker_is_the_worker_with_leases() -> None:
    assert get_commands()["db_worker"] == "openqi.operations"


@pytest.mark.django_db
@override_settings(TASK_LEASE_SECONDS=60, TASK_RETENTION_DAYS=7)
def test_a_worker_beat_records_its_heartbeat_requeues_lost_tasks_and_purges_old_ones() -> None:
    now = timezone.now()
    lost = task_row(status=TaskResultStatus.RUNNING, started_at=now - timedelta(minutes=5), worker_ids=["gone"])
    old = task_row(
        status=TaskResultStatus.SUCCESSFUL, started_at=now - timedelta(days=8), finished_at=now - timedelta(days=8)
    )

    with patch("openqi.operations.management.commands.db_worker.close_old_connections"):
        LeaseKeeper(worker_id="alive").maintain(purge=True)

    assert WorkerHeartbeat.objects.filter(worker_id="alive").exists()
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.READY
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
