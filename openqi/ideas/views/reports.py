"""You said, we did; the leads' overview and the CSV export."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.csv_export import csv_response
from openqi.core.pagination import page_links, paginate
from openqi.ideas import selectors, services
from openqi.ideas.models import Status
from openqi.ideas.selectors import system_overview
from openqi.ideas.views.common import team_id_param
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role
from openqi.organisations.selectors import team_list
from openqi.vocabulary import Domain


@org_view("staff")
def you_said_we_did(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    team_id = team_id_param(request.GET.get("team", ""))
    domain = request.GET.get("domain", "")
    domain = domain if domain in Domain.values else ""
    page = paginate(
        request, selectors.idea_answered_list(organisation=access.organisation, team_id=team_id, domain=domain)
    )
    return render(
        request,
        "ideas/you_said_we_did.jinja",
        {
            "organisation": access.organisation,
            "page": page,
            "pagination": page_links(request, page),
            "teams": team_list(organisation=access.organisation),
            "team_id": team_id,
            "domain": domain,
            "domains": Domain.choices,
        },
    )


@org_view(Role.LEAD)
def idea_overview(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    return render(
        request,
        "ideas/idea_overview.jinja",
        {
            "organisation": access.organisation,
            "overview": selectors.idea_overview(organisation=access.organisation),
            "teams": team_list(organisation=access.organisation),
            "statuses": Status.choices,
        },
    )


@org_view(Role.LEAD)
def idea_export(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    team_id = team_id_param(request.GET.get("team", ""))
    rows = selectors.idea_export_rows(organisation=access.organisation, status=status, team_id=team_id)
    services.idea_export_record(
        actor=request.user,
        organisation=access.organisation,
        filters={"status": status, "team": team_id},
        count=len(rows),
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return csv_response(f"openqi-ideas-{access.organisation.slug}-{stamp}.csv", selectors.EXPORT_HEADER, rows)


@org_view("staff")
def idea_system_overview(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    """The ICS overview, reached from any organisation of the system by its admins and executives."""
    system = access.organisation.system
    if not system_overview.user_can_read_system(user=request.user, system_id=system.pk):
        raise PermissionDenied("Only the ICS's system admins and executives can see this overview.")
    return render(
        request,
        "ideas/idea_system_overview.jinja",
        {"organisation": access.organisation, "overview": system_overview.idea_system_overview(system=system)},
    )
