"""Archive a project (asks first, offers Undo) and unarchive it (project leads)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.confirm import Confirmation, confirm_then
from openqi.core.forms_util import call_service_from_button
from openqi.core.undo import undo_message
from openqi.organisations.access import OrgAccess, org_view
from openqi.projects import services
from openqi.projects.views.common import detail_url, page_context, project_for


@org_view("staff")
def project_archive(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()

    def done() -> HttpResponse:
        undo_message(
            request,
            f"Project ‘{pa.project.title}’ archived",
            undo_url=reverse("projects:project_unarchive", args=[access.organisation.slug, pa.project.pk]),
        )
        return redirect("projects:project_list", access.organisation.slug)

    return confirm_then(
        request,
        Confirmation(
            title=f"Archive ‘{pa.project.title}’?",
            caption="Project",
            button="Archive project",
            cancel_url=detail_url(pa),
            body=(
                "The project leaves the project lists. Nothing is deleted: its aim, driver diagram, "
                "PDSA cycles, measures and stories stay, and anyone who could see it still can, "
                "by choosing ‘Include archived projects’ in the list or following a link to it.",
                "A project lead can unarchive it at any time. Archiving is recorded in the audit log.",
            ),
        ),
        act=lambda: services.project_archive(actor=request.user, project=pa.project),
        done=done,
        **page_context(pa),
    )


@org_view("staff")
@require_POST
def project_unarchive(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    if call_service_from_button(request, lambda: services.project_unarchive(actor=request.user, project=pa.project)):
        messages.success(request, f"Project ‘{pa.project.title}’ unarchived")
    return redirect(detail_url(pa))
