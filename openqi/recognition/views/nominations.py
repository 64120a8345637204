"""Nomination pages: nominate, the panel's month, shortlist, decide, awards, the walls of fame, certificates."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.submission import once_per_submission
from openqi.documents.http import pdf_response
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role
from openqi.recognition import selectors, services
from openqi.recognition.certificates import certificate_pdf
from openqi.recognition.forms import CategoryForm, DecideForm, NominationForm
from openqi.recognition.models import Nomination


@org_view("staff")
@once_per_submission
def nomination_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    services.nomination_categories_ensure(organisation=access.organisation)
    form = NominationForm(request.POST or None, organisation=access.organisation, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nomination = call_service(
            form,
            lambda: services.nomination_submit(
                actor=request.user,
                organisation=access.organisation,
                category=data["category"],
                reason=data["reason"],
                nominee=data["nominee"],
                team=data["team"],
                title=data["title"],
            ),
        )
        if nomination is not None:
            messages.success(request, "Nomination sent to the recognition panel")
            return redirect("recognition:recognition_home", access.organisation.slug)
    return render(request, "recognition/nomination_create.jinja", {"form": form, "organisation": access.organisation})


def _month_from(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(f"{text[:7]}-01")
    except ValueError:
        return timezone.localdate().replace(day=1)


@org_view(Role.LEAD)
def nomination_panel(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    month = _month_from(request.GET.get("month", ""))
    months = selectors.nomination_months(organisation=access.organisation)
    if month not in months:
        months = sorted({*months, month}, reverse=True)
    return render(
        request,
        "recognition/nomination_panel.jinja",
        {
            "organisation": access.organisation,
            "month": month,
            "months": months,
            "nominations": selectors.nomination_panel_list(organisation=access.organisation, month=month),
        },
    )


def _nomination_or_404(access: OrgAccess, nomination_id: int) -> Nomination:
    nomination = selectors.nomination_get(organisation=access.organisation, nomination_id=nomination_id)
    if nomination is None:
        raise Http404
    return nomination


@org_view(Role.LEAD)
@require_POST
def nomination_shortlist(request: AuthenticatedHttpRequest, access: OrgAccess, nomination_id: int) -> HttpResponse:
    nomination = _nomination_or_404(access, nomination_id)
    if call_service_from_button(
        request, lambda: services.nomination_shortlist(actor=request.user, nomination=nomination)
    ):
        messages.success(request, f"{nomination.nominee_label} shortlisted for {nomination.category.name}")
    url = f"{redirect('recognition:nomination_panel', access.organisation.slug).url}?month={nomination.month:%Y-%m}"
    return redirect(url)


@org_view(Role.LEAD)
def nomination_decide(request: AuthenticatedHttpRequest, access: OrgAccess, nomination_id: int) -> HttpResponse:
    nomination = _nomination_or_404(access, nomination_id)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call_service(
            form,
            lambda: services.nomination_decide(
                actor=request.user, nomination=nomination, citation=form.cleaned_data["citation"]
            ),
        )
        if not form.errors:
            messages.success(
                request, f"{nomination.nominee_label} is {nomination.category.name}: the winner is announced"
            )
            return redirect("recognition:wall_of_fame", access.organisation.slug)
    return render(
        request,
        "recognition/nomination_decide.jinja",
        {"form": form, "organisation": access.organisation, "nomination": nomination},
    )


@org_view(Role.LEAD)
@once_per_submission
def category_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    services.nomination_categories_ensure(organisation=access.organisation)
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        category = call_service(
            form,
            lambda: services.nomination_category_create(
                actor=request.user,
                organisation=access.organisation,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            ),
        )
        if category is not None:
            messages.success(request, f"Award ‘{category.name}’ added")
            return redirect("recognition:category_list", access.organisation.slug)
    return render(
        request,
        "recognition/category_list.jinja",
        {
            "form": form,
            "organisation": access.organisation,
            "categories": selectors.nomination_category_list(organisation=access.organisation),
        },
    )


@org_view(Role.LEAD)
@require_POST
def category_toggle(request: AuthenticatedHttpRequest, access: OrgAccess, category_id: int) -> HttpResponse:
    category = selectors.nomination_category_get(organisation=access.organisation, category_id=category_id)
    if category is None:
        raise Http404
    active = not category.active
    if call_service_from_button(
        request, lambda: services.nomination_category_set_active(actor=request.user, category=category, active=active)
    ):
        messages.success(request, f"‘{category.name}’ {'reopened' if active else 'retired'}")
    return redirect("recognition:category_list", access.organisation.slug)


@org_view("staff")
def wall_of_fame(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    return render(
        request,
        "recognition/wall_of_fame.jinja",
        {
            "organisation": access.organisation,
            "winners": selectors.winner_list(organisation=access.organisation),
            "system": None,
        },
    )


@org_view("staff")
def wall_of_fame_system(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    system = access.organisation.system
    return render(
        request,
        "recognition/wall_of_fame.jinja",
        {
            "organisation": access.organisation,
            "winners": selectors.winner_list_for_system(system=system),
            "system": system,
        },
    )


@org_view("staff")
def certificate(request: AuthenticatedHttpRequest, access: OrgAccess, nomination_id: int) -> HttpResponse:
    """A winner's certificate: anyone in the organisation may download it, as the wall shows it."""
    winner = selectors.winner_get(organisation=access.organisation, nomination_id=nomination_id)
    if winner is None:
        raise Http404
    document = certificate_pdf(nomination=winner)
    return pdf_response(document, filename=f"certificate-{winner.category.name}-{winner.month:%Y-%m}")
