"""Project pages. Views are thin: resolve the project through `project_access_get` (404 when
hidden), check the project role, call one service, render."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.core.forms_util import call_service
from openqi.core.pagination import page_links, paginate
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.selectors import team_list
from openqi.projects import selectors, services
from openqi.projects.access import ProjectAccess, project_access_get
from openqi.projects.forms import (
    AimForm,
    DriverNodeForm,
    PdsaActForm,
    PdsaDoForm,
    PdsaPlanForm,
    PdsaStudyForm,
    ProgressForm,
    ProjectCopyForm,
    ProjectEditForm,
    ProjectForm,
    ProjectLinkForm,
    ProjectMemberForm,
)
from openqi.projects.models import Domain, PdsaCycle, Stage
from openqi.projects.presenters import DriverDiagramPresenter, aim_sentence, flatten
from openqi.projects.scoring import progress_suggest


def _user_id(request: HttpRequest) -> int:
    # org_view has already sent anyone signed out to sign in.
    return int(request.user.pk or 0)


def _project(request: HttpRequest, access: OrgAccess, project_id: int) -> ProjectAccess:
    return project_access_get(access=access, user_id=_user_id(request), project_id=project_id)


def _aim(project: Any) -> str:
    return aim_sentence(
        what=project.aim_what,
        amount=project.aim_amount,
        unit=project.aim_unit,
        by=project.aim_by,
        for_whom=project.aim_for_whom,
    )


def _detail_url(pa: ProjectAccess) -> str:
    return reverse("projects:project_detail", args=[pa.project.organisation.slug, pa.project.pk])


def _context(pa: ProjectAccess, **extra: Any) -> dict[str, Any]:
    return {"pa": pa, "project": pa.project, "organisation": pa.project.organisation, **extra}


# --- list, create, detail, edit ------------------------------------------------------------------


@org_view("partner")
def project_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    team = request.GET.get("team", "")
    domain = request.GET.get("domain", "") if request.GET.get("domain") in Domain.values else ""
    stage = request.GET.get("stage", "") if request.GET.get("stage") in Stage.values else ""
    team_id = int(team) if team.isdigit() else None
    projects = selectors.project_list(
        access=access, user_id=_user_id(request), query=query, team_id=team_id, domain=domain, stage=stage
    )
    page = paginate(request, projects)
    is_partner = access.role == "partner"
    ics = (
        []
        if is_partner
        else list(
            selectors.project_list_ics_public(
                organisation=access.organisation, query=query, domain=domain, stage=stage
            )[:25]
        )
    )
    return render(
        request,
        "projects/project_list.jinja",
        {
            "access": access,
            "organisation": access.organisation,
            "page": page,
            "pagination": page_links(request, page),
            "filters": {"q": query, "team": team, "domain": domain, "stage": stage},
            "teams": team_list(organisation=access.organisation),
            "domains": Domain.choices,
            "stages": Stage.choices,
            "ics_projects": [(p, _aim(p)) for p in ics],
            "can_create": not is_partner,
            "searched": bool(query or team_id or domain or stage),
        },
    )


@org_view("staff")
def project_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = ProjectForm(request.POST or None, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        project = call_service(
            form,
            lambda: services.project_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=access.organisation,
                title=data["title"],
                problem=data["problem"],
                team=data["team"],
                domains=data["domains"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                visibility=data["visibility"],
            ),
        )
        if project is not None:
            messages.success(request, f"Project ‘{project.title}’ started. Next, write the aim.")
            return redirect("projects:project_detail", access.organisation.slug, project.pk)
    return render(request, "projects/project_create.jinja", {"form": form, "organisation": access.organisation})


@org_view("partner")
def project_detail(request: HttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    data = selectors.project_view_get(project_access=pa)
    suggestion = progress_suggest(data["evidence"])  # type: ignore[arg-type]
    template = "projects/project_summary.jinja" if pa.is_partner else "projects/project_detail.jinja"
    return render(
        request,
        template,
        _context(
            pa,
            aim=_aim(pa.project),
            suggestion=suggestion,
            stages=Stage.choices,
            diagram=DriverDiagramPresenter(aim=_aim(pa.project), roots=data["outline"]).diagram(),  # type: ignore[arg-type]
            **data,
        ),
    )


@org_view("staff")
def project_edit(request: HttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_lead()
    project = pa.project
    initial = {
        "title": project.title,
        "problem": project.problem,
        "team": str(project.team_id or ""),
        "domains": project.domains,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "visibility": project.visibility,
        "stage": project.stage,
    }
    form = ProjectEditForm(request.POST or None, initial=initial, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.project_update(actor=request.user, project=project, **form.cleaned_data),  # type: ignore[arg-type]
        )
        if saved is not None:
            messages.success(request, "Project details saved")
            return redirect(_detail_url(pa))
    return render(request, "projects/project_edit.jinja", _context(pa, form=form))


@org_view("staff")
def project_copy(request: HttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    form = ProjectCopyForm(request.POST or None, initial={"title": f"{pa.project.title} (copy)"})
    if request.method == "POST" and form.is_valid():
        copy = call_service(
            form,
            lambda: services.project_copy(actor=request.user, source=pa.project, title=form.cleaned_data["title"]),  # type: ignore[arg-type]
            refused_field="title",
        )
        if copy is not None:
            messages.success(request, f"Project ‘{copy.title}’ started from ‘{pa.project.title}’")
            return redirect("projects:project_detail", access.organisation.slug, copy.pk)
    return render(request, "projects/project_copy.jinja", _context(pa, form=form))


@org_view("staff")
def aim_edit(request: HttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_lead()
    project = pa.project
    initial = {
        "what": project.aim_what,
        "amount": project.aim_amount,
        "unit": project.aim_unit,
        "by": project.aim_by,
        "for_whom": project.aim_for_whom,
    }
    form = AimForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            lambda: services.project_aim_set(
                actor=request.user,  # type: ignore[arg-type]
                project=project,
                what=data["what"],
                amount=data["amount"],
                unit=data["unit"],
                by=data["by"],
                for_whom=data["for_whom"],
            ),
        )
        if saved is not None:
            messages.success(request, f"Aim saved: {_aim(saved)}")
            return redirect(_detail_url(pa))
    return render(request, "projects/aim_edit.jinja", _context(pa, form=form, aim=_aim(project)))


# --- members and links ---------------------------------------------------------------------------


@org_view("staff")
def member_list(request: HttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    people = [
        (str(m.user_id), f"{m.user.display_name} ({m.get_role_display()})")
        for m in selectors.membership_choices(organisation=access.organisation)
    ]
    form = ProjectMemberForm(request.POST or None, people=people)
    if request.method == "POST":
        pa.require_lead()
        if form.is_valid():
            membership = (
                selectors.membership_choices(organisation=access.organisation)
                .filter(user_id=form.cleaned_data["user"])
                .first()
            )
            if membership is None:
                form.add_error("user", "Choose a person from the list")
            else:
                member = call_service(
                    form,
                    lambda: services.project_member_add(
                        actor=request.user,  # type: ignore[arg-type]
                        project=pa.project,
                        user=membership.user,
                        role=form.cleaned_data["role"],
                    ),
                )
                if member is not None:
                    messages.success(request, f"{member.user.display_name} is now {member.get_role_display()}")
                    return redirect("projects:member_list", access.organisation.slug, pa.project.pk)
    return render(
        request,
        "projects/member_list.jinja",
        _context(pa, form=form, members=list(selectors.project_members(project=pa.project))),
    )


@org_view("staff")
@require_POST
def member_remove(request: HttpRequest, access: OrgAccess, project_id: int, member_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_lead()
    member = selectors.project_member_get(project=pa.project, member_id=member_id)
    if member is None:
        raise Http404
    try:
        services.project_member_remove(actor=request.user, member=member)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member.user.display_name} removed from the project")
    return redirect("projects:member_list", access.organisation.slug, pa.project.pk)


@org_view("staff")
def link_list(request: HttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    form = ProjectLinkForm(request.POST or None)
    if request.method == "POST":
        pa.require_lead()
        if form.is_valid():
            data = form.cleaned_data
            link = call_service(
                form,
                lambda: services.project_link_add(
                    actor=request.user,  # type: ignore[arg-type]
                    project=pa.project,
                    kind=data["kind"],
                    ref_id=data["ref_id"],
                    label=data["label"],
                    has_baseline=data["has_baseline"],
                    evidence=data["evidence"] if data["kind"] == "measure" else "",
                ),
            )
            if link is not None:
                messages.success(request, f"Linked {link}")
                return redirect("projects:link_list", access.organisation.slug, pa.project.pk)
    return render(
        request,
        "projects/link_list.jinja",
        _context(pa, form=form, links=list(selectors.project_links(project=pa.project))),
    )


@org_view("staff")
@require_POST
def link_remove(request: HttpRequest, access: OrgAccess, project_id: int, link_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_lead()
    link = selectors.project_link_get(project=pa.project, link_id=link_id)
    if link is None:
        raise Http404
    services.project_link_remove(actor=request.user, link=link)  # type: ignore[arg-type]
    messages.success(request, f"Removed the link to {link}")
    return redirect("projects:link_list", access.organisation.slug, pa.project.pk)


# --- driver diagram ------------------------------------------------------------------------------


@org_view("staff")
def driver_diagram(request: HttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    outline = selectors.driver_nodes(project=pa.project)
    aim = _aim(pa.project)
    form = DriverNodeForm()
    return render(
        request,
        "projects/driver_diagram.jinja",
        _context(
            pa,
            outline=outline,
            aim=aim,
            form=form,
            diagram=DriverDiagramPresenter(aim=aim, roots=outline).diagram(),
        ),
    )


@org_view("staff")
def driver_add(request: HttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_edit()
    parent_value = request.POST.get("parent") or request.GET.get("parent") or ""
    parent = None
    if parent_value:
        parent = (
            selectors.driver_node_get(project=pa.project, node_id=int(parent_value)) if parent_value.isdigit() else None
        )
        if parent is None:
            raise Http404
    form = DriverNodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        node = call_service(
            form,
            lambda: services.driver_node_add(
                actor=request.user,  # type: ignore[arg-type]
                project=pa.project,
                text=form.cleaned_data["text"],
                parent=parent,
            ),
            refused_field="text",
        )
        if node is not None:
            messages.success(request, f"Added ‘{node.text}’")
            return redirect(
                reverse("projects:driver_diagram", args=[access.organisation.slug, pa.project.pk]) + f"#node-{node.pk}"
            )
    depth = 1
    if parent is not None:
        depth = next((n.depth for n in flatten(selectors.driver_nodes(project=pa.project)) if n.id == parent.pk), 1) + 1
    return render(
        request,
        "projects/driver_add.jinja",
        _context(
            pa, form=form, parent=parent, level=("Primary driver", "Secondary driver", "Change idea")[min(depth, 3) - 1]
        ),
    )


@org_view("staff")
def driver_rename(request: HttpRequest, access: OrgAccess, project_id: int, node_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_edit()
    node = selectors.driver_node_get(project=pa.project, node_id=node_id)
    if node is None:
        raise Http404
    form = DriverNodeForm(request.POST or None, initial={"text": node.text})
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.driver_node_rename(actor=request.user, node=node, text=form.cleaned_data["text"]),  # type: ignore[arg-type]
        )
        if saved is not None:
            messages.success(request, f"Renamed to ‘{saved.text}’")
            return redirect(
                reverse("projects:driver_diagram", args=[access.organisation.slug, pa.project.pk]) + f"#node-{node.pk}"
            )
    return render(request, "projects/driver_rename.jinja", _context(pa, form=form, node=node))


@org_view("staff")
@require_POST
def driver_change(request: HttpRequest, access: OrgAccess, project_id: int, node_id: int) -> HttpResponse:
    """The outline's plain buttons: up, down, indent, outdent and delete."""
    pa = _project(request, access, project_id)
    pa.require_edit()
    node = selectors.driver_node_get(project=pa.project, node_id=node_id)
    if node is None:
        raise Http404
    action = request.POST.get("action", "")
    anchor = f"#node-{node.pk}"
    try:
        if action == "delete":
            services.driver_node_delete(actor=request.user, node=node)  # type: ignore[arg-type]
            messages.success(request, f"Deleted ‘{node.text}’")
            anchor = ""
        else:
            services.driver_node_move(actor=request.user, node=node, direction=action)  # type: ignore[arg-type]
            messages.success(request, f"Moved ‘{node.text}’ {MOVE_WORDS.get(action, action)}")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("projects:driver_diagram", args=[access.organisation.slug, pa.project.pk]) + anchor)


MOVE_WORDS = {"up": "up", "down": "down", "indent": "right (under the box above)", "outdent": "left"}


# --- PDSA cycles ---------------------------------------------------------------------------------


def _plan_form(request: HttpRequest, pa: ProjectAccess, cycle: PdsaCycle | None = None) -> PdsaPlanForm:
    ideas = [(str(n.id), n.text) for n in selectors.change_ideas(project=pa.project)]
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
    data["change_idea"] = selectors.driver_node_get(project=pa.project, node_id=int(idea_id)) if idea_id else None
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
    return reverse("projects:pdsa_detail", args=[pa.project.organisation.slug, pa.project.pk, cycle.pk])


@org_view("staff")
def pdsa_create(request: HttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_edit()
    form = _plan_form(request, pa)
    if request.method == "POST" and form.is_valid():
        cycle = call_service(
            form,
            lambda: services.pdsa_cycle_plan(actor=request.user, project=pa.project, **_plan_values(pa, form)),  # type: ignore[arg-type]
        )
        if cycle is not None:
            messages.success(request, f"{cycle} planned")
            return redirect(_cycle_url(pa, cycle))
    return render(request, "projects/pdsa_plan.jinja", _context(pa, form=form, cycle=None))


@org_view("staff")
def pdsa_plan_edit(request: HttpRequest, access: OrgAccess, project_id: int, cycle_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_edit()
    cycle = _cycle(pa, cycle_id)
    form = _plan_form(request, pa, cycle)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.pdsa_cycle_update_plan(actor=request.user, cycle=cycle, **_plan_values(pa, form)),  # type: ignore[arg-type]
        )
        if saved is not None:
            messages.success(request, "Plan saved")
            return redirect(_cycle_url(pa, cycle))
    return render(request, "projects/pdsa_plan.jinja", _context(pa, form=form, cycle=cycle))


@org_view("staff")
def pdsa_detail(request: HttpRequest, access: OrgAccess, project_id: int, cycle_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    return render(request, "projects/pdsa_detail.jinja", _context(pa, cycle=_cycle(pa, cycle_id)))


@org_view("staff")
def pdsa_do(request: HttpRequest, access: OrgAccess, project_id: int, cycle_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_edit()
    cycle = _cycle(pa, cycle_id)
    initial = {"what_happened": cycle.do_what_happened, "observations": cycle.do_observations}
    form = PdsaDoForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.pdsa_cycle_record_do(actor=request.user, cycle=cycle, **form.cleaned_data),  # type: ignore[arg-type]
            refused_field="what_happened",
        )
        if saved is not None:
            messages.success(request, "What happened is recorded. Next, study the results.")
            return redirect(_cycle_url(pa, cycle))
    return render(request, "projects/pdsa_step.jinja", _context(pa, form=form, cycle=cycle, step="Do"))


@org_view("staff")
def pdsa_study(request: HttpRequest, access: OrgAccess, project_id: int, cycle_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_edit()
    cycle = _cycle(pa, cycle_id)
    form = PdsaStudyForm(request.POST or None, initial={"results": cycle.study_results})
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.pdsa_cycle_record_study(
                actor=request.user,  # type: ignore[arg-type]
                cycle=cycle,
                results=form.cleaned_data["results"],
            ),
            refused_field="results",
        )
        if saved is not None:
            messages.success(request, "Results recorded. Next, decide what to do with the change.")
            return redirect(_cycle_url(pa, cycle))
    return render(request, "projects/pdsa_step.jinja", _context(pa, form=form, cycle=cycle, step="Study"))


@org_view("staff")
def pdsa_act(request: HttpRequest, access: OrgAccess, project_id: int, cycle_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_edit()
    cycle = _cycle(pa, cycle_id)
    form = PdsaActForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.pdsa_cycle_complete(
                actor=request.user,  # type: ignore[arg-type]
                cycle=cycle,
                decision=form.cleaned_data["decision"],
                next_steps=form.cleaned_data["next_steps"],
            ),
            refused_field="decision",
        )
        if saved is not None:
            messages.success(request, f"{saved} is complete: {saved.get_status_display().lower()}")
            return redirect(_cycle_url(pa, cycle))
    return render(request, "projects/pdsa_step.jinja", _context(pa, form=form, cycle=cycle, step="Act"))


# --- progress score ------------------------------------------------------------------------------


@org_view("staff")
def progress(request: HttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = _project(request, access, project_id)
    pa.require_lead()
    suggestion = progress_suggest(selectors.progress_evidence(project=pa.project))
    current = pa.project.progress_score if pa.project.progress_score is not None else suggestion.score
    form = ProgressForm(request.POST or None, initial={"score": f"{current:.1f}", "reason": pa.project.progress_reason})
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.project_progress_set(
                actor=request.user,  # type: ignore[arg-type]
                project=pa.project,
                score=Decimal(form.cleaned_data["score"]),
                suggested=suggestion.score,
                reason=form.cleaned_data["reason"],
            ),
        )
        if saved is not None:
            messages.success(request, f"Progress score set to {saved.progress_score}")
            return redirect(_detail_url(pa))
    return render(request, "projects/progress.jinja", _context(pa, form=form, suggestion=suggestion))
