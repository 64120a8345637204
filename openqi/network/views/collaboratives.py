"""Collaboratives: the page with every team's chart side by side (members of the organisations
taking part, and the CQI team), and the CQI team's pages that set one up (ADR 0029)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.network import collaboratives
from openqi.network.collaborative_forms import (
    CollaborativeForm,
    SessionForm,
    SharedMeasureForm,
    TeamAddForm,
    TeamMeasureForm,
)
from openqi.network.selectors import user_is_network_team
from openqi.network.system_models import Collaborative, CollaborativeTeam
from openqi.network.views.common import system_or_404, team_view
from openqi.organisations.models import System


@login_required
def collaborative_list(request: AuthenticatedHttpRequest, system_slug: str) -> HttpResponse:
    system = system_or_404(system_slug)
    page = paginate(request, collaboratives.collaborative_list(system=system, user=request.user), per_page=20)
    return render(
        request,
        "network/collaboratives/list.jinja",
        {
            "system": system,
            "page": page,
            "pagination": page_links(request, page),
            "is_team": user_is_network_team(user=request.user, system=system),
        },
    )


@login_required
def collaborative_detail(request: AuthenticatedHttpRequest, system_slug: str, collaborative_id: int) -> HttpResponse:
    system = system_or_404(system_slug)
    collaborative = collaboratives.collaborative_get(
        system=system, user=request.user, collaborative_id=collaborative_id
    )
    if collaborative is None:
        raise Http404
    return render(
        request,
        "network/collaboratives/detail.jinja",
        {
            "system": system,
            "view": collaboratives.collaborative_page(collaborative=collaborative, user=request.user),
            "is_team": user_is_network_team(user=request.user, system=system),
        },
    )


@team_view
@once_per_submission
def team_collaborative_create(request: AuthenticatedHttpRequest, system: System) -> HttpResponse:
    form = CollaborativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = collaboratives.collaborative_create(
            actor=request.user, system=system, title=form.cleaned_data["title"], aim=form.cleaned_data["aim"]
        )
        messages.success(request, "Collaborative created. Add its shared measures and teams.")
        return redirect("network:team_collaborative", system.slug, created.pk)
    return render(
        request,
        "network/collaboratives/team_create.jinja",
        {"system": system, "form": form},
        status=400 if form.errors else 200,
    )


def _team_measure_form(collaborative: Collaborative, team: CollaborativeTeam, data: Any = None) -> TeamMeasureForm:
    measures = [(str(m.pk), m.name) for m in collaborative.measures.all()]
    links = [(str(link.pk), link.label) for link in collaboratives.team_measure_choices(team=team)]
    return TeamMeasureForm(data, measures=measures, links=links, prefix=f"team-{team.pk}")


@team_view
def team_collaborative(request: AuthenticatedHttpRequest, system: System, collaborative_id: int) -> HttpResponse:
    """Set up one collaborative: each form posts here with its `action`."""
    collaborative = collaboratives.collaborative_manage_get(system=system, collaborative_id=collaborative_id)
    if collaborative is None:
        raise Http404
    action = request.POST.get("action", "") if request.method == "POST" else ""
    projects = [
        (str(p.pk), f"{p.organisation.name}: {p.title}") for p in collaboratives.enrollable_projects(system=system)
    ]
    events = [(str(e.pk), f"{e.title} ({e.when})") for e in collaboratives.session_choices(system=system)]
    measure_form = SharedMeasureForm(request.POST if action == "measure" else None, prefix="measure")
    team_form = TeamAddForm(request.POST if action == "team" else None, projects=projects, prefix="team")
    session_form = SessionForm(request.POST if action == "session" else None, events=events, prefix="session")
    teams = list(collaborative.teams.select_related("organisation", "project"))
    link_forms = {
        team.pk: _team_measure_form(collaborative, team, request.POST if action == f"link-{team.pk}" else None)
        for team in teams
    }
    bound: forms.Form | None = None
    done: Any = None
    if action == "measure" and measure_form.is_valid():
        bound, data = measure_form, measure_form.cleaned_data
        done = call_service(
            bound,
            lambda: collaboratives.shared_measure_add(
                actor=request.user, collaborative=collaborative, name=data["name"], definition=data["definition"]
            ),
        )
    elif action == "team" and team_form.is_valid():
        bound, data = team_form, team_form.cleaned_data
        done = call_service(
            bound,
            lambda: collaboratives.collaborative_team_add(
                actor=request.user, collaborative=collaborative, project_id=int(data["project"])
            ),
        )
    elif action == "session" and session_form.is_valid():
        bound, data = session_form, session_form.cleaned_data
        done = call_service(
            bound,
            lambda: collaboratives.learning_session_add(
                actor=request.user, collaborative=collaborative, event_id=int(data["event"])
            ),
        )
    elif action.startswith("link-"):
        team = next((t for t in teams if f"link-{t.pk}" == action), None)
        if team is None:
            raise Http404
        link_form = link_forms[team.pk]
        if link_form.is_valid():
            bound, data = link_form, link_form.cleaned_data
            measure = collaboratives.shared_measure_get(
                collaborative=collaborative, measure_id=int(data["shared_measure"])
            )
            if measure is None:
                raise Http404
            done = call_service(
                bound,
                lambda: collaboratives.team_measure_link(
                    actor=request.user, team=team, shared_measure=measure, link_id=int(data["link"])
                ),
            )
    if done is not None:
        messages.success(request, "Saved.")
        return redirect("network:team_collaborative", system.slug, collaborative.pk)
    failed = request.method == "POST"
    return render(
        request,
        "network/collaboratives/team_manage.jinja",
        {
            "system": system,
            "collaborative": collaborative,
            "measures": list(collaborative.measures.all()),
            "teams": [(team, link_forms[team.pk]) for team in teams],
            "measure_form": measure_form,
            "team_form": team_form,
            "session_form": session_form,
            "sessions": list(collaborative.sessions.select_related("event", "event__occasion")),
            "error_form": next(
                (f for f in [measure_form, team_form, session_form, *link_forms.values()] if f.errors), None
            ),
        },
        status=400 if failed else 200,
    )
