"""Capability for leads: the dashboard, the ICS side by side, the export, targets, and the
completions import (upload, preview with row errors, confirm or cancel)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.audit.services import audit_log
from openqi.core.csv_export import csv_response
from openqi.core.csv_upload import csv_upload_page
from openqi.core.forms_util import call_service, call_service_from_button, call_service_on_page
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role
from openqi.training import importing, selectors, services
from openqi.training.forms import ImportForm, TargetForm
from openqi.training.models import ImportStatus


@org_view(Role.LEAD)
def dashboard(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    services.levels_ensure(system=organisation.system)
    return render(
        request,
        "training/capability.jinja",
        {"organisation": organisation, "capability": selectors.capability_summary(organisation=organisation)},
    )


@org_view(Role.LEAD)
def system(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    return render(
        request,
        "training/capability_system.jinja",
        {"organisation": organisation, "rows": selectors.capability_system(organisation=organisation)},
    )


@org_view(Role.LEAD)
def system_export(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    """The ICS side by side as CSV: counts per organisation only, no person."""
    organisation = access.organisation
    rows = selectors.capability_system(organisation=organisation)
    audit_log(actor=request.user, action="training.export_ics", organisation=organisation, detail={"rows": len(rows)})
    return csv_response(
        f"capability-{organisation.system.slug}.csv",
        ("organisation", "staff", "people_trained", "share_percent", "trained_as_leaders"),
        ((r.organisation.name, r.staff, r.trained, r.percent, r.leaders) for r in rows),
    )


@org_view(Role.LEAD)
def export(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    records = selectors.record_list(organisation=organisation)
    audit_log(actor=request.user, action="training.export", organisation=organisation, detail={"rows": records.count()})
    rows = (
        (
            r.user.display_name,
            r.user.email,
            r.team.name if r.team else "",
            r.course.title,
            r.level.name,
            r.completed_on.isoformat(),
            r.get_source_display(),
        )
        for r in records.iterator(chunk_size=2000)
    )
    return csv_response(
        f"training-records-{organisation.slug}.csv",
        ("name", "email", "team", "course", "level", "completed_on", "source"),
        rows,
    )


@org_view(Role.LEAD)
@once_per_submission
def targets(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    form = TargetForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        target = call_service(
            form,
            lambda: services.target_set(
                actor=request.user,
                organisation=organisation,
                level=form.cleaned_data["level"],
                percent=form.cleaned_data["percent"],
            ),
        )
        if target is not None:
            messages.success(request, "Target saved.")
            return redirect("training:capability", organisation.slug)
    return render(
        request,
        "training/targets.jinja",
        {"organisation": organisation, "form": form},
        status=400 if form.errors else 200,
    )


@org_view(Role.LEAD)
@once_per_submission
def import_upload(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    return csv_upload_page(
        request,
        form_class=ImportForm,
        template="training/import_upload.jinja",
        context={"organisation": organisation},
        prepare=lambda filename, content: importing.import_prepare(
            actor=request.user, organisation=organisation, filename=filename, content=content
        ),
        preview_url=lambda pending: reverse("training:import_preview", args=[organisation.slug, pending.pk]),
    )


@org_view(Role.LEAD)
@once_per_submission
def import_preview(request: AuthenticatedHttpRequest, access: OrgAccess, import_id: int) -> HttpResponse:
    organisation = access.organisation
    pending = selectors.import_get(organisation=organisation, import_id=import_id)
    if pending is None:
        raise Http404
    error_text = ""
    if request.method == "POST":
        created, error_text = call_service_on_page(
            lambda: importing.import_confirm(actor=request.user, pending=pending)
        )
        if not error_text:
            messages.success(request, f"Imported: {created} new training records.")
            return redirect("training:capability", organisation.slug)
    return render(
        request,
        "training/import_preview.jinja",
        {
            "organisation": organisation,
            "pending": pending,
            "errors": pending.errors[: importing.MAX_ERRORS_SHOWN],
            "sample": pending.rows[:10],
            "error_text": error_text,
            "is_pending": pending.status == ImportStatus.PENDING,
        },
        status=400 if error_text else 200,
    )


@org_view(Role.LEAD)
@require_POST
def import_cancel(request: AuthenticatedHttpRequest, access: OrgAccess, import_id: int) -> HttpResponse:
    pending = selectors.import_get(organisation=access.organisation, import_id=import_id)
    if pending is None:
        raise Http404
    if call_service_from_button(request, lambda: importing.import_cancel(actor=request.user, pending=pending)):
        messages.success(request, "Import cancelled. Nothing was changed.")
    return redirect("training:capability", access.organisation.slug)
