"""The audit log of one organisation: browse and export."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.audit.services import audit_log
from openqi.auditlog.forms import AuditFilterForm
from openqi.auditlog.selectors import AuditFilters, audit_action_choices, audit_event_list
from openqi.core.csv_export import csv_response
from openqi.core.pagination import page_links, paginate
from openqi.organisations.access import OrgAccess, org_view


def _filtered(request: HttpRequest, access: OrgAccess) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
    actions = audit_action_choices(organisation=access.organisation)
    form = AuditFilterForm(request.GET or None, actions=actions)
    filters = AuditFilters()
    if form.is_bound and form.is_valid():
        filters = AuditFilters(
            action=form.cleaned_data["action"],
            actor=form.cleaned_data["actor"].strip(),
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
    return form, audit_event_list(organisation=access.organisation, filters=filters)


@org_view("lead")
def event_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form, events = _filtered(request, access)
    page = paginate(request, events, per_page=50)
    return render(
        request,
        "auditlog/event_list.jinja",
        {
            "organisation": access.organisation,
            "form": form,
            "page": page,
            "pagination": page_links(request, page),
            "export_query": request.GET.urlencode(),
        },
    )


@org_view("lead")
def event_export(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    _, events = _filtered(request, access)
    audit_log(
        actor=request.user,
        action="audit.export",
        organisation=access.organisation,
        detail={"filters": {k: v for k, v in request.GET.items() if k != "page"}},
    )
    rows = (
        (
            timezone.localtime(e.created_at).isoformat(),
            e.actor_label,
            e.action,
            e.object_type,
            e.object_id,
            e.object_label,
            e.detail,
        )
        for e in events.iterator()
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return csv_response(
        f"openqi-audit-{access.organisation.slug}-{stamp}.csv",
        ["time", "actor", "action", "object type", "object id", "object", "detail"],
        rows,
    )
