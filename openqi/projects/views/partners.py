"""Partner organisations of an ICS project: the owning organisation's project lead (or its leads
and admins) shares the project with other organisations of the same ICS, and takes it back.
Everyone who can see the project reads the list; changes are for the owning organisation's lead."""

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
from openqi.projects.forms import ProjectOrganisationForm
from openqi.projects.models import Visibility
from openqi.projects.services.partners import PRIVATE_REFUSAL
from openqi.projects.views.common import page_context, project_for


@org_view("staff")
@once_per_submission
def partner_list(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    shareable = list(selectors.shareable_organisations(project=pa.project)) if pa.can_lead else []
    form = ProjectOrganisationForm(request.POST or None, organisations=[(str(o.pk), o.name) for o in shareable])
    if request.method == "POST":
        pa.require_lead()
        if form.is_valid():
            chosen = next(o for o in shareable if str(o.pk) == form.cleaned_data["organisation"])
            row = call_service(
                form,
                lambda: services.project_organisation_add(
                    actor=request.user,
                    project=pa.project,
                    organisation=chosen,
                ),
            )
            if row is not None:
                messages.success(request, f"Shared with {chosen.name}")
                return redirect("projects:partner_list", access.organisation.slug, pa.project.pk)
    return render(
        request,
        "projects/partner_list.jinja",
        page_context(
            pa,
            form=form,
            partners=list(selectors.project_partner_list(project=pa.project)),
            is_private=pa.project.visibility == Visibility.PRIVATE,
            private_refusal=PRIVATE_REFUSAL,
        ),
    )


@org_view("staff")
def partner_remove(
    request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int, partner_id: int
) -> HttpResponse:
    pa = project_for(request, access, project_id)
    pa.require_lead()
    partner = selectors.project_partner_get(project=pa.project, partner_id=partner_id)
    if partner is None:
        raise Http404
    name = partner.organisation.name

    def done() -> HttpResponse:
        messages.success(request, f"{name} no longer shares this project")
        return redirect("projects:partner_list", access.organisation.slug, pa.project.pk)

    return confirm_then(
        request,
        Confirmation(
            title=f"Stop sharing with {name}?",
            caption=pa.project.title,
            button="Stop sharing",
            cancel_url=reverse("projects:partner_list", args=[access.organisation.slug, pa.project.pk]),
            body=(
                f"Members of {name} lose access to this project at once, and project team members who "
                "reached it only through that organisation leave the project team.",
                "You can share it with them again later; who left the team (and in which role) is kept in "
                "the audit log.",
            ),
        ),
        act=lambda: services.project_organisation_remove(actor=request.user, partner=partner),
        done=done,
        **page_context(pa),
    )
