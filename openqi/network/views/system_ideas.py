"""System ideas: share (public, staff and members), follow up by code, the published "you said,
we did", and the ICS CQI team's inbox (issue 15, ADR 0029)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service
from openqi.core.logging import no_access_log
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission, shown_once
from openqi.ideas.models import Status
from openqi.network import system_ideas
from openqi.network.system_idea_forms import SystemIdeaFollowUpForm, SystemIdeaForm, SystemIdeaStatusForm
from openqi.network.system_models import SystemIdea, SystemIdeaIdentity
from openqi.network.views.common import current_member, system_or_404, team_view
from openqi.network.views.public import too_many
from openqi.organisations.models import System


def _organisations(system: System) -> list[tuple[int, str]]:
    return list(system_ideas.system_organisations(system=system).values_list("pk", "name"))


@no_access_log
@once_per_submission
def system_idea_share(request: HttpRequest, system_slug: str) -> HttpResponse:
    system = system_or_404(system_slug)
    user = request.user if request.user.is_authenticated else None
    member = current_member(request, system)
    signed_in = user is not None or member is not None
    form = SystemIdeaForm(
        request.POST or None,
        organisations=_organisations(system),
        signed_in=signed_in,
        initial={"identity": SystemIdeaIdentity.ANONYMOUS},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = {"system": system, "code": "", "anonymous": True}
        if data["website"]:  # a robot filled the hidden field: thank it and keep nothing
            return shown_once(render(request, "network/system_ideas/share_done.jinja", done))
        if too_many(request, system.pk):
            return render(request, "network/join_limited.jinja", {"system": system}, status=429)
        submitted = call_service(
            form,
            lambda: system_ideas.system_idea_submit(
                system=system,
                title=data["title"],
                problem=data["problem"],
                suggestion=data["suggestion"],
                services=data["services"],
                organisation_ids=[int(pk) for pk in data["organisations"]],
                anonymous=data.get("identity", SystemIdeaIdentity.ANONYMOUS) == SystemIdeaIdentity.ANONYMOUS,
                user=user,  # type: ignore[arg-type]
                member=member,
            ),
        )
        if submitted is not None:
            idea, code = submitted
            return shown_once(
                render(
                    request,
                    "network/system_ideas/share_done.jinja",
                    {"system": system, "code": code, "anonymous": idea.is_anonymous},
                )
            )
    return render(
        request,
        "network/system_ideas/share.jinja",
        {"system": system, "form": form, "signed_in": signed_in, "member": member},
        status=400 if form.errors else 200,
    )


@no_access_log
@once_per_submission
def system_idea_follow_up(request: HttpRequest, system_slug: str) -> HttpResponse:
    """Enter the code (by POST, so it never lands in an address or a log) and read what happened."""
    system = system_or_404(system_slug)
    form = SystemIdeaFollowUpForm(request.POST or None)
    idea = None
    if request.method == "POST" and form.is_valid():
        idea = system_ideas.system_idea_follow_up_find(system=system, code=form.cleaned_data["code"])
        if idea is None:
            form.add_error("code", "No idea matches this code. Check it and try again")
    events = list(system_ideas.system_idea_events(idea=idea)) if idea else []
    return render(
        request,
        "network/system_ideas/follow_up.jinja",
        {"system": system, "form": form, "idea": idea, "events": events},
        status=400 if form.errors else 200,
    )


def system_idea_answers(request: HttpRequest, system_slug: str) -> HttpResponse:
    """The ICS's published "you said, we did": public, no author ever shown."""
    system = system_or_404(system_slug)
    page = paginate(request, system_ideas.system_idea_answered_list(system=system), per_page=20)
    ideas = list(page.object_list)
    return render(
        request,
        "network/system_ideas/answers.jinja",
        {
            "system": system,
            "page": page,
            "ideas": ideas,
            "names": system_ideas.organisation_names(system=system, ideas=ideas),
            "pagination": page_links(request, page),
        },
    )


@team_view
def team_system_ideas(request: AuthenticatedHttpRequest, system: System) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    page = paginate(request, system_ideas.system_idea_inbox(system=system, status=status), per_page=25)
    ideas = list(page.object_list)
    counts = system_ideas.system_idea_status_counts(system=system)
    return render(
        request,
        "network/system_ideas/team_inbox.jinja",
        {
            "system": system,
            "page": page,
            "ideas": ideas,
            "names": system_ideas.organisation_names(system=system, ideas=ideas),
            "pagination": page_links(request, page),
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
        },
    )


def _idea_or_404(system: System, idea_id: int) -> SystemIdea:
    idea = system_ideas.system_idea_get(system=system, idea_id=idea_id)
    if idea is None:
        raise Http404
    return idea


@team_view
def team_system_idea(request: AuthenticatedHttpRequest, system: System, idea_id: int) -> HttpResponse:
    idea = _idea_or_404(system, idea_id)
    statuses = system_ideas.next_statuses(idea)
    form = SystemIdeaStatusForm(request.POST or None, statuses=statuses)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call_service(
            form,
            lambda: system_ideas.system_idea_status_change(
                actor=request.user,
                idea=idea,
                status=data["status"],
                message=data["message"],
                public_answer=data["public_answer"],
            ),
        )
        if not form.errors:
            messages.success(request, f"The idea is now ‘{idea.get_status_display()}’.")
            return redirect("network:team_system_idea", system.slug, idea.pk)
    return render(
        request,
        "network/system_ideas/team_idea.jinja",
        {
            "system": system,
            "idea": idea,
            "form": form,
            "statuses": statuses,
            "events": list(system_ideas.system_idea_events(idea=idea)),
            "names": system_ideas.organisation_names(system=system, ideas=[idea]),
        },
        status=400 if form.errors else 200,
    )
