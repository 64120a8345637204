"""The driver diagram editor: an outline with plain buttons, drawn as SVG; removing a box asks
first, archives it, offers Undo, and the removed boxes page restores it later."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.concurrency import call_edit_service, track_edits
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service, call_service_from_button
from openqi.core.submission import once_per_submission
from openqi.core.undo import undo_message
from openqi.organisations.access import OrgAccess, org_view
from openqi.projects import selectors, services
from openqi.projects.forms import (
    DriverNodeForm,
)
from openqi.projects.presenters import DriverDiagramPresenter, flatten
from openqi.projects.views.common import aim_of, id_from_query, page_context, project_for


@org_view("staff")
def driver_diagram(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    outline = selectors.driver_nodes(project=pa.project)
    aim = aim_of(pa.project)
    form = DriverNodeForm()
    return render(
        request,
        "projects/driver_diagram.jinja",
        page_context(
            pa,
            outline=outline,
            aim=aim,
            form=form,
            diagram=DriverDiagramPresenter(aim=aim, roots=outline).diagram(),
        ),
    )


@org_view("staff")
@once_per_submission
def driver_add(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    parent_value = request.POST.get("parent") or request.GET.get("parent") or ""
    parent = None
    if parent_value:
        parent = (
            selectors.driver_node_get(project=pa.project, node_id=parent_id)
            if (parent_id := id_from_query(parent_value))
            else None
        )
        if parent is None:
            raise Http404
    form = DriverNodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        node = call_service(
            form,
            lambda: services.driver_node_add(
                actor=request.user,
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
        page_context(
            pa, form=form, parent=parent, level=("Primary driver", "Secondary driver", "Change idea")[min(depth, 3) - 1]
        ),
    )


@org_view("staff")
def driver_rename(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, node_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_edit()
    node = selectors.driver_node_get(project=pa.project, node_id=node_id)
    if node is None:
        raise Http404
    form = track_edits(DriverNodeForm(request.POST or None, initial={"text": node.text}))
    if request.method == "POST" and form.is_valid():
        saved = call_edit_service(
            form,
            lambda base: services.driver_node_rename(
                actor=request.user, node=node, text=form.cleaned_data["text"], base=base
            ),
        )
        if saved is not None:
            messages.success(request, f"Renamed to ‘{saved.text}’")
            return redirect(
                reverse("projects:driver_diagram", args=[access.organisation.slug, pa.project.pk]) + f"#node-{node.pk}"
            )
    return render(request, "projects/driver_rename.jinja", page_context(pa, form=form, node=node))


@org_view("staff")
@require_POST
def driver_change(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, node_id: int) -> HttpResponse:
    """The outline's plain buttons: up, down, indent and outdent."""
    pa = project_for(request, access, project_id)
    pa.require_edit()
    node = selectors.driver_node_get(project=pa.project, node_id=node_id)
    if node is None:
        raise Http404
    action = request.POST.get("action", "")
    anchor = f"#node-{node.pk}"
    if action in ("delete", "remove"):
        # Removing always asks first, on its own page.
        return redirect("projects:driver_remove", access.organisation.slug, pa.project.pk, node.pk)
    if call_service_from_button(
        request, lambda: services.driver_node_move(actor=request.user, node=node, direction=action)
    ):
        messages.success(request, f"Moved ‘{node.text}’ {MOVE_WORDS.get(action, action)}")
    return redirect(reverse("projects:driver_diagram", args=[access.organisation.slug, pa.project.pk]) + anchor)


MOVE_WORDS = {"up": "up", "down": "down", "indent": "right (under the box above)", "outdent": "left"}


def _diagram_url(access: OrgAccess, project_id: int, anchor: str = "") -> str:
    return reverse("projects:driver_diagram", args=[access.organisation.slug, project_id]) + anchor


@org_view("staff")
def driver_remove(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, node_id: int) -> HttpResponse:
    """Ask, then archive the box; the next page offers Undo."""
    pa = project_for(request, access, project_id)
    pa.require_edit()
    node = selectors.driver_node_get(project=pa.project, node_id=node_id)
    if node is None:
        raise Http404
    level = next((n.level_label for n in flatten(selectors.driver_nodes(project=pa.project)) if n.id == node.pk), "Box")

    def done() -> HttpResponse:
        undo_message(
            request,
            f"Removed ‘{node.text}’ from the driver diagram",
            undo_url=reverse("projects:driver_restore", args=[access.organisation.slug, pa.project.pk, node.pk]),
        )
        return redirect(_diagram_url(access, pa.project.pk, "#outline"))

    cycles = node.pdsa_cycles.count()
    if cycles == 1:
        kept = "Its PDSA cycle keeps its link to it."
    elif cycles:
        kept = f"Its {cycles} PDSA cycles keep their link to it."
    else:
        kept = "No PDSA cycles are linked to it."
    return confirm_then(
        request,
        Confirmation(
            title=f"Remove ‘{node.text}’?",
            caption=f"{pa.project.title}: {level.lower()}",
            button=f"Remove {level.lower()}",
            cancel_url=_diagram_url(access, pa.project.pk, f"#node-{node.pk}"),
            body=(
                f"The {level.lower()} leaves the driver diagram and the lists of change ideas. {kept}",
                "You can undo this straight away, or restore it later from the removed boxes page. "
                "Removing it is recorded in the audit log.",
            ),
        ),
        act=lambda: services.driver_node_remove(actor=request.user, node=node),
        done=done,
        **page_context(pa),
    )


@org_view("staff")
@require_POST
def driver_restore(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, node_id: int) -> HttpResponse:
    """Undo a removal (the Undo button) or restore from the removed boxes page."""
    pa = project_for(request, access, project_id)
    pa.require_edit()
    node = selectors.driver_node_get(project=pa.project, node_id=node_id, include_archived=True)
    if node is None:
        raise Http404
    if call_service_from_button(request, lambda: services.driver_node_restore(actor=request.user, node=node)):
        messages.success(request, f"Restored ‘{node.text}’ to the driver diagram")
        return redirect(_diagram_url(access, pa.project.pk, f"#node-{node.pk}"))
    return redirect("projects:driver_removed", access.organisation.slug, pa.project.pk)


@org_view("staff")
def driver_removed(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    return render(
        request,
        "projects/driver_removed.jinja",
        page_context(pa, removed=selectors.driver_nodes_removed(project=pa.project)),
    )
