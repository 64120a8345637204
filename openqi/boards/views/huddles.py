"""The huddle log."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.boards import selectors, services
from openqi.boards.forms import HuddleLogForm
from openqi.boards.presenters import category_chart
from openqi.boards.views.common import team_or_404
from openqi.core.forms_util import call_service
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view


@org_view("staff")
def huddle_list(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    team = team_or_404(access, team_id)
    history = selectors.control_history_rows(team=team)
    categories = [row.category for row in selectors.control_rows(team=team)]
    charts = [category_chart(c.name, [(day, cells[i]) for day, cells in history]) for i, c in enumerate(categories)]
    return render(
        request,
        "boards/huddle_list.jinja",
        {
            "organisation": access.organisation,
            "team": team,
            "logs": list(selectors.huddle_log_list(team=team)[:50]),
            "history": history,
            "categories": categories,
            "charts": charts,
        },
    )


@org_view("staff")
@once_per_submission
def huddle_create(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    team = team_or_404(access, team_id)
    form = HuddleLogForm(
        request.POST if request.method == "POST" else None,
        people=selectors.huddle_people(team=team),
        names_preferred=selectors.huddle_names_preferred(team=team),
    )
    if request.method == "POST" and form.is_valid():
        log = call_service(
            form,
            lambda: services.huddle_log_create(
                actor=request.user,
                organisation=access.organisation,
                team=team,
                date=form.cleaned_data["date"],
                attended=form.cleaned_data["attended"],
                attendees=form.attendee_users(),
                discussed=form.cleaned_data["discussed"],
                actions=form.cleaned_data["actions"],
            ),
        )
        if log is not None:
            messages.success(request, "Huddle recorded.")
            return redirect("boards:huddle_list", access.organisation.slug, team.pk)
    return render(
        request, "boards/huddle_create.jinja", {"organisation": access.organisation, "team": team, "form": form}
    )


@org_view("staff")
def huddle_detail(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int, log_id: int) -> HttpResponse:
    team = team_or_404(access, team_id)
    log = selectors.huddle_log_get(team=team, log_id=log_id)
    if log is None:
        raise Http404
    return render(
        request, "boards/huddle_detail.jinja", {"organisation": access.organisation, "team": team, "log": log}
    )
