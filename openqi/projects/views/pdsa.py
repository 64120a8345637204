"""PDSA cycle pages: plan, do, study, act."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.concurrency import call_edit_service, track_edits
from openqi.core.forms_util import call_service
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view
from openqi.projects import selectors, services
from openqi.projects.access import ProjectAccess
from openqi.projects.forms import (
    PdsaActForm,
    PdsaDoForm,
    PdsaPlanForm,
    PdsaStudyForm,
)
from openqi.projects.models import PdsaCycle
from openqi.projects.views.common import page_context, project_for


def _plan_form(request: HttpRequest, pa: ProjectAccess, cycle: PdsaCycle | None = None) -> PdsaPlanForm:
    ideas = [(str(n.id), n.text) for n in selectors.change_ideas(project=pa.project)]
    if cycle is not None and cycle.change_idea is not None and cycle.change_idea.is_archived:
        # The cycle keeps its removed change idea unless someone chooses another.
        ideas.append((str(cycle.change_idea_id), f"{cycle.change_idea.text} (removed from the driver diagram)"))
    earlier = [
        (str(c.pk), str(c))
        for c in selectors.pdsa_cycles(project=pa.project)
        if cycle is None or c.number < cycle.number
    ]
    initial: dict[str, Any] = {}
    if cycle is not None:
        initial = {name: getattr(cycle, name) for name in services.PLAN_FIELDS}
        initial["change_idea"] = str(cycle.change_idea_id or "")
        initial["builds_on"] = str(cycle.builds_on_id or "")
    else:
        initial["change_idea"] = request.GET.get("idea", "")
        initial["builds_on"] = request.GET.get("builds_on", "")
    return PdsaPlanForm(request.POST or None, initial=initial, ideas=ideas, earlier=earlier)


def _plan_values(pa: ProjectAccess, form: PdsaPlanForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    idea_id, builds_on_id = data.pop("change_idea"), data.pop("builds_on")
    data["change_idea"] = (
        selectors.driver_node_get(project=pa.project, node_id=int(idea_id), include_archived=True) if idea_id else None
    )
    data["builds_on"] = (
        selectors.pdsa_cycle_get(project=pa.project, cycle_id=int(builds_on_id)) if builds_on_id else None
    )
    return data


def _cycle(pa: ProjectAccess, cycle_id: int) -> PdsaCycle:
    cycle = selectors.pdsa_cycle_get(project=pa.project, cycle_id=cycle_id)
    if cycle is None:
        raise Http404
    return cycle


def _cycle_url(pa: ProjectAccess, cycle: PdsaCycle) -> str:
    return reverse("projects:pdsa_detail", args=[pa.org.organisation.slug, pa.project.pk, cycle.pk])


@org_view("staff")
@once_per_submission
def pdsa_create(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    form = _plan_form(request, pa)
    if request.method == "POST" and form.is_valid():
        cycle = call_service(
            form,
            lambda: services.pdsa_cycle_plan(actor=request.user, project=pa.project, **_plan_values(pa, form)),
        )
        if cycle is not None:
            messages.success(request, f"{cycle} planned")
            return redirect(_cycle_url(pa, cycle))
    return render(request, "projects/pdsa_plan.jinja", page_context(pa, form=form, cycle=None))


@org_view("staff")
def pdsa_plan_edit(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, cycle_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    cycle = _cycle(pa, cycle_id)
    form = track_edits(_plan_form(request, pa, cycle))
    if request.method == "POST" and form.is_valid():
        saved = call_edit_service(
            form,
            lambda base: services.pdsa_cycle_update_plan(
                actor=request.user, cycle=cycle, base=base, **_plan_values(pa, form)
            ),
        )
        if saved is not None:
            messages.success(request, "Plan saved")
            return redirect(_cycle_url(pa, cycle))
    return render(request, "projects/pdsa_plan.jinja", page_context(pa, form=form, cycle=cycle))


@org_view("staff")
def pdsa_detail(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, cycle_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    cycle = _cycle(pa, cycle_id)
    rebase_offers: list[tuple[str, str]] = []
    # The measures belong to the owning organisation: no offer to a partner organisation's editor.
    if cycle.act_decision == "adopt" and cycle.completed_on and pa.can_edit and pa.is_owner:
        # An adopted change may have shifted the process: offer to recalculate each linked
        # measure's limits from the decision date (the measure page asks for the reason).
        rebase_offers = [
            (
                link.label,
                reverse("measures:chart_event_add", args=[access.organisation.slug, link.ref_id])
                + f"?kind=rebase&period={cycle.completed_on.isoformat()}",
            )
            for link in selectors.project_links(project=pa.project).filter(kind="measure")
        ]
    return render(request, "projects/pdsa_detail.jinja", page_context(pa, cycle=cycle, rebase_offers=rebase_offers))


@org_view("staff")
def pdsa_do(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, cycle_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    cycle = _cycle(pa, cycle_id)
    initial = {"what_happened": cycle.do_what_happened, "observations": cycle.do_observations}
    form = PdsaDoForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.pdsa_cycle_record_do(actor=request.user, cycle=cycle, **form.cleaned_data),
            refused_field="what_happened",
        )
        if saved is not None:
            messages.success(request, "What happened is recorded. Next, study the results.")
            return redirect(_cycle_url(pa, cycle))
    return render(request, "projects/pdsa_step.jinja", page_context(pa, form=form, cycle=cycle, step="Do"))


@org_view("staff")
def pdsa_study(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, cycle_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    cycle = _cycle(pa, cycle_id)
    form = track_edits(PdsaStudyForm(request.POST or None, initial={"results": cycle.study_results}))
    if request.method == "POST" and form.is_valid():
        saved = call_edit_service(
            form,
            lambda base: services.pdsa_cycle_record_study(
                actor=request.user,
                cycle=cycle,
                results=form.cleaned_data["results"],
                base=base,
            ),
        )
        if saved is not None:
            messages.success(request, "Results recorded. Next, decide what to do with the change.")
            return redirect(_cycle_url(pa, cycle))
    return render(request, "projects/pdsa_step.jinja", page_context(pa, form=form, cycle=cycle, step="Study"))


@org_view("staff")
def pdsa_act(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, cycle_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    cycle = _cycle(pa, cycle_id)
    form = PdsaActForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.pdsa_cycle_complete(
                actor=request.user,
                cycle=cycle,
                decision=form.cleaned_data["decision"],
                next_steps=form.cleaned_data["next_steps"],
            ),
            refused_field="decision",
        )
        if saved is not None:
            messages.success(request, f"{saved} is complete: {saved.get_status_display().lower()}")
            return redirect(_cycle_url(pa, cycle))
    return render(request, "projects/pdsa_step.jinja", page_context(pa, form=form, cycle=cycle, step="Act"))
