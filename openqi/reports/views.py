"""Report pages: the list, asking for a report, its page with live progress, the download (access
checked again every time) and the monthly schedules."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.audit.services import audit_log
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.documents.http import pdf_response
from openqi.documents.pdf import PdfDocument
from openqi.live.registry import live_response, live_version
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role
from openqi.reports import selectors, services
from openqi.reports.forms import ReportForm, ScheduleForm
from openqi.reports.models import Kind, Report, Status

CHANNEL = "reports.report"
LIVE_SECONDS = 2
AUDIENCE: dict[str, str] = {
    Kind.BOARD: "QI leads and organisation admins. Its figures are what every one of them may see.",
    Kind.PROJECT: "Members who can see the project today. Measures shared with a team only are left out.",
    Kind.NEWSLETTER: "Every member of staff.",
    Kind.CAMPAIGN: "Every member of staff.",
}


def _report(request: AuthenticatedHttpRequest, access: OrgAccess, report_id: int, *, content: bool = False) -> Report:
    report = selectors.report_get(access=access, user_id=request.user.pk, report_id=report_id, with_content=content)
    if report is None:
        raise Http404("No such report.")
    return report


def _choices(request: AuthenticatedHttpRequest, access: OrgAccess) -> dict[str, list[tuple[str, str]]]:
    return {
        "kinds": selectors.report_kinds_for(access=access),
        "projects": selectors.project_choices(access=access, user_id=request.user.pk),
        "teams": selectors.team_choices(access=access),
        "campaigns": selectors.campaign_choices(access=access),
    }


@org_view("staff")
def report_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    page = paginate(request, selectors.report_list(access=access, user_id=request.user.pk), per_page=20)
    return render(
        request,
        "reports/report_list.jinja",
        {
            "organisation": access.organisation,
            "page": page,
            "pagination": page_links(request, page),
            "can_schedule": access.has_role(services.SCHEDULE_ROLE),
        },
    )


@org_view("staff")
@once_per_submission
def report_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    initial = {"kind": request.GET.get("kind", ""), "project": request.GET.get("project", "")}
    form = ReportForm(request.POST if request.method == "POST" else None, initial=initial, **_choices(request, access))
    if request.method == "POST" and form.is_valid():
        report = call_service(
            form,
            lambda: services.report_request(
                actor=request.user, access=access, kind=form.cleaned_data["kind"], parameters=form.parameters()
            ),
            refused_field="kind",
        )
        if report is not None:
            return redirect("reports:report_detail", access.organisation.slug, report.pk)
    return render(request, "reports/report_create.jinja", {"organisation": access.organisation, "form": form})


@org_view("staff")
def report_detail(request: AuthenticatedHttpRequest, access: OrgAccess, report_id: int) -> HttpResponse:
    report = _report(request, access, report_id)
    return render(
        request,
        "reports/report_detail.jinja",
        {
            "organisation": access.organisation,
            "report": report,
            "Status": Status,
            "audience": AUDIENCE[report.kind],
            "live_url": reverse("reports:report_live", args=[access.organisation.slug, report.pk]),
            "version": live_version(CHANNEL, report_id=report.pk),
            "live_seconds": LIVE_SECONDS,
        },
    )


@org_view("staff")
def report_live(request: AuthenticatedHttpRequest, access: OrgAccess, report_id: int) -> HttpResponse:
    report = _report(request, access, report_id)
    return live_response(request, CHANNEL, report_id=report.pk)


@org_view("staff")
def report_download(request: AuthenticatedHttpRequest, access: OrgAccess, report_id: int) -> HttpResponse:
    """The stored PDF, after asking again whether this reader may open it (by role and, for a
    project, by the project's own rules today, not when it was made)."""
    report = _report(request, access, report_id, content=True)
    if report.status != Status.READY or not report.content:
        raise Http404("The report is not ready.")
    audit_log(actor=request.user, action="reports.report_download", organisation=access.organisation, obj=report)
    document = PdfDocument(content=bytes(report.content), title=report.title, html="")
    return pdf_response(document, filename=f"{report.kind}-report-{report.pk}")


@org_view(Role.LEAD)
def schedule_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    page = paginate(request, selectors.schedule_list(access=access), per_page=20)
    return render(
        request,
        "reports/schedule_list.jinja",
        {"organisation": access.organisation, "page": page, "pagination": page_links(request, page)},
    )


@org_view(Role.LEAD)
@once_per_submission
def schedule_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    people = list(selectors.recipient_choices(access=access))
    form = ScheduleForm(
        request.POST if request.method == "POST" else None,
        initial={"kind": Kind.BOARD, "day_of_month": 1},
        people=people,
        **_choices(request, access),
    )
    if request.method == "POST" and form.is_valid():
        schedule = call_service(
            form,
            lambda: services.schedule_create(
                actor=request.user,
                access=access,
                kind=form.cleaned_data["kind"],
                parameters=form.parameters(),
                day_of_month=form.cleaned_data["day_of_month"],
                recipients=form.recipient_memberships(),
            ),
            refused_field="kind",
        )
        if schedule is not None:
            messages.success(request, f"Scheduled: {schedule}.")
            return redirect("reports:schedule_list", access.organisation.slug)
    return render(request, "reports/schedule_create.jinja", {"organisation": access.organisation, "form": form})


@org_view(Role.LEAD)
@require_POST
def schedule_delete(request: AuthenticatedHttpRequest, access: OrgAccess, schedule_id: int) -> HttpResponse:
    schedule = selectors.schedule_get(access=access, schedule_id=schedule_id)
    if schedule is None:
        raise Http404("No such schedule.")
    if call_service_from_button(
        request, lambda: services.schedule_delete(actor=request.user, access=access, schedule=schedule)
    ):
        messages.success(request, "The schedule is stopped. Reports it made are kept.")
    return redirect("reports:schedule_list", access.organisation.slug)
