"""Champions: the directory (organisation and ICS), volunteering, a lead's approval, the toolkit."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.submission import once_per_submission
from openqi.documents.http import pdf_response
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role
from openqi.recognition import selectors, services
from openqi.recognition.forms import ChampionForm
from openqi.recognition.models import ChampionStatus
from openqi.recognition.posters import POSTERS, poster_pdf


@org_view("staff")
def champion_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    return render(
        request,
        "recognition/champion_list.jinja",
        {
            "organisation": organisation,
            "champions": selectors.champion_list(organisation=organisation),
            "pending": selectors.champion_list(organisation=organisation, status=ChampionStatus.PENDING)
            if access.has_role(Role.LEAD)
            else [],
            "mine": selectors.champion_for(organisation=organisation, user=request.user),
            "system": None,
        },
    )


@org_view("staff")
def champion_list_system(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    system = access.organisation.system
    return render(
        request,
        "recognition/champion_list.jinja",
        {
            "organisation": access.organisation,
            "champions": selectors.champion_list_for_system(system=system),
            "pending": [],
            "mine": None,
            "system": system,
        },
    )


@org_view("staff")
@once_per_submission
def champion_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    form = ChampionForm(request.POST or None, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        champion = call_service(
            form,
            lambda: services.champion_volunteer(
                actor=request.user,
                organisation=access.organisation,
                focus=data["focus"],
                focus_detail=data["focus_detail"],
                team=data["team"],
                contact=data["contact"],
            ),
        )
        if champion is not None:
            messages.success(request, "Thank you for volunteering: a QI lead will answer soon")
            return redirect("recognition:champion_list", access.organisation.slug)
    return render(request, "recognition/champion_create.jinja", {"form": form, "organisation": access.organisation})


@org_view(Role.LEAD)
@require_POST
def champion_decide(request: AuthenticatedHttpRequest, access: OrgAccess, champion_id: int) -> HttpResponse:
    champion = selectors.champion_get(organisation=access.organisation, champion_id=champion_id)
    if champion is None:
        raise Http404
    approve = request.POST.get("decision") == "approve"
    if call_service_from_button(
        request, lambda: services.champion_decide(actor=request.user, champion=champion, approve=approve)
    ):
        messages.success(request, f"{champion.user.display_name} {'approved' if approve else 'declined'}")
    return redirect("recognition:champion_list", access.organisation.slug)


@org_view("staff")
def champion_toolkit(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    return render(
        request,
        "recognition/champion_toolkit.jinja",
        {"organisation": access.organisation, "posters": list(POSTERS.values())},
    )


@org_view("staff")
def champion_poster(request: AuthenticatedHttpRequest, access: OrgAccess, kind: str) -> HttpResponse:
    """A printable A4 poster with a QR code to one of the organisation's pages."""
    poster = POSTERS.get(kind)
    if poster is None:
        raise Http404
    address = request.build_absolute_uri(reverse(poster.url_name, args=[access.organisation.slug]))
    document = poster_pdf(organisation_name=access.organisation.name, poster=poster, address=address)
    return pdf_response(document, filename=f"{access.organisation.slug}-poster-{poster.kind}")
