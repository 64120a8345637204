"""Measure pages: list, icon matrix, create, edit, archive, copy, chart, downloads."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.audit.services import audit_log
from openqi.core.concurrency import call_edit_service, track_edits
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.csv_export import csv_response
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.html import compact_html
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.core.undo import undo_message
from openqi.core.xlsx_export import xlsx_response
from openqi.measures import selectors, services
from openqi.measures.forms import (
    ChartViewForm,
    CopyForm,
    MeasureForm,
)
from openqi.measures.models import Measure
from openqi.measures.presenters import (
    EXPORT_HEADER,
    ChartPresenter,
)
from openqi.measures.selectors import measure_is_followed
from openqi.measures.views.common import CHART_ROLE, EDIT_ROLE, list_filters, measure_or_404
from openqi.measures.views.drawings import chart_drawings, view_form_html
from openqi.organisations.access import OrgAccess, org_view


@org_view("staff")
def measure_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    filters = list_filters(request, access)
    filters["archived"] = "1" if request.GET.get("archived") == "1" else ""
    measures = selectors.measure_list(
        organisation=access.organisation,
        access=access,
        team_id=int(filters["team"]) if filters["team"] else None,
        measure_type=filters["type"],
        include_archived=bool(filters["archived"]),
    )
    page = paginate(request, measures)
    return render(
        request,
        "measures/measure_list.jinja",
        {
            "organisation": access.organisation,
            "page": page,
            "pagination": page_links(request, page),
            "filters": filters,
            "can_edit": access.has_role(EDIT_ROLE),
        },
    )


@org_view(EDIT_ROLE)
@once_per_submission
def measure_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    form = MeasureForm(
        request.POST or None,
        organisation=access.organisation,
        initial={"rules": "mdc", "visibility": "organisation", "frequency": "monthly", "improvement": "increase"},
    )
    if request.method == "POST" and form.is_valid():
        measure = call_service(
            form,
            lambda: services.measure_create(
                actor=request.user,
                organisation=access.organisation,
                values=form.cleaned_data,
            ),
        )
        if measure is not None:
            messages.success(request, f"Measure ‘{measure.name}’ added")
            return redirect("measures:measure_detail", access.organisation.slug, measure.pk)
    return render(
        request,
        "measures/measure_form.jinja",
        {"form": form, "organisation": access.organisation, "measure": None},
    )


@org_view(EDIT_ROLE)
def measure_edit(request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = measure_or_404(access, measure_id)
    if measure.is_archived:
        raise Http404
    form = track_edits(
        MeasureForm(request.POST or None, organisation=access.organisation, initial=MeasureForm.initial_for(measure))
    )
    if request.method == "POST" and form.is_valid():
        call_edit_service(
            form,
            lambda base: services.measure_update(
                actor=request.user, measure=measure, values=form.cleaned_data, base=base
            ),
        )
        if not form.errors:
            messages.success(request, f"Measure ‘{measure.name}’ updated")
            return redirect("measures:measure_detail", access.organisation.slug, measure.pk)
    return render(
        request, "measures/measure_form.jinja", {"form": form, "organisation": access.organisation, "measure": measure}
    )


@org_view("lead")
def measure_archive(request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = measure_or_404(access, measure_id)

    def done() -> HttpResponse:
        undo_message(
            request,
            f"Measure ‘{measure.name}’ archived",
            undo_url=reverse("measures:measure_unarchive", args=[access.organisation.slug, measure.pk]),
        )
        return redirect("measures:measure_list", access.organisation.slug)

    return confirm_then(
        request,
        Confirmation(
            title=f"Archive {measure.name}?",
            caption="Measure",
            button="Archive measure",
            cancel_url=reverse("measures:measure_detail", args=[access.organisation.slug, measure.pk]),
            body=(
                "The measure leaves the lists and the summary table. Its data stays, and it can still be "
                "found with ‘Include archived measures’.",
                "A lead can unarchive it at any time. Archiving is recorded in the audit log.",
            ),
        ),
        act=lambda: services.measure_archive(actor=request.user, measure=measure),
        done=done,
        organisation=access.organisation,
    )


@org_view("lead")
@require_POST
def measure_unarchive(request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = measure_or_404(access, measure_id)
    if call_service_from_button(request, lambda: services.measure_unarchive(actor=request.user, measure=measure)):
        messages.success(request, f"Measure ‘{measure.name}’ unarchived")
    return redirect("measures:measure_detail", access.organisation.slug, measure.pk)


@org_view(EDIT_ROLE)
@once_per_submission
def measure_copy(request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = measure_or_404(access, measure_id)
    form = CopyForm(request.POST or None, organisation=access.organisation, initial={"name": measure.name})
    if request.method == "POST" and form.is_valid():
        copy = call_service(
            form,
            lambda: services.measure_copy(
                actor=request.user,
                measure=measure,
                team=form.cleaned_data["team"],
                name=form.cleaned_data["name"].strip(),
            ),
        )
        if copy is not None:
            messages.success(request, f"Measure copied to {form.cleaned_data['team'].name}")
            return redirect("measures:measure_detail", access.organisation.slug, copy.pk)
    return render(
        request, "measures/measure_copy.jinja", {"form": form, "organisation": access.organisation, "measure": measure}
    )


def _chart_context(access: OrgAccess, measure: Measure, request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """The chart as the reader asked to see it (rules, chart type, dates in the query string)."""
    view_form = ChartViewForm(request.GET or None, measure=measure)
    view = selectors.ChartView()
    if view_form.is_bound and view_form.is_valid():
        data = view_form.cleaned_data
        view = selectors.ChartView(
            rules=data["rules"], chart=data["chart"], date_from=data["date_from"], date_to=data["date_to"]
        )
    pdsa = selectors.pdsa_annotations(access=access, user_id=request.user.pk, measure=measure)
    chart = selectors.measure_chart(
        organisation=access.organisation, measure=measure, view=view, extra_annotations=pdsa
    )
    # Only the drawing is windowed: the statistics above cover the whole series.
    show_all = request.GET.get("window") == "all"
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "organisation": access.organisation,
        "measure": measure,
        "chart": chart,
        "p": ChartPresenter(chart, show_all=show_all),
        "view": view,
        "view_form": view_form,
        "view_query": "?" + query.urlencode() if query else "",
        "window_links": _window_links(request, show_all=show_all),
    }


def _window_links(request: AuthenticatedHttpRequest, *, show_all: bool) -> dict[str, str]:
    """Links between the latest points and all points, keeping the reader's other choices."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("window", None)
    latest = "?" + query.urlencode() if query else "?"
    query["window"] = "all"
    return {"latest": latest, "all": "?" + query.urlencode(), "current": "all" if show_all else "latest"}


TABLE_PAGE_SIZE = 100


def _table_page(request: AuthenticatedHttpRequest, presenter: ChartPresenter) -> dict[str, Any]:
    """One page of the data table, the latest values first shown (the chart draws those too)."""
    positions = presenter.table_positions
    paginator = Paginator(positions, TABLE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    links = page_links(request, page)
    for key in ("previous", "next"):
        if key in links:
            links[key]["href"] += "#chart-data"  # back to the table, not the top of the page
    return {
        "table": presenter.table_rows(list(page.object_list)),
        "table_page": page,
        "table_pagination": links,
        "table_open": "page" in request.GET,
    }


@org_view("staff")
def measure_detail(request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = measure_or_404(access, measure_id)
    context = _chart_context(access, measure, request)
    context.update(
        access=access,
        can_edit=access.has_role(EDIT_ROLE) and not measure.is_archived,
        can_change_chart=access.has_role(CHART_ROLE) and not measure.is_archived,
        can_archive=access.has_role("lead") and not measure.is_archived,
        can_unarchive=access.has_role("lead") and measure.is_archived,
        events=selectors.chart_event_list(organisation=access.organisation, measure=measure),
        is_owner=measure.owner_id == request.user.pk,
        following=measure_is_followed(measure=measure, user_id=request.user.pk),
        drawings=chart_drawings(context),
        view_fields_html=view_form_html(context, request),
        **_table_page(request, context["p"]),
    )
    # 104 points: 123 KiB of HTML before issue 13, a third of it the templates' indentation.
    html = compact_html(render_to_string("measures/measure_detail.jinja", context, request=request))
    return HttpResponse(html)


@org_view("staff")
def measure_chart_svg(request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = measure_or_404(access, measure_id)
    svg = render_to_string("measures/chart.svg.jinja", {**_chart_context(access, measure, request), "standalone": True})
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="measure-{measure.pk}-chart.svg"'
    return response


@org_view("staff")
def measure_export(request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = measure_or_404(access, measure_id)
    presenter = _chart_context(access, measure, request)["p"]
    audit_log(actor=request.user, action="measure.export", organisation=access.organisation, obj=measure)
    return csv_response(f"measure-{measure.pk}.csv", EXPORT_HEADER, presenter.export_rows())


@org_view("staff")
def measure_export_xlsx(request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = measure_or_404(access, measure_id)
    presenter = _chart_context(access, measure, request)["p"]
    audit_log(
        actor=request.user,
        action="measure.export",
        organisation=access.organisation,
        obj=measure,
        detail={"format": "xlsx"},
    )
    rows = ([datetime.date.fromisoformat(r[0]), *r[1:]] for r in presenter.export_rows())
    return xlsx_response(f"measure-{measure.pk}.xlsx", EXPORT_HEADER, rows, sheet_title=measure.name)
