"""Improvement stories inside a project: the lead writes, changes, submits and withdraws them;
anyone who can see the project (not partners) reads them."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view
from openqi.projects.access import ProjectAccess
from openqi.projects.forms import StoryForm
from openqi.projects.measure_refs import public_access, results_chart
from openqi.projects.models import ProjectLink, Story
from openqi.projects.presenters import CycleSpan, PdsaTimelinePresenter
from openqi.projects.selectors import stories as selectors
from openqi.projects.services import stories as services
from openqi.projects.views.common import page_context, project_for


def story_body_context(story: Story, *, charts: bool = True) -> dict[str, Any]:
    """What every page showing a story needs: the results chart as the public would see it (or
    the PDSA timeline when there is none), and the team credit. `charts` is False for a partner
    organisation's viewer of a shared project: the owning organisation's measures stay its own."""
    chart = None
    if story.chart_link is not None and charts:
        chart = results_chart(access=public_access(story.organisation), ref_id=story.chart_link.ref_id)
    cycles = [] if chart is not None else list(selectors.story_cycles(story=story))
    spans = [CycleSpan(c.number, c.plan_when, c.completed_on, c.status, c.get_status_display()) for c in cycles]
    return {
        "story": story,
        "results": chart,
        "chart_missing": charts and story.chart_link is not None and chart is None,
        "cycles": cycles,
        "timeline": PdsaTimelinePresenter(cycles=spans, today=timezone.localdate()).timeline(),
        "credits": selectors.story_credits(story=story),
    }


def _story(pa: ProjectAccess, story_id: int) -> Story:
    story = selectors.story_get(project=pa.project, story_id=story_id)
    if story is None:
        raise Http404
    return story


def _url(pa: ProjectAccess, story: Story) -> str:
    return reverse("projects:story_detail", args=[pa.org.organisation.slug, pa.project.pk, story.pk])


def _measure_choices(pa: ProjectAccess) -> list[tuple[str, str]]:
    return [(str(link.pk), link.label) for link in selectors.story_chart_choices(project=pa.project)]


def _chart_link(pa: ProjectAccess, link_id: int | None) -> ProjectLink | None:
    if link_id is None:
        return None
    return selectors.story_chart_choices(project=pa.project).filter(pk=link_id).first()


@org_view("staff")
def story_list(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    return render(
        request, "projects/story_list.jinja", page_context(pa, stories=list(selectors.story_list(project=pa.project)))
    )


@org_view("staff")
@once_per_submission
def story_create(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    initial = {"title": pa.project.title, "problem": pa.project.problem}
    form = StoryForm(request.POST or None, initial=initial, measures=_measure_choices(pa))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        story = call_service(
            form,
            lambda: services.story_create(
                actor=request.user,
                project=pa.project,
                title=data["title"],
                problem=data["problem"],
                tried=data["tried"],
                results=data["results"],
                lessons=data["lessons"],
                chart_link=_chart_link(pa, data["chart_link"]),
                credit_team=data["credit_team"],
            ),
        )
        if story is not None:
            messages.success(request, f"Story ‘{story.title}’ saved as a draft")
            return redirect(_url(pa, story))
    return render(request, "projects/story_form.jinja", page_context(pa, form=form, story=None))


@org_view("staff")
def story_detail(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, story_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    story = _story(pa, story_id)
    return render(
        request, "projects/story_detail.jinja", page_context(pa, **story_body_context(story, charts=pa.is_owner))
    )


@org_view("staff")
def story_edit(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, story_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    story = _story(pa, story_id)
    if not story.is_editable:
        messages.error(request, "Withdraw the story before changing it.")
        return redirect(_url(pa, story))
    initial = {
        "title": story.title,
        "problem": story.problem,
        "tried": story.tried,
        "results": story.results,
        "lessons": story.lessons,
        "chart_link": str(story.chart_link_id) if story.chart_link_id else "none",
        "credit_team": story.credit_team,
    }
    form = StoryForm(request.POST or None, initial=initial, measures=_measure_choices(pa))
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "chart_link": _chart_link(pa, form.cleaned_data["chart_link"])}
        saved = call_service(form, lambda: services.story_update(actor=request.user, story=story, **data))
        if saved is not None:
            messages.success(request, "Story saved")
            return redirect(_url(pa, saved))
    return render(request, "projects/story_form.jinja", page_context(pa, form=form, story=story))


def _transition(
    request: HttpRequest, pa: ProjectAccess, story: Story, call: Callable[[], object], done: str
) -> HttpResponse:
    if call_service_from_button(request, call):
        messages.success(request, done)
    return redirect(_url(pa, story))


@org_view("staff")
@require_POST
def story_submit(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, story_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    story = _story(pa, story_id)
    return _transition(
        request,
        pa,
        story,
        lambda: services.story_submit(actor=request.user, story=story),
        "Story submitted. An organisation lead will publish it or return it to you.",
    )


@org_view("staff")
@require_POST
def story_withdraw(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, story_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    story = _story(pa, story_id)
    return _transition(
        request,
        pa,
        story,
        lambda: services.story_withdraw(actor=request.user, story=story),
        "Story withdrawn. It is no longer public and you can change it.",
    )
