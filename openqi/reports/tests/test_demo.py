"""The demo has ready reports to open after `make run`, and seeding again makes no more."""

from typing import Any

import pytest
from django.core.management import call_command

from openqi.reports.models import Kind, Report, ReportSchedule, Status

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_ready_reports_for_northfield_once(settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo")
    reports = Report.objects.filter(organisation__slug="northfield")
    assert {r.kind for r in reports} == {Kind.BOARD, Kind.NEWSLETTER, Kind.PROJECT}
    assert all(r.status == Status.READY and r.pages >= 1 for r in reports), [
        (r.kind, r.status, r.pages, r.failure) for r in reports
    ]
    assert ReportSchedule.objects.filter(organisation__slug="northfield", kind=Kind.BOARD).count() == 1
    board = reports.get(kind=Kind.BOARD)
    assert bytes(board.content).startswith(b"%PDF-")
    call_command("seed_reports_demo", force=True)
    assert Report.objects.filter(organisation__slug="northfield").count() == 3
