"""Data entry and chart changes: values, recalculations, baselines, ghosts, annotations."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.submission import once_per_submission
from openqi.measures import selectors, services
from openqi.measures.forms import (
    AnnotationForm,
    ChartEventForm,
    DataPointForm,
)
from openqi.measures.views.common import CHART_ROLE, EDIT_ROLE, measure_or_404
from openqi.organisations.access import OrgAccess, org_view


@org_view(EDIT_ROLE)
@once_per_submission
def data_entry(request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = measure_or_404(access, measure_id)
    if measure.is_archived:
        raise Http404
    form = DataPointForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        point = call_service(
            form,
            lambda: services.data_point_add(
                actor=request.user,
                measure=measure,
                period=data["period"],
                value=data.get("value"),
                numerator=data.get("numerator"),
                denominator=data.get("denominator"),
                observations=data.get("observations"),
                comment=data.get("comment", "").strip(),
            ),
        )
        if point is not None:
            messages.success(request, f"Value for {point.period.day} {point.period:%B %Y} added")
            return redirect("measures:data_entry", access.organisation.slug, measure.pk)
    points = list(selectors.data_point_list(organisation=access.organisation, measure=measure).reverse()[:200])
    return render(
        request,
        "measures/data_entry.jinja",
        {"form": form, "organisation": access.organisation, "measure": measure, "points": points},
    )


@org_view(EDIT_ROLE)
def data_point_edit(
    request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int, point_id: int
) -> HttpResponse:
    measure = measure_or_404(access, measure_id)
    point = selectors.data_point_get(organisation=access.organisation, measure=measure, point_id=point_id)
    if point is None or measure.is_archived:
        raise Http404
    initial = {
        k: "" if getattr(point, k) is None else f"{getattr(point, k):g}" for k in ("value", "numerator", "denominator")
    }
    initial["observations"] = " ".join(f"{v:g}" for v in point.observations or [])
    form = DataPointForm(
        request.POST or None, measure=measure, editing=True, initial={**initial, "comment": point.comment}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call_service(
            form,
            lambda: services.data_point_update(
                actor=request.user,
                point=point,
                value=data.get("value"),
                numerator=data.get("numerator"),
                denominator=data.get("denominator"),
                observations=data.get("observations"),
                comment=data.get("comment", "").strip(),
            ),
        )
        if not form.errors:
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
@once_per_submission
def chart_event_add(request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = measure_or_404(access, measure_id)
    if measure.is_archived:
        raise Http404
    periods = [p.period for p in selectors.data_point_list(organisation=access.organisation, measure=measure)]
    initial = {
        "period": _first_period_from(periods, request.GET.get("period", "")),
        "kind": request.GET.get("kind", ""),
    }
    form = ChartEventForm(request.POST or None, periods=periods, initial=initial)
    if request.method == "POST" and form.is_valid():
        event = call_service(
            form,
            lambda: services.chart_event_add(
                actor=request.user,
                measure=measure,
                period=form.cleaned_data["period"],
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if event is not None:
            messages.success(request, f"Chart changed: {event.get_kind_display().lower()} ({event.period:%d %B %Y})")
            return redirect("measures:measure_detail", access.organisation.slug, measure.pk)
    return render(
        request,
        "measures/chart_event_add.jinja",
        {"form": form, "organisation": access.organisation, "measure": measure},
    )


@org_view(CHART_ROLE)
@require_POST
def chart_event_undo(
    request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int, event_id: int
) -> HttpResponse:
    measure = measure_or_404(access, measure_id)
    event = selectors.chart_event_get(organisation=access.organisation, measure=measure, event_id=event_id)
    if event is None:
        raise Http404
    if call_service_from_button(request, lambda: services.chart_event_undo(actor=request.user, event=event)):
        messages.success(request, f"Chart change undone: {event.get_kind_display().lower()}")
    return redirect("measures:measure_detail", access.organisation.slug, measure.pk)


@org_view(EDIT_ROLE)
@once_per_submission
def annotation_add(request: AuthenticatedHttpRequest, access: OrgAccess, measure_id: int) -> HttpResponse:
    measure = measure_or_404(access, measure_id)
    if measure.is_archived:
        raise Http404
    form = AnnotationForm(request.POST or None, initial={"kind": "note"})
    if request.method == "POST" and form.is_valid():
        call_service(
            form,
            lambda: services.annotation_add(
                actor=request.user,
                measure=measure,
                period=form.cleaned_data["period"],
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
            ),
        )
        if not form.errors:
            messages.success(request, "Annotation added")
            return redirect("measures:measure_detail", access.organisation.slug, measure.pk)
    return render(
        request,
        "measures/annotation_add.jinja",
        {"form": form, "organisation": access.organisation, "measure": measure},
    )
