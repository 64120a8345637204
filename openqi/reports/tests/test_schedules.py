"""Monthly schedules: the command made by cron queues each due schedule once a month; the built
report's recipients get an email with a link (never the file), only while they may open it."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from openqi.organisations.access import org_access_get
from openqi.organisations.models import Role
from openqi.reports import services
from openqi.reports.models import Report, ReportSchedule, Status

pytestmark = pytest.mark.django_db


def _schedule(personas: Any, day: int = 5) -> ReportSchedule:
    access = org_access_get(user=personas.lead.user, org_slug="alpha")
    assert access is not None
    return services.schedule_create(
        actor=personas.lead.user,
        access=access,
        kind="board",
        parameters={},
        day_of_month=day,
        recipients=[personas.admin, personas.lead, personas.member],
    )


def test_a_due_schedule_makes_one_report_a_month_and_emails_links_to_those_who_may_read_it(personas: Any) -> None:
    schedule = _schedule(personas)
    assert services.schedules_run(today=datetime.date(2026, 12, 4)) == 0  # not its day yet
    assert services.schedules_run(today=datetime.date(2026, 12, 5)) == 1
    report = Report.objects.get()
    assert report.schedule == schedule and report.status == Status.READY
    # The member is on the list but the board report is for leads and admins: no email.
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@alpha.nhs.uk", "lead@alpha.nhs.uk"]
    message = mail.outbox[0]
    assert f"/o/alpha/reports/{report.pk}/" in message.body
    assert not message.attachments
    assert "%PDF" not in message.body
    # The same month again (cron runs daily): nothing more.
    assert services.schedules_run(today=datetime.date(2026, 12, 20)) == 0
    assert Report.objects.count() == 1 and len(mail.outbox) == 2
    # Next month: a new report.
    assert services.schedules_run(today=datetime.date(2027, 1, 5)) == 1
    assert Report.objects.count() == 2


def test_sending_the_links_again_sends_nothing_twice(personas: Any) -> None:
    _schedule(personas)
    services.schedules_run(today=datetime.date(2026, 12, 5))
    report = Report.objects.get()
    assert services.report_links_send(report_id=report.pk) == 0
    assert len(mail.outbox) == 2


def test_a_recipient_who_lost_the_role_gets_no_link(personas: Any) -> None:
    _schedule(personas)
    personas.lead.role = Role.STAFF
    personas.lead.save()
    services.schedules_run(today=datetime.date(2026, 12, 5))
    assert [m.to[0] for m in mail.outbox] == ["admin@alpha.nhs.uk"]


def test_the_cron_command_runs_the_due_schedules(personas: Any, capsys: pytest.CaptureFixture[str]) -> None:
    _schedule(personas, day=1)
    call_command("reports_send_scheduled")
    assert "Queued 1 scheduled report" in capsys.readouterr().out
    assert Report.objects.filter(schedule__isnull=False).count() == 1
