"""Demo reports for Northfield: a ready board report, a Ward 9 newsletter and the falls project's
one-pager, and a monthly board report sent to the lead and the admin. Run by `seed_demo` by name
(demo and reports are siblings in the composition layer); refused outside demo mode. Safe to run
again: an organisation that has reports is left alone."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openqi.accounts.models import User
from openqi.organisations.models import Membership, Organisation, Team
from openqi.projects.models import Project
from openqi.reports.builders import report_title
from openqi.reports.models import Kind, Report, ReportSchedule
from openqi.reports.services import report_build_run

FALLS = "Fewer falls with harm on Ward 9"


def seed_reports(*, northfield: Organisation) -> int:
    if Report.objects.filter(organisation=northfield).exists():
        return 0
    lead = User.objects.get(email="lead@northfield.example")
    staff = User.objects.get(email="staff@northfield.example")
    ward9 = Team.objects.filter(organisation=northfield, name="Ward 9 (Elderly Care)").first()
    falls = Project.objects.filter(organisation=northfield, title=FALLS).first()
    wanted: list[tuple[str, dict[str, int], User]] = [(Kind.BOARD, {}, lead)]
    if ward9 is not None:
        wanted.append((Kind.NEWSLETTER, {"team_id": ward9.pk}, staff))
    if falls is not None:
        wanted.append((Kind.PROJECT, {"project_id": falls.pk}, lead))
    today = timezone.localdate()
    for kind, parameters, person in wanted:
        report = Report.objects.create(
            organisation=northfield,
            kind=kind,
            parameters=parameters,
            title=report_title(organisation=northfield, kind=kind, parameters=parameters, on=today),
            requested_by=person,
        )
        report_build_run(report_id=report.pk)  # built here, so the demo needs no worker to show them
    schedule = ReportSchedule.objects.create(
        organisation=northfield, kind=Kind.BOARD, day_of_month=1, created_by=lead, last_run_on=today
    )
    schedule.recipients.set(
        Membership.objects.filter(
            organisation=northfield, user__email__in=["lead@northfield.example", "admin@northfield.example"]
        )
    )
    return len(wanted)


class Command(BaseCommand):
    help = "Demo reports for the Northfield demo organisation (demo mode only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEMO_MODE is off.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or options["force"]):
            raise CommandError("Demo data is only loaded when DEMO_MODE is on. Never in production.")
        northfield = Organisation.objects.filter(slug="northfield").first()
        if northfield is None:
            raise CommandError("Run seed_demo first: there is no Northfield organisation.")
        made = seed_reports(northfield=northfield)
        self.stdout.write(f"Demo reports made: {made}.")
