"""Finding causes: fishbone diagrams and 5 whys chains."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view
from openqi.projects import selectors, services
from openqi.projects.access import ProjectAccess
from openqi.projects.forms import FishboneCauseForm, FishboneForm, WhyChainForm, WhyStepForm
from openqi.projects.models import MAX_WHYS, CauseCategory, Fishbone, WhyChain
from openqi.projects.presenters import FishbonePresenter
from openqi.projects.views.common import page_context, project_for


def _fishbone(pa: ProjectAccess, fishbone_id: int) -> Fishbone:
    fishbone = selectors.fishbone_get(project=pa.project, fishbone_id=fishbone_id)
    if fishbone is None:
        raise Http404
    return fishbone


def _chain(pa: ProjectAccess, chain_id: int) -> WhyChain:
    chain = selectors.why_chain_get(project=pa.project, chain_id=chain_id)
    if chain is None:
        raise Http404
    return chain


def _fishbone_url(pa: ProjectAccess, fishbone: Fishbone) -> str:
    return reverse("projects:fishbone_detail", args=[pa.org.organisation.slug, pa.project.pk, fishbone.pk])


def _chain_url(pa: ProjectAccess, chain: WhyChain) -> str:
    return reverse("projects:why_chain_detail", args=[pa.org.organisation.slug, pa.project.pk, chain.pk])


@org_view("staff")
def cause_list(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    return render(
        request,
        "projects/cause_list.jinja",
        page_context(
            pa,
            fishbones=list(selectors.fishbone_list(project=pa.project)),
            chains=list(selectors.why_chain_list(project=pa.project)),
            process_maps=list(selectors.process_map_list(project=pa.project)),
        ),
    )


@org_view("staff")
@once_per_submission
def fishbone_create(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    form = FishboneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fishbone = call_service(
            form,
            lambda: services.fishbone_create(
                actor=request.user,
                project=pa.project,
                problem=form.cleaned_data["problem"],
            ),
        )
        if fishbone is not None:
            messages.success(request, "Fishbone diagram started. Add the possible causes.")
            return redirect(_fishbone_url(pa, fishbone))
    return render(request, "projects/fishbone_create.jinja", page_context(pa, form=form))


@org_view("staff")
@once_per_submission
def fishbone_detail(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, fishbone_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    fishbone = _fishbone(pa, fishbone_id)
    form = FishboneCauseForm(request.POST or None)
    if request.method == "POST":
        pa.require_edit()
        if form.is_valid():
            cause = call_service(
                form,
                lambda: services.fishbone_cause_add(
                    actor=request.user,
                    fishbone=fishbone,
                    category=form.cleaned_data["category"],
                    text=form.cleaned_data["text"],
                ),
            )
            if cause is not None:
                messages.success(request, f"Added ‘{cause.text}’ under {cause.get_category_display()}")
                return redirect(_fishbone_url(pa, fishbone))
    causes = list(selectors.fishbone_causes(fishbone=fishbone))
    groups = [(label, [c for c in causes if c.category == value]) for value, label in CauseCategory.choices]
    diagram = FishbonePresenter(problem=fishbone.problem, causes=[(c.category, c.text) for c in causes]).diagram()
    return render(
        request,
        "projects/fishbone_detail.jinja",
        page_context(pa, fishbone=fishbone, form=form, groups=groups, diagram=diagram),
    )


@org_view("staff")
def fishbone_cause_remove(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, fishbone_id: int, cause_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    fishbone = _fishbone(pa, fishbone_id)
    cause = selectors.fishbone_cause_get(fishbone=fishbone, cause_id=cause_id)
    if cause is None:
        raise Http404

    def done() -> HttpResponse:
        messages.success(request, f"Removed ‘{cause.text}’")
        return redirect(_fishbone_url(pa, fishbone))

    return confirm_then(
        request,
        Confirmation(
            title=f"Remove the cause ‘{cause.text}’?",
            caption=f"Fishbone: {fishbone.problem}",
            button="Remove cause",
            cancel_url=_fishbone_url(pa, fishbone),
            body=(
                f"The cause leaves the {cause.get_category_display().lower()} branch of the diagram. "
                "Its category and wording are kept in the audit log.",
            ),
        ),
        act=lambda: services.fishbone_cause_remove(actor=request.user, cause=cause),
        done=done,
        **page_context(pa),
    )


@org_view("staff")
@once_per_submission
def why_chain_create(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    form = WhyChainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chain = call_service(
            form,
            lambda: services.why_chain_create(
                actor=request.user,
                project=pa.project,
                problem=form.cleaned_data["problem"],
            ),
        )
        if chain is not None:
            messages.success(request, "5 whys started. Ask why the problem happens.")
            return redirect(_chain_url(pa, chain))
    return render(request, "projects/why_chain_create.jinja", page_context(pa, form=form))


@org_view("staff")
@once_per_submission
def why_chain_detail(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, chain_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    chain = _chain(pa, chain_id)
    form = WhyStepForm(request.POST or None)
    if request.method == "POST":
        pa.require_edit()
        if form.is_valid():
            step = call_service(
                form,
                lambda: services.why_step_add(
                    actor=request.user,
                    chain=chain,
                    answer=form.cleaned_data["answer"],
                ),
            )
            if step is not None:
                messages.success(request, f"Why {step.position} added")
                return redirect(_chain_url(pa, chain))
    steps = list(chain.steps.all())
    return render(
        request,
        "projects/why_chain_detail.jinja",
        page_context(pa, chain=chain, steps=steps, form=form, can_add=len(steps) < MAX_WHYS, max_whys=MAX_WHYS),
    )


@org_view("staff")
def why_step_remove(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, chain_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    chain = _chain(pa, chain_id)
    last = chain.steps.order_by("-position").first()
    if last is None:
        raise Http404

    def done() -> HttpResponse:
        messages.success(request, "Removed the last answer")
        return redirect(_chain_url(pa, chain))

    return confirm_then(
        request,
        Confirmation(
            title=f"Remove why {last.position}?",
            caption=f"5 whys: {chain.problem}",
            button="Remove answer",
            cancel_url=_chain_url(pa, chain),
            body=(f"‘{last.answer}’ will be removed from the chain. Its wording is kept in the audit log.",),
        ),
        act=lambda: services.why_step_remove_last(actor=request.user, chain=chain),
        done=done,
        **page_context(pa),
    )
