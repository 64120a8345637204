"""The team's board, the list of boards, and the board's live version."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.boards import panels
from openqi.boards.models import Column
from openqi.boards.views.common import CHANNEL, board_context, team_or_404
from openqi.live.registry import live_response
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.selectors import team_list


@org_view("staff")
def board_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    return render(
        request,
        "boards/board_list.jinja",
        {"organisation": access.organisation, "teams": team_list(organisation=access.organisation)},
    )


@org_view("staff")
def board_detail(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    team = team_or_404(access, team_id)
    return render(
        request,
        "boards/board_detail.jinja",
        {
            "organisation": access.organisation,
            "is_lead": access.has_role("lead"),
            "live_url": reverse("boards:board_live", args=[access.organisation.slug, team.pk]),
            "columns_choices": Column.choices,
            "measures": panels.team_measures(access=access, team=team),
            "cycles": panels.team_cycles(team=team, access=access, user_id=request.user.pk),
            "checkins": panels.team_checkins(team=team),
            "thanks": panels.team_thanks(team=team),
            "winners": panels.organisation_winners(team=team),
            **board_context(team),
        },
    )


@org_view("staff")
def board_live(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    team = team_or_404(access, team_id)
    return live_response(request, CHANNEL, team_id=team.pk)
