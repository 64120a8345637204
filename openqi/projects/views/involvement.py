"""Partner involvement: the project lead records the sessions, hours, expenses and vouchers of the
project's partners; organisation leads see totals by project and month and export them."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.csv_export import csv_response
from openqi.core.forms_util import call_service
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view
from openqi.projects.access import ProjectAccess
from openqi.projects.forms import InvolvementForm
from openqi.projects.selectors import stories as selectors
from openqi.projects.services import involvement as services
from openqi.projects.views.common import page_context, project_for, user_id_of

EXPORT_HEADER = ["Project", "Month", "Sessions", "Hours", "Expenses (£)", "Vouchers (£)"]


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def partner_involvement(pa: ProjectAccess, user_id: int) -> dict[str, Any]:
    """A partner's own entries, for their simplified project page (nothing for anyone else)."""
    if not pa.is_partner:
        return {}
    return {
        "my_involvement": list(selectors.involvement_for_person(project=pa.project, user_id=user_id)),
        "my_totals": selectors.involvement_totals(project=pa.project, user_id=user_id),
    }


@org_view("staff")
@once_per_submission
def involvement_list(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    partners = list(selectors.partner_members(project=pa.project))
    form = InvolvementForm(request.POST or None, partners=[(str(m.pk), m.user.display_name) for m in partners])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = next((m for m in partners if str(m.pk) == data["member"]), None)
        if member is None:
            form.add_error("member", "Choose a partner on this project")
        else:
            entry = call_service(
                form,
                lambda: services.involvement_add(
                    actor=request.user,
                    project=pa.project,
                    member=member,
                    date=data["date"],
                    activity=data["activity"],
                    hours=data["hours"],
                    expenses=data["expenses"],
                    voucher=data["voucher"],
                    note=data["note"],
                ),
            )
            if entry is not None:
                messages.success(request, f"Recorded {entry.hours} hours for {entry.person_name}")
                return redirect("projects:involvement_list", access.organisation.slug, pa.project.pk)
    page = paginate(request, selectors.involvement_list(project=pa.project))
    return render(
        request,
        "projects/involvement_list.jinja",
        page_context(
            pa,
            form=form,
            partners=partners,
            page=page,
            pagination=page_links(request, page),
            totals=selectors.involvement_totals(project=pa.project),
        ),
    )


@org_view("staff")
def involvement_remove(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, entry_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    entry = selectors.involvement_get(project=pa.project, entry_id=entry_id)
    if entry is None:
        raise Http404

    def done() -> HttpResponse:
        messages.success(request, f"Removed the entry for {entry.person_name} on {entry.date:%d/%m/%Y}")
        return redirect("projects:involvement_list", access.organisation.slug, pa.project.pk)

    return confirm_then(
        request,
        Confirmation(
            title=f"Remove the entry for {entry.person_name} on {entry.date.day} {entry.date:%B %Y}?",
            caption=pa.project.title,
            button="Remove entry",
            cancel_url=reverse("projects:involvement_list", args=[access.organisation.slug, pa.project.pk]),
            body=(
                f"{entry.hours} hours and any expenses or vouchers of this entry leave the project's totals "
                "and the organisation's involvement report.",
                "The entry's date, activity, hours and payments are kept in the audit log.",
            ),
        ),
        act=lambda: services.involvement_remove(actor=request.user, entry=entry),
        done=done,
        **page_context(pa),
    )


@org_view("lead")
def involvement_report(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    rows, totals = selectors.involvement_report(access=access, user_id=user_id_of(request))
    page = paginate(request, rows, per_page=50)
    return render(
        request,
        "projects/involvement_report.jinja",
        {"organisation": access.organisation, "page": page, "pagination": page_links(request, page), "totals": totals},
    )


@org_view("lead")
def involvement_export(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    rows, _totals = selectors.involvement_report(access=access, user_id=user_id_of(request))
    services.involvement_export_log(actor=request.user, organisation=access.organisation, rows=len(rows))
    return csv_response(
        f"partner-involvement-{access.organisation.slug}.csv",
        EXPORT_HEADER,
        (
            [r.project_title, r.month.strftime("%Y-%m"), r.entries, money(r.hours), money(r.expenses), money(r.voucher)]
            for r in rows
        ),
    )
