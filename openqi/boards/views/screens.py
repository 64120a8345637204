"""Read-only screen links for a ward TV (the TV page needs no sign-in and shows no personal data)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.boards import panels, selectors, services
from openqi.boards.forms import ScreenLinkForm
from openqi.boards.views.common import CHANNEL, board_context, team_or_404
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service
from openqi.core.qr import qr_svg
from openqi.core.submission import once_per_submission, shown_once
from openqi.live.registry import live_response
from openqi.organisations.access import OrgAccess, org_view


@org_view("lead")
def screen_list(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    team = team_or_404(access, team_id)
    return render(
        request,
        "boards/screen_list.jinja",
        {"organisation": access.organisation, "team": team, "links": selectors.screen_link_list(team=team)},
    )


@org_view("lead")
@once_per_submission
def screen_create(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    team = team_or_404(access, team_id)
    form = ScreenLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        created = call_service(
            form,
            lambda: services.screen_link_create(
                actor=request.user, organisation=access.organisation, team=team, name=form.cleaned_data["name"]
            ),
        )
        if created is not None:
            link, token = created
            # The address is shown this once: only a hash of its token is kept.
            address = request.build_absolute_uri(reverse("boards:screen_board", args=[token]))
            return shown_once(
                render(
                    request,
                    "boards/screen_created.jinja",
                    {"organisation": access.organisation, "team": team, "link": link, "address": address},
                )
            )
    return render(
        request, "boards/screen_create.jinja", {"organisation": access.organisation, "team": team, "form": form}
    )


@org_view("lead")
def screen_revoke(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int, link_id: int) -> HttpResponse:
    team = team_or_404(access, team_id)
    link = selectors.screen_link_get(team=team, link_id=link_id)
    if link is None or link.revoked_at is not None:
        raise Http404

    def done() -> HttpResponse:
        messages.success(request, f"‘{link.name}’ switched off. Its address no longer works.")
        return redirect("boards:screen_list", access.organisation.slug, team.pk)

    return confirm_then(
        request,
        Confirmation(
            title=f"Switch off the screen ‘{link.name}’?",
            caption=f"Board screen for {team.name}",
            button="Switch off screen",
            cancel_url=reverse("boards:screen_list", args=[access.organisation.slug, team.pk]),
            body=(
                "Its address stops working at once, and the screen stops updating. It cannot be switched "
                "back on: to use the screen again, make a new screen address.",
                "Switching it off is recorded in the audit log.",
            ),
        ),
        act=lambda: services.screen_link_revoke(actor=request.user, link=link),
        done=done,
        organisation=access.organisation,
    )


@never_cache
def screen_board(request: HttpRequest, token: str) -> HttpResponse:
    """The ward TV: the team's board in large type, read only, without owners' names."""
    link = selectors.screen_link_find(token=token)
    if link is None:
        return render(request, "boards/screen_invalid.jinja", status=404)
    checkin_address = request.build_absolute_uri(reverse("checkins:checkin_create", args=[link.organisation.slug]))
    return render(
        request,
        "boards/screen_board.jinja",
        {
            "link": link,
            "live_url": reverse("boards:screen_live", args=[token]),
            # No reader on a ward screen: only non-private projects' cycles, and no measures
            # (who may see a measure depends on the reader).
            "cycles": panels.team_cycles(team=link.team, access=None, user_id=None),
            "checkins": panels.team_checkins(team=link.team),
            "checkin_address": checkin_address,
            "checkin_qr": qr_svg(checkin_address),
            **board_context(link.team),
        },
    )


def screen_live(request: HttpRequest, token: str) -> HttpResponse:
    link = selectors.screen_link_find(token=token)
    if link is None:
        return HttpResponse("This screen address has been switched off.", status=404, content_type="text/plain")
    return live_response(request, CHANNEL, team_id=link.team_id)
