"""A system admin finds the background task page from the system admin page (headless Chromium)."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from playwright.sync_api import expect

from openqi.conftest import TOTP_SECRET, give_totp
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.factories import SystemMembershipFactory
from openqi.operations.testing import task_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_system_admin_reads_stuck_and_failed_tasks(live_server: Any, page: Any, personas: Any) -> None:
    sysadmin = SystemMembershipFactory(system=personas.org_a.system).user
    give_totp(sysadmin)
    now = timezone.now()
    task_row(
        status=TaskResultStatus.RUNNING,
        task_path="openqi.notifications.tasks.account_email_send",
        started_at=now - timedelta(hours=1),
        worker_ids=["gone"],
    )
    task_row(
        status=TaskResultStatus.FAILED,
        task_path="openqi.organisations.tasks.invitation_email_send",
        started_at=now,
        finished_at=now,
        exception_class_path="smtplib.SMTPServerDisconnected",
    )

    sign_in(page, live_server, sysadmin.email, totp_secret=TOTP_SECRET)
    page.goto(f"{live_server.url}/system/")
    page.get_by_role("link", name="Background tasks").click()
    expect(page.get_by_role("heading", name="Background tasks", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="notifications.account_email_send")).to_be_visible()
    expect(page.get_by_role("cell", name="SMTPServerDisconnected")).to_be_visible()
    check_accessibility(page, "system-tasks")
