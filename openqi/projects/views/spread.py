"""Starting a project (blank, from a template, from an idea) with "has this been tried before?"
suggestions, and adopting another project's change package."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service
from openqi.core.submission import once_per_submission
from openqi.ideas.selectors import idea_get
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Role
from openqi.projects import selectors, services
from openqi.projects.forms import ProjectAdoptForm, ProjectStartForm
from openqi.projects.library import TEMPLATES, template_get
from openqi.projects.selectors import spread as selectors_spread
from openqi.projects.views.common import aim_of, detail_url, id_from_query, page_context, project_for, user_id_of

# Who may start a project from an idea or adopt a change package: the QI team (as in the ideas
# app's triage) and leads. Any member may start a blank or template project.
SPREAD_ROLE = Role.QI_COACH


def _source_idea(access: OrgAccess, idea_id: int | None) -> services.SourceIdea | None:
    """The idea, read through the ideas app's selectors, inside this organisation only (else 404).
    Only what the project needs is taken: never who shared it."""
    if idea_id is None:
        return None
    if not access.has_role(SPREAD_ROLE):
        raise PermissionDenied("Only the QI team can start a project from an idea.")
    idea = idea_get(organisation=access.organisation, idea_id=idea_id) if idea_id else None
    if idea is None:
        raise Http404("No such idea.")
    return services.SourceIdea(
        id=idea.pk,
        organisation_id=idea.organisation_id,
        title=idea.title,
        problem=idea.problem,
        suggestion=idea.suggestion,
        domains=tuple(idea.domain_list),
    )


def _idea_problem(idea: services.SourceIdea) -> str:
    return f"{idea.problem.strip()}\n\nSuggested change: {idea.suggestion.strip()}".strip()


@org_view("staff")
@once_per_submission
def project_create(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    raw_idea = source.get("idea", "")
    idea = _source_idea(access, id_from_query(raw_idea) or 0) if raw_idea else None
    template = template_get(request.GET.get("template", ""))
    initial: dict[str, Any] = {"template": template.key if template else ""}
    if template is not None:
        initial |= {"title": template.title, "domains": list(template.domains)}
    if idea is not None:
        initial |= {"title": idea.title, "problem": _idea_problem(idea), "domains": list(idea.domains)}
        initial["idea"] = idea.id
    form = ProjectStartForm(request.POST or None, initial=initial, organisation=access.organisation)
    similar: list[selectors_spread.SimilarProject] | None = None
    if request.method == "POST" and request.POST.get("action") == "check":
        # "Has this been tried before?": check with whatever was typed, before anything is saved.
        title = request.POST.get("title", "")[:200]
        text = f"{title} {title} {request.POST.get('problem', '')[:5000]}"  # the title counts twice, as stored
        similar = selectors_spread.project_similar(access=access, user_id=user_id_of(request), text=text)
        form.is_valid()
        form.errors.clear()  # not submitted yet: no error summary for a check
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        project = call_service(
            form,
            lambda: services.project_start(
                actor=request.user,
                organisation=access.organisation,
                title=data["title"],
                problem=data["problem"],
                team=data["team"],
                domains=data["domains"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                visibility=data["visibility"],
                template=template_get(data["template"] or ""),
                idea=idea,
            ),
        )
        if project is not None:
            messages.success(request, f"Project ‘{project.title}’ started. Next, write the aim.")
            return redirect("projects:project_detail", access.organisation.slug, project.pk)
    return render(
        request,
        "projects/project_create.jinja",
        {
            "form": form,
            "organisation": access.organisation,
            "idea": idea,
            "template": template,
            "templates": TEMPLATES,
            "similar": similar,
            "access_can_adopt": access.has_role(SPREAD_ROLE),
        },
    )


@org_view("staff")
@once_per_submission
def project_adopt(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    """Adopt the change package of a project visible here (this organisation's, or a public one
    elsewhere in the ICS) into a new project of the organisation in the URL."""
    user_id = user_id_of(request)
    source = selectors_spread.adoptable_project_get(access=access, user_id=user_id, project_id=project_id)
    if not access.has_role(SPREAD_ROLE):
        raise PermissionDenied("Only the QI team can adopt a change package.")
    own = source.organisation_id == access.organisation.pk
    initial = {
        "title": source.title,
        "problem": source.problem if own else "",
        "team": "",
    }
    form = ProjectAdoptForm(request.POST or None, initial=initial, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        project = call_service(
            form,
            lambda: services.project_adopt(
                actor=request.user,
                source=source,
                organisation=access.organisation,
                title=data["title"],
                problem=data["problem"],
                team=data["team"],
                visibility=data["visibility"],
            ),
        )
        if project is not None:
            messages.success(request, f"Project ‘{project.title}’ started with the change package of ‘{source.title}’")
            return redirect("projects:project_detail", access.organisation.slug, project.pk)
    return render(
        request,
        "projects/project_adopt.jinja",
        {
            "form": form,
            "organisation": access.organisation,
            "source": source,
            "own": own,
            "source_aim": aim_of(source),
            "outline": selectors.driver_nodes(project=source),
            "counts": selectors_spread.change_package_counts(project=source),
        },
    )


@org_view("staff")
def suggested_measure_remove(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, suggestion_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    suggestion = selectors_spread.suggested_measure_get(project=pa.project, suggestion_id=suggestion_id)
    if suggestion is None:
        raise Http404

    def done() -> HttpResponse:
        messages.success(request, f"Removed the suggested measure ‘{suggestion.name}’")
        return redirect("projects:project_detail", access.organisation.slug, pa.project.pk)

    return confirm_then(
        request,
        Confirmation(
            title=f"Remove the suggested measure ‘{suggestion.name}’?",
            caption=pa.project.title,
            button="Remove suggested measure",
            cancel_url=detail_url(pa),
            body=(
                "Remove it once the team has created and linked the measure, or decided against it. "
                "Its name, family, definition and source are kept in the audit log.",
            ),
        ),
        act=lambda: services.suggested_measure_remove(actor=request.user, suggestion=suggestion),
        done=done,
        **page_context(pa),
    )


def spread_context(request: HttpRequest, pa: Any) -> dict[str, Any]:
    """What the project page adds for spread: suggested measures, where it came from and went,
    similar projects, and whether this person may adopt its change package."""
    access: OrgAccess = pa.org
    user_id = user_id_of(request)
    project = pa.project
    adopted_from = None
    if project.adopted_from_id:
        try:
            adopted_from = selectors_spread.adoptable_project_get(
                access=access, user_id=user_id, project_id=project.adopted_from_id
            )
        except Http404:
            adopted_from = None  # it is private now, or gone: say only that it was adopted
    return {
        "suggested": list(selectors_spread.suggested_measures(project=project)),
        "adopted_from": adopted_from,
        "spread": selectors_spread.spread_list(access=access, user_id=user_id, project=project),
        "similar": selectors_spread.project_similar(
            access=access, user_id=user_id, text=selectors_spread.project_text(project), exclude_id=project.pk, limit=3
        ),
        "can_adopt": project.visibility != "private" and access.has_role(SPREAD_ROLE) and not pa.is_partner,
    }


__all__ = ["page_context", "project_adopt", "project_create", "spread_context", "suggested_measure_remove"]
