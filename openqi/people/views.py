"""Pages of the staff import: the people overview, upload, preview and confirm, cancel.
Organisation admins only: it invites people and ends memberships."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.csv_upload import csv_upload_page
from openqi.core.forms_util import call_service_from_button, call_service_on_page
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role
from openqi.people import importing, selectors
from openqi.people.forms import StaffImportForm
from openqi.people.models import ImportStatus


def _summary_lines(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(label, counts.get(key, 0)) for key, label in importing.CHANGE_LABELS.items() if counts.get(key)]


@org_view(Role.ORG_ADMIN)
def people_home(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    return render(
        request,
        "people/home.jinja",
        {
            "organisation": organisation,
            "summary": selectors.staff_record_summary(organisation=organisation),
            "imports": selectors.import_list(organisation=organisation)[:20],
        },
    )


@org_view(Role.ORG_ADMIN)
@once_per_submission
def import_upload(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    return csv_upload_page(
        request,
        form_class=StaffImportForm,
        template="people/import_upload.jinja",
        context={"organisation": organisation},
        prepare=lambda filename, content: importing.import_prepare(
            actor=request.user,
            actor_role=access.acting_role,
            organisation=organisation,
            filename=filename,
            content=content,
        ),
        preview_url=lambda pending: reverse("people:import_preview", args=[organisation.slug, pending.pk]),
    )


@org_view(Role.ORG_ADMIN)
@once_per_submission
def import_preview(request: AuthenticatedHttpRequest, access: OrgAccess, import_id: int) -> HttpResponse:
    organisation = access.organisation
    pending = selectors.import_get(organisation=organisation, import_id=import_id)
    if pending is None:
        raise Http404
    error_text = ""
    if request.method == "POST":
        _, error_text = call_service_on_page(
            lambda: importing.import_confirm(actor=request.user, actor_role=access.acting_role, pending=pending)
        )
        if not error_text:
            messages.success(request, "Staff records imported.")
            return redirect("people:import_preview", organisation.slug, pending.pk)
    return render(
        request,
        "people/import_preview.jinja",
        {
            "organisation": organisation,
            "pending": pending,
            "errors": pending.errors[: importing.MAX_ERRORS_SHOWN],
            "preview": _summary_lines(pending.preview),
            "summary": _summary_lines(pending.summary),
            "unchanged": (pending.summary or pending.preview).get("unchanged", 0),
            "error_text": error_text,
            "is_pending": pending.status == ImportStatus.PENDING,
        },
        status=400 if error_text else 200,
    )


@org_view(Role.ORG_ADMIN)
@require_POST
def import_cancel(request: AuthenticatedHttpRequest, access: OrgAccess, import_id: int) -> HttpResponse:
    pending = selectors.import_get(organisation=access.organisation, import_id=import_id)
    if pending is None:
        raise Http404
    if call_service_from_button(request, lambda: importing.import_cancel(actor=request.user, pending=pending)):
        messages.success(request, "Import cancelled. Nothing was changed.")
    return redirect("people:home", access.organisation.slug)
