"""Process maps: the steps of a process, drawn as a flowchart with totals."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.submission import once_per_submission
from openqi.organisations.access import OrgAccess, org_view
from openqi.projects import selectors, services
from openqi.projects.access import ProjectAccess
from openqi.projects.forms import ProcessMapForm, ProcessStepForm
from openqi.projects.models import ProcessMap, ProcessStep
from openqi.projects.presenters import ProcessMapPresenter, StepValues
from openqi.projects.views.common import page_context, project_for


def _map(pa: ProjectAccess, map_id: int) -> ProcessMap:
    process_map = selectors.process_map_get(project=pa.project, map_id=map_id)
    if process_map is None:
        raise Http404
    return process_map


def _step(process_map: ProcessMap, step_id: int) -> ProcessStep:
    step = selectors.process_step_get(process_map=process_map, step_id=step_id)
    if step is None:
        raise Http404
    return step


def _map_url(pa: ProjectAccess, process_map: ProcessMap) -> str:
    return reverse("projects:process_map_detail", args=[pa.org.organisation.slug, pa.project.pk, process_map.pk])


@org_view("staff")
@once_per_submission
def process_map_create(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    form = ProcessMapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        process_map = call_service(
            form,
            lambda: services.process_map_create(
                actor=request.user,
                project=pa.project,
                title=form.cleaned_data["title"],
            ),
        )
        if process_map is not None:
            messages.success(request, "Process map started. Add the steps in order.")
            return redirect(_map_url(pa, process_map))
    return render(request, "projects/process_map_create.jinja", page_context(pa, form=form))


@org_view("staff")
@once_per_submission
def process_map_detail(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, map_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    process_map = _map(pa, map_id)
    form = ProcessStepForm(request.POST or None)
    if request.method == "POST":
        pa.require_edit()
        if form.is_valid():
            step = call_service(
                form,
                lambda: services.process_step_add(actor=request.user, process_map=process_map, **form.cleaned_data),
            )
            if step is not None:
                messages.success(request, f"Added ‘{step.text}’")
                return redirect(_map_url(pa, process_map) + f"#step-{step.pk}")
    steps = list(selectors.process_steps(process_map=process_map))
    diagram = ProcessMapPresenter(
        steps=[StepValues(s.kind, s.text, s.owner, s.minutes, s.value_adding) for s in steps]
    ).diagram()
    return render(
        request,
        "projects/process_map_detail.jinja",
        page_context(pa, process_map=process_map, steps=steps, form=form, diagram=diagram),
    )


@org_view("staff")
def process_step_edit(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, map_id: int, step_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    process_map = _map(pa, map_id)
    step = _step(process_map, step_id)
    initial = {name: getattr(step, name) for name in services.STEP_FIELDS}
    form = ProcessStepForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.process_step_update(actor=request.user, step=step, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, f"Saved ‘{saved.text}’")
            return redirect(_map_url(pa, process_map) + f"#step-{step.pk}")
    return render(
        request, "projects/process_step_edit.jinja", page_context(pa, process_map=process_map, step=step, form=form)
    )


@org_view("staff")
@require_POST
def process_step_change(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, map_id: int, step_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    process_map = _map(pa, map_id)
    step = _step(process_map, step_id)
    action = request.POST.get("action", "")
    if action == "delete":
        # Deleting always asks first, on its own page.
        return redirect(
            "projects:process_step_remove", access.organisation.slug, pa.project.pk, process_map.pk, step.pk
        )
    if call_service_from_button(
        request, lambda: services.process_step_change(actor=request.user, step=step, action=action)
    ):
        messages.success(request, f"Moved ‘{step.text}’ {action}")
    return redirect(_map_url(pa, process_map) + f"#step-{step.pk}")


@org_view("staff")
def process_step_remove(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, map_id: int, step_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    process_map = _map(pa, map_id)
    step = _step(process_map, step_id)

    def done() -> HttpResponse:
        messages.success(request, f"Deleted ‘{step.text}’")
        return redirect(_map_url(pa, process_map))

    return confirm_then(
        request,
        Confirmation(
            title=f"Delete the step ‘{step.text}’?",
            caption=f"Process map: {process_map.title}",
            button="Delete step",
            cancel_url=_map_url(pa, process_map) + f"#step-{step.pk}",
            body=(
                "The step leaves the process map and the totals. Its place, kind, owner and time are kept "
                "in the audit log.",
            ),
        ),
        act=lambda: services.process_step_change(actor=request.user, step=step, action="delete"),
        done=done,
        **page_context(pa),
    )
