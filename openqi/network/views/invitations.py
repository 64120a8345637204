"""The CQI team invites members with an interest to an event (ADR 0029)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.core.forms_util import call_service
from openqi.core.pagination import page_links, paginate
from openqi.core.submission import once_per_submission
from openqi.network import invitations
from openqi.network.collaborative_forms import InvitationForm
from openqi.network.views.common import team_view
from openqi.organisations.models import System


@team_view
@once_per_submission
def team_invitations(request: AuthenticatedHttpRequest, system: System) -> HttpResponse:
    events = [(str(e.pk), f"{e.title} ({e.when})") for e in invitations.invitable_events(system=system)[:200]]
    form = InvitationForm(request.POST or None, events=events)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = call_service(
            form,
            lambda: invitations.invitation_create(
                actor=request.user, system=system, event_id=int(data["event"]), topic=data["topic"]
            ),
        )
        if created is not None:
            messages.success(
                request, "The invitations are being sent. Members invited to this event before are not sent another."
            )
            return redirect("network:team_invitations", system.slug)
    page = paginate(request, invitations.invitation_list(system=system), per_page=25)
    return render(
        request,
        "network/invitations/team_invitations.jinja",
        {"system": system, "form": form, "page": page, "pagination": page_links(request, page)},
        status=400 if form.errors else 200,
    )
