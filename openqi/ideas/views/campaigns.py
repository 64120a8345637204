"""Campaign pages."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service
from openqi.core.submission import once_per_submission
from openqi.ideas import selectors, services
from openqi.ideas.forms import (
    CampaignCloseForm,
    CampaignForm,
)
from openqi.ideas.presenters import status_tag
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role


@org_view("staff")
def campaign_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    return render(
        request,
        "ideas/campaign_list.jinja",
        {
            "organisation": access.organisation,
            "access": access,
            "campaigns": selectors.campaign_list(organisation=access.organisation),
            "today": timezone.localdate(),
        },
    )


@org_view(Role.LEAD)
@once_per_submission
def campaign_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    form = CampaignForm(request.POST or None, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        campaign = call_service(
            form,
            lambda: services.campaign_create(
                actor=request.user,
                organisation=access.organisation,
                title=data["title"],
                question=data["question"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                target=data["target"],
                team=data["team"],
            ),
        )
        if campaign is not None:
            messages.success(request, f"Campaign ‘{campaign.title}’ created")
            return redirect("ideas:campaign_detail", access.organisation.slug, campaign.pk)
    return render(request, "ideas/campaign_create.jinja", {"form": form, "organisation": access.organisation})


def _campaign_or_404(access: OrgAccess, campaign_id: int) -> Any:
    campaign = selectors.campaign_get(organisation=access.organisation, campaign_id=campaign_id)
    if campaign is None:
        raise Http404
    return campaign


@org_view("staff")
def campaign_detail(request: AuthenticatedHttpRequest, access: OrgAccess, campaign_id: int) -> HttpResponse:
    campaign = _campaign_or_404(access, campaign_id)
    return render(
        request,
        "ideas/campaign_detail.jinja",
        {
            "organisation": access.organisation,
            "access": access,
            "campaign": campaign,
            "progress": selectors.campaign_progress(campaign=campaign),
            "ideas": selectors.campaign_ideas(campaign=campaign),
            "panels": selectors.campaign_panels(access=access, user_id=request.user.pk, campaign=campaign),
            "is_open": campaign.is_open_on(timezone.localdate()),
            "status_tag": status_tag,
        },
    )


@org_view(Role.LEAD)
def campaign_close(request: AuthenticatedHttpRequest, access: OrgAccess, campaign_id: int) -> HttpResponse:
    campaign = _campaign_or_404(access, campaign_id)
    if campaign.closed_on is not None:
        messages.error(request, "This campaign is already closed")
        return redirect("ideas:campaign_detail", access.organisation.slug, campaign.pk)
    form = CampaignCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call_service(
            form,
            lambda: services.campaign_close(actor=request.user, campaign=campaign, report=form.cleaned_data["report"]),
        )
        if not form.errors:
            messages.success(request, f"Campaign ‘{campaign.title}’ closed")
            return redirect("ideas:campaign_detail", access.organisation.slug, campaign.pk)
    return render(
        request,
        "ideas/campaign_close.jinja",
        {
            "form": form,
            "organisation": access.organisation,
            "campaign": campaign,
            "progress": selectors.campaign_progress(campaign=campaign),
        },
    )
