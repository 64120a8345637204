"""Reads for reports, always scoped to the organisation and filtered to what the reader may open."""

import datetime

from django.db.models import QuerySet

from openqi.ideas.selectors import campaign_list
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Membership, Team
from openqi.projects.access import project_queryset
from openqi.reports.builders import MINIMUM_ROLE, reader_may_open
from openqi.reports.models import Kind, Report, ReportSchedule


def report_kinds_for(*, access: OrgAccess) -> list[tuple[str, str]]:
    """The kinds this reader may ask for (and open)."""
    return [(value, str(label)) for value, label in Kind.choices if access.has_role(MINIMUM_ROLE[value])]


def _reports(access: OrgAccess) -> QuerySet[Report]:
    kinds = [value for value, _ in report_kinds_for(access=access)]
    # The PDF stays in the database until a download asks for it: lists never load it.
    return Report.objects.filter(organisation=access.organisation, kind__in=kinds).defer("content")


def report_list(*, access: OrgAccess, user_id: int) -> list[Report]:
    """Reports this reader may open, newest first. Project one-pagers are checked one by one
    (project visibility is per person), the rest by role."""
    reports = _reports(access).select_related("requested_by")
    project_ids: dict[int, bool] = {}
    visible: list[Report] = []
    for report in reports:
        if report.kind == Kind.PROJECT:
            project_id = int(report.parameters.get("project_id", 0))
            if project_id not in project_ids:
                project_ids[project_id] = reader_may_open(
                    access=access, user_id=user_id, kind=report.kind, parameters=report.parameters
                )
            if not project_ids[project_id]:
                continue
        visible.append(report)
    return visible


def report_get(*, access: OrgAccess, user_id: int, report_id: int, with_content: bool = False) -> Report | None:
    """The report, or None when it is not this organisation's or this reader may not open it."""
    reports = Report.objects.filter(organisation=access.organisation, pk=report_id)
    report = (reports if with_content else reports.defer("content")).first()
    if report is None or not reader_may_open(
        access=access, user_id=user_id, kind=report.kind, parameters=report.parameters
    ):
        return None
    return report


def report_version(*, report_id: int) -> str:
    """The live channel's version for a report's page: its status and progress."""
    row = Report.objects.filter(pk=report_id).values_list("status", "progress", "stage").first()
    return repr(row)


def project_choices(*, access: OrgAccess, user_id: int) -> list[tuple[str, str]]:
    projects = (
        project_queryset(access=access, user_id=user_id)
        .filter(organisation=access.organisation, archived_at__isnull=True)
        .order_by("title")
        .values_list("pk", "title")
    )
    return [(str(pk), title) for pk, title in projects]


def team_choices(*, access: OrgAccess) -> list[tuple[str, str]]:
    teams = Team.objects.filter(organisation=access.organisation).order_by("name").values_list("pk", "name")
    return [(str(pk), name) for pk, name in teams]


def campaign_choices(*, access: OrgAccess) -> list[tuple[str, str]]:
    closed = campaign_list(organisation=access.organisation).filter(closed_on__isnull=False)
    return [(str(c.pk), c.title) for c in closed]


def schedule_list(*, access: OrgAccess) -> QuerySet[ReportSchedule]:
    return ReportSchedule.objects.filter(organisation=access.organisation).prefetch_related("recipients__user")


def schedule_get(*, access: OrgAccess, schedule_id: int) -> ReportSchedule | None:
    return schedule_list(access=access).filter(pk=schedule_id).first()


def recipient_choices(*, access: OrgAccess) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=access.organisation, user__is_active=True)
        .exclude(role="partner")
        .select_related("user")
        .order_by("user__email")
    )


def schedules_due(*, today: datetime.date) -> list[ReportSchedule]:
    """Schedules whose day of this month has come and that have not run this month (every
    organisation: the command run by cron serves them all)."""
    month_start = today.replace(day=1)
    due: list[ReportSchedule] = []
    for schedule in ReportSchedule.objects.select_related("organisation").order_by("pk"):
        if schedule.day_of_month <= today.day and (schedule.last_run_on is None or schedule.last_run_on < month_start):
            due.append(schedule)
    return due
