"""The involvement lead's pages (organisation role `lead` and above, ADR 0026): the register of
people who chose this organisation, onboarding, requests from projects, the shortlist, reports."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.audit.services import audit_log
from openqi.coproduction import selectors, services
from openqi.coproduction.forms import RegistrationForm, RequestForm
from openqi.coproduction.models import Stage
from openqi.core.csv_export import csv_response
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view

LEAD = "lead"


@org_view(LEAD)
def register(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    page = paginate(request, selectors.registration_list(organisation=organisation, stage=stage), per_page=25)
    return render(
        request,
        "coproduction/register.jinja",
        {
            "organisation": organisation,
            "page": page,
            "pagination": page_links(request, page),
            "stage": stage,
            "stages": Stage.choices,
            "counts": selectors.stage_counts(organisation=organisation),
            "words": selectors.words,
        },
    )


@org_view(LEAD)
def registration(request: AuthenticatedHttpRequest, access: OrgAccess, registration_id: int) -> HttpResponse:
    organisation = access.organisation
    found = selectors.registration_get(organisation=organisation, registration_id=registration_id)
    if found is None:
        raise Http404
    form = RegistrationForm(
        request.POST or None,
        initial={
            "stage": found.stage,
            "conversation_held": found.conversation_held,
            "induction_done": found.induction_done,
            "payment_details_recorded": found.payment_details_recorded,
            "notes": found.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            lambda: services.registration_update(
                actor=request.user,
                registration=found,
                stage=data["stage"],
                conversation_held=data["conversation_held"],
                induction_done=data["induction_done"],
                payment_details_recorded=data["payment_details_recorded"],
                notes=data["notes"],
            ),
        )
        if done is not None:
            messages.success(request, f"{found.volunteer.name}'s registration is saved.")
            return redirect("coproduction:register", organisation.slug)
    return render(
        request,
        "coproduction/registration.jinja",
        {"organisation": organisation, "registration": found, "form": form, "words": selectors.words},
        status=400 if form.errors else 200,
    )


@org_view(LEAD)
def request_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    page = paginate(request, selectors.request_list(organisation=organisation), per_page=25)
    return render(
        request,
        "coproduction/request_list.jinja",
        {"organisation": organisation, "page": page, "pagination": page_links(request, page)},
    )


@org_view(LEAD)
@once_per_submission
def request_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    form = RequestForm(
        request.POST or None,
        projects=selectors.project_choices(organisation=organisation),
        initial={"places": 1, "payment": "voucher", "project": request.GET.get("project")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = call_service(
            form,
            lambda: services.request_create(
                actor=request.user,
                organisation=organisation,
                project=data["project"],
                purpose=data["purpose"],
                description=data["description"],
                experience=data["experience"],
                skills=data["skills"],
                availability=data["availability"],
                when=data["when"],
                where=data["where"],
                how_long=data["how_long"],
                payment=data["payment"],
                places=data["places"],
            ),
        )
        if created is not None:
            messages.success(request, "The request is saved. Invite people from the shortlist.")
            return redirect("coproduction:request_detail", organisation.slug, created.pk)
    return render(
        request,
        "coproduction/request_form.jinja",
        {"organisation": organisation, "form": form},
        status=400 if form.errors else 200,
    )


@org_view(LEAD)
def request_detail(request: AuthenticatedHttpRequest, access: OrgAccess, request_id: int) -> HttpResponse:
    organisation = access.organisation
    found = selectors.request_get(organisation=organisation, request_id=request_id)
    if found is None:
        raise Http404
    return render(
        request,
        "coproduction/request_detail.jinja",
        {
            "organisation": organisation,
            "req": found,
            "shortlist": selectors.shortlist(request=found) if found.closed_at is None else [],
            "offers": selectors.offer_list(request=found),
            "words": selectors.words,
        },
    )


@org_view(LEAD)
@once_per_submission
@require_POST
def offer_create(
    request: AuthenticatedHttpRequest, access: OrgAccess, request_id: int, registration_id: int
) -> HttpResponse:
    organisation = access.organisation
    found = selectors.request_get(organisation=organisation, request_id=request_id)
    registration = selectors.registration_get(organisation=organisation, registration_id=registration_id)
    if found is None or registration is None:
        raise Http404
    if call_service_from_button(
        request,
        lambda: services.offer_create(actor=request.user, request=found, registration=registration),
    ):
        messages.success(request, f"{registration.volunteer.name} is invited by email.")
    return redirect("coproduction:request_detail", organisation.slug, found.pk)


@org_view(LEAD)
@require_POST
def request_close(request: AuthenticatedHttpRequest, access: OrgAccess, request_id: int) -> HttpResponse:
    organisation = access.organisation
    found = selectors.request_get(organisation=organisation, request_id=request_id)
    if found is None:
        raise Http404
    services.request_close(actor=request.user, request=found)
    messages.success(request, "The request is closed.")
    return redirect("coproduction:request_list", organisation.slug)


@org_view(LEAD)
def report(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    return render(
        request,
        "coproduction/report.jinja",
        {"organisation": organisation, "report": selectors.report(organisation=organisation)},
    )


@org_view(LEAD)
def report_csv(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    found = selectors.report(organisation=organisation)
    rows: list[list[object]] = [
        ["People registered", found.registered],
        ["People active", found.active],
        ["People matched to a project", found.matched],
        ["Sessions logged", found.entries],
        ["Hours given", found.hours],
        ["Expenses recorded (£)", found.expenses],
        ["Vouchers recorded (£)", found.vouchers],
        ["Payments due (£)", found.due],
        ["Payments paid (£)", found.paid],
    ]
    rows += [[f"Projects at {stage}: with partners / without", f"{w} / {wo}"] for stage, w, wo in found.by_stage]
    audit_log(
        actor=request.user, action="coproduction.report_export", organisation=organisation, detail={"rows": len(rows)}
    )
    return csv_response(f"involvement-{organisation.slug}.csv", ["Measure", "Value"], rows)
