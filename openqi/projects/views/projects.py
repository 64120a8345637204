"""Project pages: archive, start, overview, details, aim, team, links, progress score."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.concurrency import call_edit_service, track_edits
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.selectors import team_list
from openqi.projects import selectors, services
from openqi.projects.extensions import project_panels
from openqi.projects.forms import (
    AimForm,
    LinkEvidenceForm,
    ProgressForm,
    ProjectCopyForm,
    ProjectEditForm,
    ProjectLinkForm,
    ProjectMemberForm,
)
from openqi.projects.measure_refs import measure_evidence, measure_summaries
from openqi.projects.models import Stage
from openqi.projects.presenters import CycleSpan, DriverDiagramPresenter, PdsaTimelinePresenter
from openqi.projects.scoring import measure_statement, progress_suggest
from openqi.projects.views.common import aim_of, detail_url, id_from_query, page_context, project_for, user_id_of
from openqi.projects.views.involvement import partner_involvement
from openqi.projects.views.spread import spread_context
from openqi.vocabulary import Domain, MeasureType


@org_view("partner")
def project_list(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    team = request.GET.get("team", "")
    domain = request.GET.get("domain", "") if request.GET.get("domain") in Domain.values else ""
    stage = request.GET.get("stage", "") if request.GET.get("stage") in Stage.values else ""
    measure_type = request.GET.get("measure_type", "") if request.GET.get("measure_type") in MeasureType.values else ""
    team_id = id_from_query(team)
    shared = request.GET.get("shared") == "1"
    archived = request.GET.get("archived") == "1"
    projects = selectors.project_list(
        access=access,
        user_id=user_id_of(request),
        query=query,
        team_id=team_id,
        domain=domain,
        stage=stage,
        measure_type=measure_type,
        shared_only=shared,
        include_archived=archived,
    )
    page = paginate(request, projects)
    is_partner = access.role == "partner"
    ics = (
        []
        if is_partner
        else list(
            selectors.project_list_ics_public(
                organisation=access.organisation,
                query=query,
                domain=domain,
                stage=stage,
                measure_type=measure_type,
                include_archived=archived,
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
            "filters": {
                "q": query,
                "team": team,
                "domain": domain,
                "stage": stage,
                "measure_type": measure_type,
                "shared": "1" if shared else "",
                "archived": "1" if archived else "",
            },
            "measure_types": MeasureType.choices,
            "teams": team_list(organisation=access.organisation),
            "domains": Domain.choices,
            "stages": Stage.choices,
            "ics_projects": [(p, aim_of(p)) for p in ics],
            "can_create": not is_partner,
            "searched": bool(query or team_id or domain or stage or measure_type or shared or archived),
        },
    )


@org_view("partner")
def project_detail(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    data = selectors.project_view_get(project_access=pa)
    # The score cites what the linked measures' charts show to this reader, in the same words as
    # the report (`scoring.measure_statement`), so it cannot contradict the icons beside it.
    charts = measure_evidence(access=access, links=data.links, readable=pa.is_owner and not pa.is_partner)
    evidence = data.evidence.with_charts(charts)
    suggestion = progress_suggest(evidence)
    template = "projects/project_summary.jinja" if pa.is_partner else "projects/project_detail.jinja"
    spans = [CycleSpan(c.number, c.plan_when, c.completed_on, c.status, c.get_status_display()) for c in data.cycles]
    return render(
        request,
        template,
        page_context(
            pa,
            aim=aim_of(pa.project),
            suggestion=suggestion,
            stages=Stage.choices,
            panels=project_panels(pa),
            timeline=PdsaTimelinePresenter(cycles=spans, today=timezone.localdate()).timeline(),
            diagram=DriverDiagramPresenter(aim=aim_of(pa.project), roots=data.outline).diagram(),
            partners=list(selectors.project_partner_list(project=pa.project)),
            # Linked measures with their icons, for readers who may see them (measures app rules);
            # a partner organisation's reader of a shared project sees labels only.
            measure_info=measure_summaries(
                access=access,
                ref_ids=[
                    link.ref_id for link in data.links if link.kind == "measure" and pa.is_owner and not pa.is_partner
                ],
            ),
            **partner_involvement(pa, user_id_of(request)),
            **({} if pa.is_partner else spread_context(request, pa)),
            members=data.members,
            links=data.links,
            outline=data.outline,
            cycles=data.cycles,
            evidence=evidence,
            statements={
                link.ref_id: measure_statement(chart)
                for link, chart in zip([x for x in data.links if x.kind == "measure"], charts, strict=True)
                if chart.recorded or chart.improvement_points
            },
        ),
    )


@org_view("staff")
def project_edit(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
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
    form = track_edits(ProjectEditForm(request.POST or None, initial=initial, organisation=access.organisation))
    if request.method == "POST" and form.is_valid():
        saved = call_edit_service(
            form,
            lambda base: services.project_update(actor=request.user, project=project, base=base, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, "Project details saved")
            return redirect(detail_url(pa))
    return render(request, "projects/project_edit.jinja", page_context(pa, form=form))


@org_view("staff")
@once_per_submission
def project_copy(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    if not pa.is_owner:
        raise PermissionDenied("Only the organisation that leads this project can copy it.")
    form = ProjectCopyForm(request.POST or None, initial={"title": f"{pa.project.title} (copy)"})
    if request.method == "POST" and form.is_valid():
        copy = call_service(
            form,
            lambda: services.project_copy(actor=request.user, source=pa.project, title=form.cleaned_data["title"]),
            refused_field="title",
        )
        if copy is not None:
            messages.success(request, f"Project ‘{copy.title}’ started from ‘{pa.project.title}’")
            return redirect("projects:project_detail", access.organisation.slug, copy.pk)
    return render(request, "projects/project_copy.jinja", page_context(pa, form=form))


@org_view("staff")
def aim_edit(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    project = pa.project
    initial = {
        "what": project.aim_what,
        "amount": project.aim_amount,
        "unit": project.aim_unit,
        "by": project.aim_by,
        "for_whom": project.aim_for_whom,
    }
    form = track_edits(AimForm(request.POST or None, initial=initial))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_edit_service(
            form,
            lambda base: services.project_aim_set(
                actor=request.user,
                project=project,
                base=base,
                what=data["what"],
                amount=data["amount"],
                unit=data["unit"],
                by=data["by"],
                for_whom=data["for_whom"],
            ),
        )
        if saved is not None:
            messages.success(request, f"Aim saved: {aim_of(saved)}")
            return redirect(detail_url(pa))
    return render(request, "projects/aim_edit.jinja", page_context(pa, form=form, aim=aim_of(project)))


@org_view("staff")
@once_per_submission
def member_list(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    choices = selectors.membership_choices(organisation=access.organisation, project=pa.project)
    people: dict[str, str] = {}
    for m in choices:
        where = "" if m.organisation_id == pa.project.organisation_id else f", {m.organisation.name}"
        people.setdefault(str(m.user_id), f"{m.user.display_name} ({m.get_role_display()}{where})")
    form = ProjectMemberForm(request.POST or None, people=list(people.items()))
    if request.method == "POST":
        pa.require_lead()
        if form.is_valid():
            membership = choices.filter(user_id=form.cleaned_data["user"]).first()
            if membership is None:
                form.add_error("user", "Choose a person from the list")
            else:
                member = call_service(
                    form,
                    lambda: services.project_member_add(
                        actor=request.user,
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
        page_context(pa, form=form, members=list(selectors.project_members(project=pa.project))),
    )


@org_view("staff")
def member_remove(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, member_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    member = selectors.project_member_get(project=pa.project, member_id=member_id)
    if member is None:
        raise Http404

    def done() -> HttpResponse:
        messages.success(request, f"{member.user.display_name} removed from the project")
        return redirect("projects:member_list", access.organisation.slug, pa.project.pk)

    return confirm_then(
        request,
        Confirmation(
            title=f"Remove {member.user.display_name} from the project team?",
            caption=pa.project.title,
            button="Remove from the team",
            cancel_url=reverse("projects:member_list", args=[access.organisation.slug, pa.project.pk]),
            body=(
                f"They stop being the project's {member.get_role_display().lower()}. What they wrote stays. "
                "You can add them again; their role is kept in the audit log.",
            ),
        ),
        act=lambda: services.project_member_remove(actor=request.user, member=member),
        done=done,
        **page_context(pa),
    )


@org_view("staff")
@once_per_submission
def link_list(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    form = ProjectLinkForm(request.POST or None)
    if request.method == "POST":
        pa.require_lead()
        if form.is_valid():
            data = form.cleaned_data
            link = call_service(
                form,
                lambda: services.project_link_add(
                    actor=request.user,
                    project=pa.project,
                    kind=data["kind"],
                    ref_id=data["ref_id"],
                    label=data["label"],
                    has_baseline=data["has_baseline"],
                    evidence=data["evidence"] if data["kind"] == "measure" else "",
                    measure_type=data["measure_type"],
                ),
            )
            if link is not None:
                messages.success(request, f"Linked {link}")
                return redirect("projects:link_list", access.organisation.slug, pa.project.pk)
    return render(
        request,
        "projects/link_list.jinja",
        page_context(pa, form=form, links=list(selectors.project_links(project=pa.project))),
    )


@org_view("staff")
def link_edit(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, link_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    link = selectors.project_link_get(project=pa.project, link_id=link_id)
    if link is None or link.kind != "measure":
        raise Http404
    initial = {"has_baseline": link.has_baseline, "evidence": link.evidence or "none"}
    form = LinkEvidenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.project_link_evidence_set(
                actor=request.user,
                link=link,
                has_baseline=form.cleaned_data["has_baseline"],
                evidence=form.cleaned_data["evidence"],
            ),
        )
        if saved is not None:
            messages.success(request, f"Evidence for {saved.label} saved")
            return redirect("projects:link_list", access.organisation.slug, pa.project.pk)
    return render(request, "projects/link_edit.jinja", page_context(pa, form=form, link=link))


@org_view("staff")
def link_remove(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, link_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    link = selectors.project_link_get(project=pa.project, link_id=link_id)
    if link is None:
        raise Http404

    def done() -> HttpResponse:
        messages.success(request, f"Removed the link to {link}")
        return redirect("projects:link_list", access.organisation.slug, pa.project.pk)

    return confirm_then(
        request,
        Confirmation(
            title=f"Remove the link to {link.label}?",
            caption=pa.project.title,
            button="Remove link",
            cancel_url=reverse("projects:link_list", args=[access.organisation.slug, pa.project.pk]),
            body=(
                f"The {link.get_kind_display().lower()} itself is not changed; it is no longer part of this "
                "project, and the progress score no longer reads it.",
                "The link, with its baseline and evidence, is kept in the audit log.",
            ),
        ),
        act=lambda: services.project_link_remove(actor=request.user, link=link),
        done=done,
        **page_context(pa),
    )


@org_view("staff")
def progress(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    links = list(selectors.project_links(project=pa.project))
    charts = measure_evidence(access=access, links=links, readable=pa.is_owner)
    suggestion = progress_suggest(selectors.progress_evidence(project=pa.project).with_charts(charts))
    current = pa.project.progress_score if pa.project.progress_score is not None else suggestion.score
    form = ProgressForm(request.POST or None, initial={"score": f"{current:.1f}", "reason": pa.project.progress_reason})
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.project_progress_set(
                actor=request.user,
                project=pa.project,
                score=Decimal(form.cleaned_data["score"]),
                suggested=suggestion.score,
                reason=form.cleaned_data["reason"],
            ),
        )
        if saved is not None:
            messages.success(request, f"Progress score set to {saved.progress_score}")
            return redirect(detail_url(pa))
    return render(request, "projects/progress.jinja", page_context(pa, form=form, suggestion=suggestion))
