"""Campaign challenge pages: set an individual target, see your progress, fix entrants, draw, verify."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service, call_service_from_button, call_service_on_page
from openqi.core.submission import once_per_submission
from openqi.documents.http import pdf_response
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role
from openqi.recognition import draws, selectors, services
from openqi.recognition.forms import ChallengeForm
from openqi.recognition.reports import campaign_report_pdf


def _campaign_or_404(access: OrgAccess, campaign_id: int) -> Any:
    campaign = selectors.campaign_for_challenge(organisation=access.organisation, campaign_id=campaign_id)
    if campaign is None:
        raise Http404
    return campaign


@org_view("staff")
def challenge_detail(request: AuthenticatedHttpRequest, access: OrgAccess, campaign_id: int) -> HttpResponse:
    campaign = _campaign_or_404(access, campaign_id)
    challenge = selectors.challenge_get(organisation=access.organisation, campaign=campaign)
    is_panel = access.has_role(Role.LEAD)
    if challenge is None and not is_panel:
        raise Http404
    context: dict[str, Any] = {
        "organisation": access.organisation,
        "campaign": campaign,
        "challenge": challenge,
        "is_panel": is_panel,
    }
    if challenge is not None:
        context["progress"] = selectors.challenge_progress_for(challenge=challenge, user_id=request.user.pk)
        winners = selectors.people_by_id(organisation=access.organisation, user_ids=list(challenge.winner_ids))
        context["winners"] = [winners[w] for w in challenge.winner_ids if w in winners]
        if is_panel:
            ids = (
                list(challenge.entrant_ids)
                if challenge.entrants_fixed_at
                else services.challenge_qualifiers(challenge=challenge)
            )
            people = selectors.people_by_id(organisation=access.organisation, user_ids=ids)
            context["entrants"] = [people[i] for i in ids if i in people]
            context["entrants_digest"] = (
                draws.entrants_digest(challenge.entrant_ids) if challenge.entrants_fixed_at else ""
            )
    return render(request, "recognition/challenge_detail.jinja", context)


@org_view(Role.LEAD)
@once_per_submission
def challenge_create(request: AuthenticatedHttpRequest, access: OrgAccess, campaign_id: int) -> HttpResponse:
    campaign = _campaign_or_404(access, campaign_id)
    form = ChallengeForm(request.POST or None, initial={"winners_wanted": 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        challenge = call_service(
            form,
            lambda: services.challenge_create(
                actor=request.user,
                campaign=campaign,
                individual_target=data["individual_target"],
                prize=data["prize"],
                winners_wanted=data["winners_wanted"],
            ),
        )
        if challenge is not None:
            messages.success(request, "Individual target set: people who reach it enter the prize draw")
            return redirect("recognition:challenge_detail", access.organisation.slug, campaign.pk)
    return render(
        request,
        "recognition/challenge_create.jinja",
        {"form": form, "organisation": access.organisation, "campaign": campaign},
    )


def _challenge_or_404(access: OrgAccess, campaign_id: int) -> Any:
    challenge = selectors.challenge_get(
        organisation=access.organisation, campaign=_campaign_or_404(access, campaign_id)
    )
    if challenge is None:
        raise Http404
    return challenge


@org_view(Role.LEAD)
@require_POST
def challenge_fix_entrants(request: AuthenticatedHttpRequest, access: OrgAccess, campaign_id: int) -> HttpResponse:
    challenge = _challenge_or_404(access, campaign_id)
    if call_service_from_button(
        request, lambda: services.challenge_fix_entrants(actor=request.user, challenge=challenge)
    ):
        messages.success(request, "Entrants fixed and the seed committed: the draw can be made")
    return redirect("recognition:challenge_detail", access.organisation.slug, campaign_id)


@org_view(Role.LEAD)
@require_POST
def challenge_draw(request: AuthenticatedHttpRequest, access: OrgAccess, campaign_id: int) -> HttpResponse:
    challenge = _challenge_or_404(access, campaign_id)
    if call_service_from_button(request, lambda: services.challenge_draw(actor=request.user, challenge=challenge)):
        messages.success(request, "The draw is made and the winners are told")
    return redirect("recognition:challenge_detail", access.organisation.slug, campaign_id)


@org_view(Role.LEAD)
def challenge_verify(request: AuthenticatedHttpRequest, access: OrgAccess, campaign_id: int) -> HttpResponse:
    """Recompute the draw from the revealed seed (a GET shows the record; the check runs on POST, audited)."""
    challenge = _challenge_or_404(access, campaign_id)
    result, error_text = None, ""
    if request.method == "POST":
        result, error_text = call_service_on_page(
            lambda: services.challenge_verify(actor=request.user, challenge=challenge)
        )
    people = selectors.people_by_id(
        organisation=access.organisation, user_ids=[*challenge.entrant_ids, *challenge.winner_ids]
    )
    return render(
        request,
        "recognition/challenge_verify.jinja",
        {
            "organisation": access.organisation,
            "challenge": challenge,
            "campaign": challenge.campaign,
            "result": result,
            "error_text": error_text,
            "people": people,
            "entrants_digest": draws.entrants_digest(challenge.entrant_ids),
        },
        status=400 if error_text else 200,
    )


@org_view("staff")
def campaign_report(request: AuthenticatedHttpRequest, access: OrgAccess, campaign_id: int) -> HttpResponse:
    """The closing report as PDF, once the campaign is closed: what its page shows, and the winners."""
    campaign = _campaign_or_404(access, campaign_id)
    if campaign.closed_on is None:
        raise Http404
    challenge = selectors.challenge_get(organisation=access.organisation, campaign=campaign)
    document = campaign_report_pdf(campaign=campaign, challenge=challenge)
    return pdf_response(document, filename=f"campaign-{campaign.pk}-closing-report")
