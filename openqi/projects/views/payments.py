"""Payments due and paid, for finance: the partners' expenses and vouchers from the involvement log,
by month of the session, with who marked each paid and when. Organisation leads (and above) only;
the same projects as the involvement report. Marking paid, undoing it and exporting are audited."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.csv_export import csv_response
from openqi.core.forms_util import call_service_from_button
from openqi.core.pagination import page_links, paginate
from openqi.organisations.access import OrgAccess, org_view
from openqi.projects.selectors import stories as selectors
from openqi.projects.services import involvement as services
from openqi.projects.views.common import user_id_of
from openqi.projects.views.involvement import money

EXPORT_HEADER = [
    "Project",
    "Person",
    "Session date",
    "Activity",
    "Expenses (£)",
    "Voucher (£)",
    "Total (£)",
    "Status",
    "Marked paid on",
    "Marked paid by",
]
STATUSES = {"": "Due and paid", "due": "Due", "paid": "Paid"}


def _month(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None


def _filters(request: AuthenticatedHttpRequest) -> tuple[datetime.date | None, str]:
    status = request.GET.get("status", "")
    return _month(request.GET.get("month", "")), status if status in STATUSES else ""


def _back(request: AuthenticatedHttpRequest, access: OrgAccess) -> str:
    url = reverse("projects:involvement_payments", args=[access.organisation.slug])
    query = request.POST.get("return_query", "")
    return f"{url}?{query}" if query and "//" not in query and "\n" not in query else url


@org_view("lead")
def involvement_payments(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    month, status = _filters(request)
    user_id = user_id_of(request)
    page = paginate(
        request, selectors.payment_list(access=access, user_id=user_id, month=month, status=status), per_page=50
    )
    return render(
        request,
        "projects/involvement_payments.jinja",
        {
            "organisation": access.organisation,
            "periods": selectors.payment_periods(access=access, user_id=user_id),
            "page": page,
            "pagination": page_links(request, page),
            "month": month,
            "status": status,
            "statuses": STATUSES,
            "query": request.GET.urlencode(),
        },
    )


@org_view("lead")
@require_POST
def involvement_mark_paid(request: AuthenticatedHttpRequest, access: OrgAccess, entry_id: int) -> HttpResponse:
    entry = selectors.payment_get(access=access, user_id=user_id_of(request), entry_id=entry_id)
    if entry is None:
        raise Http404
    paid = request.POST.get("paid") != "0"
    act = services.involvement_mark_paid if paid else services.involvement_mark_unpaid
    if call_service_from_button(request, lambda: act(actor=request.user, entry=entry)):
        what = f"£{money(entry.amount)} for {entry.person_name} on {entry.date:%d/%m/%Y}"
        messages.success(request, f"Marked paid: {what}" if paid else f"Marked as due again: {what}")
    return redirect(_back(request, access))


@org_view("lead")
def involvement_payments_export(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    month, status = _filters(request)
    entries = list(selectors.payment_list(access=access, user_id=user_id_of(request), month=month, status=status))
    services.involvement_export_log(actor=request.user, organisation=access.organisation, rows=len(entries))
    suffix = f"-{month:%Y-%m}" if month else ""
    return csv_response(
        f"partner-payments-{access.organisation.slug}{suffix}.csv",
        EXPORT_HEADER,
        (
            [
                e.project.title,
                e.person_name,
                e.date.isoformat(),
                e.activity,
                money(e.expenses),
                money(e.voucher),
                money(e.amount),
                e.payment_status.capitalize(),
                e.paid_at.date().isoformat() if e.paid_at else "",
                e.paid_by.display_name if e.paid_by else "",
            ]
            for e in entries
        ),
    )
