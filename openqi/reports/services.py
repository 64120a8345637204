"""Writes for reports: asking for one (queued to a task), building it with its progress, and
monthly schedules that build one and email each recipient a link. Every write is audited."""

import datetime
import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.notifications.delivery import email_deliver_once
from openqi.organisations.access import OrgAccess, org_access_get
from openqi.organisations.models import Membership, Role
from openqi.reports.builders import BUILDERS, ReportRefused, reader_may_open, report_title
from openqi.reports.models import Kind, Report, ReportSchedule, Status
from openqi.reports.selectors import schedules_due
from openqi.reports.tasks import report_build

SCHEDULE_ROLE = Role.LEAD


def report_request(
    *, actor: User, access: OrgAccess, kind: str, parameters: dict[str, Any], schedule: ReportSchedule | None = None
) -> Report:
    """Queue a report. Refused when this person may not open what they ask for."""
    if kind not in Kind.values:
        raise ValidationError("Choose the kind of report.")
    if not reader_may_open(access=access, user_id=actor.pk, kind=kind, parameters=parameters):
        raise PermissionDenied("You may not see what this report would show.")
    organisation = access.organisation
    with transaction.atomic():
        report = Report.objects.create(
            organisation=organisation,
            kind=kind,
            parameters=parameters,
            title=report_title(organisation=organisation, kind=kind, parameters=parameters, on=timezone.localdate()),
            requested_by=actor,
            schedule=schedule,
        )
        audit_log(actor=actor, action="reports.report_request", organisation=organisation, obj=report)
        transaction.on_commit(lambda: report_build.enqueue(report.pk))
    return report


def _progress(report_id: int) -> Any:
    def update(percent: int, stage: str) -> None:
        # Committed at once (the task runs outside a transaction) so the page's poll sees it.
        Report.objects.filter(pk=report_id, status=Status.BUILDING).update(
            progress=max(0, min(99, percent)), stage=stage[:120]
        )

    return update


def report_build_run(*, report_id: int) -> None:
    """The task's work. A second run of a finished report does nothing (a task may run twice)."""
    report = Report.objects.select_related("organisation", "schedule").filter(pk=report_id).first()
    if report is None or report.status == Status.READY:
        return
    Report.objects.filter(pk=report.pk).update(
        status=Status.BUILDING, progress=5, stage="Starting", started_at=timezone.now(), failure=""
    )
    report.status = Status.BUILDING
    try:
        document = BUILDERS[report.kind](report, _progress(report.pk))
    except ReportRefused as refused:
        Report.objects.filter(pk=report.pk).update(
            status=Status.FAILED, stage="", failure=str(refused), finished_at=timezone.now()
        )
        return
    except Exception:
        Report.objects.filter(pk=report.pk).update(
            status=Status.FAILED,
            stage="",
            failure="Something went wrong while making the report. Ask for it again, or tell your QI team.",
            finished_at=timezone.now(),
        )
        raise
    Report.objects.filter(pk=report.pk).update(
        status=Status.READY,
        progress=100,
        stage="",
        content=document.content,
        size=len(document.content),
        pages=document.pages,
        finished_at=timezone.now(),
    )
    if report.schedule is not None:
        report_links_send(report_id=report.pk)


def _mailer(subject: str, message: str, to: str) -> Callable[[], object]:
    return functools.partial(send_mail, subject=subject, message=message, from_email=None, recipient_list=[to])


def report_links_send(*, report_id: int) -> int:
    """Email each of the schedule's recipients who may still open the report a link to it, once.
    The link leads to the report's page, which checks their access again: no file travels."""
    report = Report.objects.select_related("organisation", "schedule").defer("content").get(pk=report_id)
    if report.schedule is None:
        return 0
    site_url = settings.SITE_URL.rstrip("/")
    link = site_url + reverse("reports:report_detail", args=[report.organisation.slug, report.pk])
    sent = 0
    for membership in report.schedule.recipients.select_related("user").order_by("pk"):
        user = membership.user
        if membership.organisation_id != report.organisation_id or not user.is_active:
            continue
        access = org_access_get(user=user, org_slug=report.organisation.slug)
        if access is None or not reader_may_open(
            access=access, user_id=user.pk, kind=report.kind, parameters=report.parameters
        ):
            continue
        subject = f"{settings.SITE_NAME}: {report.title}"
        message = (
            f"Hello {user.display_name},\n\n"
            f"This month's {report.get_kind_display().lower()} for {report.organisation.name} is ready.\n\n"
            f"Read it on {settings.SITE_NAME} (you will be asked to sign in): {link}\n\n"
            "You get this email because a QI lead added you to the report's monthly list."
        )
        if email_deliver_once(key=f"report:{report.pk}:user:{user.pk}", send=_mailer(subject, message, user.email)):
            sent += 1
    return sent


def schedule_create(
    *,
    actor: User,
    access: OrgAccess,
    kind: str,
    parameters: dict[str, Any],
    day_of_month: int,
    recipients: list[Membership],
) -> ReportSchedule:
    if not access.has_role(SCHEDULE_ROLE):
        raise PermissionDenied("Only QI leads and admins schedule reports.")
    if not reader_may_open(access=access, user_id=actor.pk, kind=kind, parameters=parameters):
        raise PermissionDenied("You may not see what this report would show.")
    if not 1 <= day_of_month <= 28:
        raise ValidationError("Choose a day from 1 to 28.")
    if any(m.organisation_id != access.organisation.pk for m in recipients):
        raise ValidationError("Recipients must be members of this organisation.")
    with transaction.atomic():
        schedule = ReportSchedule.objects.create(
            organisation=access.organisation,
            kind=kind,
            parameters=parameters,
            day_of_month=day_of_month,
            created_by=actor,
        )
        schedule.recipients.set(recipients)
        audit_log(
            actor=actor,
            action="reports.schedule_create",
            organisation=access.organisation,
            obj=schedule,
            detail={"recipients": len(recipients), "day_of_month": day_of_month},
        )
    return schedule


def schedule_delete(*, actor: User, access: OrgAccess, schedule: ReportSchedule) -> None:
    if not access.has_role(SCHEDULE_ROLE) or schedule.organisation_id != access.organisation.pk:
        raise PermissionDenied("Only QI leads and admins stop scheduled reports.")
    with transaction.atomic():
        audit_log(actor=actor, action="reports.schedule_delete", organisation=access.organisation, obj=schedule)
        schedule.delete()


def schedules_run(*, today: datetime.date) -> int:
    """Queue this month's report of every schedule that is due (run daily by cron)."""
    queued = 0
    for schedule in schedules_due(today=today):
        with transaction.atomic():
            claimed = ReportSchedule.objects.filter(pk=schedule.pk, last_run_on=schedule.last_run_on).update(
                last_run_on=today
            )
            if not claimed:  # another run of the command took it
                continue
            report = Report.objects.create(
                organisation=schedule.organisation,
                kind=schedule.kind,
                parameters=schedule.parameters,
                title=report_title(
                    organisation=schedule.organisation, kind=schedule.kind, parameters=schedule.parameters, on=today
                ),
                requested_by=schedule.created_by,
                schedule=schedule,
            )
            audit_log(actor=None, action="reports.schedule_run", organisation=schedule.organisation, obj=report)
            transaction.on_commit(functools.partial(report_build.enqueue, report.pk))
        queued += 1
    return queued
