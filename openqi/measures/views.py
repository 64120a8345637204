"""Measure pages: list, icon matrix, chart, data entry, chart events, annotations, import, export."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.audit.services import audit_log
from openqi.core.csv_export import csv_response
from openqi.core.forms_util import add_errors
from openqi.core.pagination import page_links, paginate
from openqi.measures import selectors, services
from openqi.measures.forms import (
    AnnotationForm,
    ChartEventForm,
    ChartViewForm,
    CopyForm,
    DataPointForm,
    ImportForm,
    MeasureForm,
    team_choices,
)
from openqi.measures.importing import MAX_UPLOAD_BYTES, UploadError
from openqi.measures.models import ImportStatus, Measure, MeasureType
from openqi.measures.presenters import (
    EXPORT_HEADER,
    VARIATION_ICONS,
    ChartPresenter,
    format_number,
    icon_label_html,
    sparkline_path,
    unit_label,
)
from openqi.organisations.access import OrgAccess, org_view

EDIT_ROLE = "champion"
CHART_ROLE = "qi_coach"


def _measure(access: OrgAccess, measure_id: int) -> Measure:
    measure = selectors.measure_get(organisation=access.organisation, access=access, measure_id=measure_id)
    if measure is None:
        raise Http404
    return measure


def _filters(request: HttpRequest, access: OrgAccess) -> dict[str, Any]:
    teams = dict(team_choices(access.organisation, empty="All teams"))
    team = request.GET.get("team", "")
    measure_type = request.GET.get("type", "")
    icon = request.GET.get("icon", "")
    return {
        "team": team if team in teams else "",
        "type": measure_type if measure_type in MeasureType.values else "",
        "icon": icon if icon in VARIATION_ICONS else "",
        "team_choices": list(teams.items()),
        "type_choices": [("", "All types"), *MeasureType.choices],
        "icon_choices": [("", "Any variation")] + [(k, v[3]) for k, v in VARIATION_ICONS.items()],
    }


@org_view("staff")
def measure_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    filters = _filters(request, access)
    measures = selectors.measure_list(
        organisation=access.organisation,
        access=access,
        team_id=int(filters["team"]) if filters["team"] else None,
        measure_type=filters["type"],
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


@org_view("staff")
def measure_matrix(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    filters = _filters(request, access)
    measures = selectors.measure_list(
        organisation=access.organisation,
        access=access,
        team_id=int(filters["team"]) if filters["team"] else None,
        measure_type=filters["type"],
        variation_icon=filters["icon"],
    )
    # One reverse() for the whole table: thousands of rows differ only in the id.
    href = reverse("measures:measure_detail", args=[access.organisation.slug, 0]).replace("/0/", "/{}/")
    rows = [
        {
            "measure": m,
            "href": href.format(m.pk),
            "latest": format_number(m.latest_value),
            "unit": unit_label(m),
            "variation": icon_label_html("variation", m.variation_icon, "Not enough data"),
            "assurance": icon_label_html("assurance", m.assurance_icon, "No target or not enough data"),
            "sparkline": sparkline_path(m.sparkline or []),
        }
        for m in measures
    ]
    return render(
        request,
        "measures/measure_matrix.jinja",
        {"organisation": access.organisation, "rows": rows, "filters": filters},
    )


@org_view(EDIT_ROLE)
def measure_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = MeasureForm(
        request.POST or None,
        organisation=access.organisation,
        initial={"rules": "mdc", "visibility": "organisation", "frequency": "monthly", "improvement": "increase"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=access.organisation,
                values=form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Measure ‘{measure.name}’ added")
            return redirect("measures:measure_detail", access.organisation.slug, measure.pk)
    return render(
        request,
        "measures/measure_form.jinja",
        {"form": form, "organisation": access.organisation, "measure": None},
    )


@org_view(EDIT_ROLE)
def measure_edit(request: HttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = _measure(access, measure_id)
    if measure.is_archived:
        raise Http404
    form = MeasureForm(request.POST or None, organisation=access.organisation, initial=MeasureForm.initial_for(measure))
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(actor=request.user, measure=measure, values=form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Measure ‘{measure.name}’ updated")
            return redirect("measures:measure_detail", access.organisation.slug, measure.pk)
    return render(
        request, "measures/measure_form.jinja", {"form": form, "organisation": access.organisation, "measure": measure}
    )


@org_view("lead")
def measure_archive(request: HttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = _measure(access, measure_id)
    error_text = ""
    if request.method == "POST":
        try:
            services.measure_archive(actor=request.user, measure=measure)  # type: ignore[arg-type]
        except ValidationError as error:
            error_text = " ".join(error.messages)
        else:
            messages.success(request, f"Measure ‘{measure.name}’ archived")
            return redirect("measures:measure_list", access.organisation.slug)
    return render(
        request,
        "measures/measure_archive.jinja",
        {"measure": measure, "organisation": access.organisation, "error_text": error_text},
    )


@org_view(EDIT_ROLE)
def measure_copy(request: HttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = _measure(access, measure_id)
    form = CopyForm(request.POST or None, organisation=access.organisation, initial={"name": measure.name})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.measure_copy(
                actor=request.user,  # type: ignore[arg-type]
                measure=measure,
                team=form.cleaned_data["team"],
                name=form.cleaned_data["name"].strip(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Measure copied to {form.cleaned_data['team'].name}")
            return redirect("measures:measure_detail", access.organisation.slug, copy.pk)
    return render(
        request, "measures/measure_copy.jinja", {"form": form, "organisation": access.organisation, "measure": measure}
    )


def _chart_context(access: OrgAccess, measure: Measure, request: HttpRequest) -> dict[str, Any]:
    """The chart as the reader asked to see it (rules, chart type, dates in the query string)."""
    view_form = ChartViewForm(request.GET or None, measure=measure)
    view = selectors.ChartView()
    if view_form.is_bound and view_form.is_valid():
        data = view_form.cleaned_data
        view = selectors.ChartView(
            rules=data["rules"], chart=data["chart"], date_from=data["date_from"], date_to=data["date_to"]
        )
    pdsa = selectors.pdsa_annotations(access=access, user_id=request.user.pk, measure=measure)  # type: ignore[arg-type]
    chart = selectors.measure_chart(
        organisation=access.organisation, measure=measure, view=view, extra_annotations=pdsa
    )
    return {
        "organisation": access.organisation,
        "measure": measure,
        "chart": chart,
        "p": ChartPresenter(chart),
        "view": view,
        "view_form": view_form,
        "view_query": "" if view.is_default else "?" + request.GET.urlencode(),
    }


@org_view("staff")
def measure_detail(request: HttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = _measure(access, measure_id)
    context = _chart_context(access, measure, request)
    context.update(
        access=access,
        can_edit=access.has_role(EDIT_ROLE) and not measure.is_archived,
        can_change_chart=access.has_role(CHART_ROLE) and not measure.is_archived,
        can_archive=access.has_role("lead") and not measure.is_archived,
        events=selectors.chart_event_list(organisation=access.organisation, measure=measure),
    )
    return render(request, "measures/measure_detail.jinja", context)


@org_view("staff")
def measure_chart_svg(request: HttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = _measure(access, measure_id)
    svg = render_to_string("measures/chart.svg.jinja", {**_chart_context(access, measure, request), "standalone": True})
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="measure-{measure.pk}-chart.svg"'
    return response


@org_view("staff")
def measure_export(request: HttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = _measure(access, measure_id)
    presenter = _chart_context(access, measure, request)["p"]
    audit_log(actor=request.user, action="measure.export", organisation=access.organisation, obj=measure)
    return csv_response(f"measure-{measure.pk}.csv", EXPORT_HEADER, presenter.export_rows())


@org_view(EDIT_ROLE)
def data_entry(request: HttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = _measure(access, measure_id)
    if measure.is_archived:
        raise Http404
    form = DataPointForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            point = services.data_point_add(
                actor=request.user,  # type: ignore[arg-type]
                measure=measure,
                period=data["period"],
                value=data.get("value"),
                numerator=data.get("numerator"),
                denominator=data.get("denominator"),
                comment=data.get("comment", "").strip(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Value for {point.period.day} {point.period:%B %Y} added")
            return redirect("measures:data_entry", access.organisation.slug, measure.pk)
    points = list(selectors.data_point_list(organisation=access.organisation, measure=measure).reverse()[:200])
    return render(
        request,
        "measures/data_entry.jinja",
        {"form": form, "organisation": access.organisation, "measure": measure, "points": points},
    )


@org_view(EDIT_ROLE)
def data_point_edit(request: HttpRequest, access: OrgAccess, measure_id: int, point_id: int) -> HttpResponse:
    measure = _measure(access, measure_id)
    point = selectors.data_point_get(organisation=access.organisation, measure=measure, point_id=point_id)
    if point is None or measure.is_archived:
        raise Http404
    initial = {
        k: "" if getattr(point, k) is None else f"{getattr(point, k):g}" for k in ("value", "numerator", "denominator")
    }
    form = DataPointForm(
        request.POST or None, measure=measure, editing=True, initial={**initial, "comment": point.comment}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.data_point_update(
                actor=request.user,  # type: ignore[arg-type]
                point=point,
                value=data.get("value"),
                numerator=data.get("numerator"),
                denominator=data.get("denominator"),
                comment=data.get("comment", "").strip(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Value for {point.period.day} {point.period:%B %Y} changed")
            return redirect("measures:data_entry", access.organisation.slug, measure.pk)
    return render(
        request,
        "measures/data_point_edit.jinja",
        {"form": form, "organisation": access.organisation, "measure": measure, "point": point},
    )


def _first_period_from(periods: list[datetime.date], wanted: str) -> str:
    """The first data point on or after a date given in a link (a PDSA cycle's decision date
    rarely falls exactly on a weekly or monthly period)."""
    try:
        date = datetime.date.fromisoformat(wanted)
    except ValueError:
        return ""
    return next((p.isoformat() for p in sorted(periods) if p >= date), "")


@org_view(CHART_ROLE)
def chart_event_add(request: HttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = _measure(access, measure_id)
    if measure.is_archived:
        raise Http404
    periods = [p.period for p in selectors.data_point_list(organisation=access.organisation, measure=measure)]
    initial = {
        "period": _first_period_from(periods, request.GET.get("period", "")),
        "kind": request.GET.get("kind", ""),
    }
    form = ChartEventForm(request.POST or None, periods=periods, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.chart_event_add(
                actor=request.user,  # type: ignore[arg-type]
                measure=measure,
                period=form.cleaned_data["period"],
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Chart changed: {event.get_kind_display().lower()} ({event.period:%d %B %Y})")
            return redirect("measures:measure_detail", access.organisation.slug, measure.pk)
    return render(
        request,
        "measures/chart_event_add.jinja",
        {"form": form, "organisation": access.organisation, "measure": measure},
    )


@org_view(CHART_ROLE)
@require_POST
def chart_event_undo(request: HttpRequest, access: OrgAccess, measure_id: int, event_id: int) -> HttpResponse:
    measure = _measure(access, measure_id)
    event = selectors.chart_event_get(organisation=access.organisation, measure=measure, event_id=event_id)
    if event is None:
        raise Http404
    try:
        services.chart_event_undo(actor=request.user, event=event)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Chart change undone: {event.get_kind_display().lower()}")
    return redirect("measures:measure_detail", access.organisation.slug, measure.pk)


@org_view(EDIT_ROLE)
def annotation_add(request: HttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = _measure(access, measure_id)
    if measure.is_archived:
        raise Http404
    form = AnnotationForm(request.POST or None, initial={"kind": "note"})
    if request.method == "POST" and form.is_valid():
        try:
            services.annotation_add(
                actor=request.user,  # type: ignore[arg-type]
                measure=measure,
                period=form.cleaned_data["period"],
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Annotation added")
            return redirect("measures:measure_detail", access.organisation.slug, measure.pk)
    return render(
        request,
        "measures/annotation_add.jinja",
        {"form": form, "organisation": access.organisation, "measure": measure},
    )


@org_view(EDIT_ROLE)
def import_upload(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", "The selected file must be smaller than 5 MB")
        else:
            try:
                pending = services.import_prepare(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=access.organisation,
                    filename=upload.name or "upload.csv",
                    content=upload.read(),
                )
            except UploadError as error:
                form.add_error("file", str(error))
            else:
                return redirect("measures:import_preview", access.organisation.slug, pending.pk)
    return render(request, "measures/import_upload.jinja", {"form": form, "organisation": access.organisation})


@org_view(EDIT_ROLE)
def import_preview(request: HttpRequest, access: OrgAccess, import_id: int) -> HttpResponse:
    pending = selectors.pending_import_get(organisation=access.organisation, user=request.user, import_id=import_id)
    if pending is None:
        raise Http404
    error_text = ""
    if request.method == "POST":
        if pending.status != ImportStatus.PENDING:
            error_text = "This import has already been confirmed or cancelled."
        else:
            try:
                count = services.import_confirm(actor=request.user, pending=pending)  # type: ignore[arg-type]
            except (ValidationError, PermissionDenied) as error:
                error_text = " ".join(getattr(error, "messages", [str(error)]))
            else:
                messages.success(request, f"{count} value{'s' if count != 1 else ''} imported")
                return redirect("measures:measure_matrix", access.organisation.slug)
    return render(
        request,
        "measures/import_preview.jinja",
        {"pending": pending, "organisation": access.organisation, "error_text": error_text},
    )


@org_view(EDIT_ROLE)
@require_POST
def import_cancel(request: HttpRequest, access: OrgAccess, import_id: int) -> HttpResponse:
    pending = selectors.pending_import_get(organisation=access.organisation, user=request.user, import_id=import_id)
    if pending is None:
        raise Http404
    try:
        services.import_cancel(actor=request.user, pending=pending)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Import cancelled. Nothing was changed")
    return redirect("measures:measure_list", access.organisation.slug)
