"""CSV and Excel import: upload, preview with row errors, confirm, cancel."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.csv_export import csv_response
from openqi.core.forms_util import call_service_from_button, call_service_on_page
from openqi.core.submission import once_per_submission
from openqi.measures import selectors, services
from openqi.measures.forms import (
    ImportForm,
)
from openqi.measures.importing import (
    MAX_UPLOAD_BYTES,
    TEMPLATE_HEADER,
    UploadError,
    import_example_csv,
    import_example_rows,
)
from openqi.measures.models import ImportStatus, Measure
from openqi.measures.views.common import EDIT_ROLE
from openqi.organisations.access import OrgAccess, org_view


@org_view(EDIT_ROLE)
@once_per_submission
def import_upload(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", "The selected file must be smaller than 5 MB")
        else:
            try:
                pending = services.import_prepare(
                    actor=request.user,
                    organisation=access.organisation,
                    filename=upload.name or "upload.csv",
                    content=upload.read(),
                )
            except UploadError as error:
                form.add_error("file", str(error))
            else:
                return redirect("measures:import_preview", access.organisation.slug, pending.pk)
    measures = list(selectors.measure_list(organisation=access.organisation, access=access))
    chosen = _chosen_measure(request, access)
    return render(
        request,
        "measures/import_upload.jinja",
        {
            "form": form,
            "organisation": access.organisation,
            "measures": measures,
            "chosen": chosen,
            "example": import_example_csv(chosen, today=timezone.localdate()),
        },
    )


def _chosen_measure(request: AuthenticatedHttpRequest, access: OrgAccess) -> Measure | None:
    """The measure picked for the example (`?measure=`): a current one this reader may see, or none."""
    measure_id = request.GET.get("measure", "")
    if not measure_id.isdigit():
        return None
    measure = selectors.measure_get(organisation=access.organisation, access=access, measure_id=int(measure_id))
    return measure if measure is not None and not measure.is_archived else None


@org_view(EDIT_ROLE)
def import_template(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    """The page's example as a CSV file to fill in: for the chosen measure, or the generic one."""
    chosen = _chosen_measure(request, access)
    name = f"import-template-{chosen.pk}.csv" if chosen else "import-template.csv"
    return csv_response(name, TEMPLATE_HEADER, import_example_rows(chosen, today=timezone.localdate()))


@org_view(EDIT_ROLE)
@once_per_submission
def import_preview(request: AuthenticatedHttpRequest, access: OrgAccess, import_id: int) -> HttpResponse:
    pending = selectors.pending_import_get(organisation=access.organisation, user=request.user, import_id=import_id)
    if pending is None:
        raise Http404
    error_text = ""
    if request.method == "POST":
        if pending.status not in (ImportStatus.PENDING, ImportStatus.FAILED):
            error_text = "This import has already been confirmed or cancelled."
        else:
            # The rows are written by a background task; this page then shows its progress.
            queued, error_text = call_service_on_page(
                lambda: services.import_queue(actor=request.user, pending=pending)
            )
            if queued is not None:
                return redirect("measures:import_preview", access.organisation.slug, pending.pk)
    return render(
        request,
        "measures/import_preview.jinja",
        {
            "pending": pending,
            "organisation": access.organisation,
            "error_text": error_text,
            "heading": _HEADINGS.get(pending.status, "")
            or ("Fix the file and upload it again" if pending.errors else "Check the values before importing"),
        },
    )


_HEADINGS: dict[str, str] = {
    ImportStatus.QUEUED: "Importing your file",
    ImportStatus.IMPORTING: "Importing your file",
    ImportStatus.CONFIRMED: "File imported",
    ImportStatus.FAILED: "The import did not finish",
    ImportStatus.CANCELLED: "Import cancelled",
}


@org_view(EDIT_ROLE)
@require_POST
def import_cancel(request: AuthenticatedHttpRequest, access: OrgAccess, import_id: int) -> HttpResponse:
    pending = selectors.pending_import_get(organisation=access.organisation, user=request.user, import_id=import_id)
    if pending is None:
        raise Http404
    if call_service_from_button(request, lambda: services.import_cancel(actor=request.user, pending=pending)):
        messages.success(request, "Import cancelled. Nothing was changed")
    return redirect("measures:measure_list", access.organisation.slug)
