"""The home page: the landing page when signed out; your organisations and latest notifications
when signed in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openqi.notifications.selectors import notification_list
from openqi.organisations.adapters import PENDING_INVITATION
from openqi.organisations.selectors import organisation_list_for_user


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "web/landing.jinja")
    token = request.session.get(PENDING_INVITATION)
    if token:
        return redirect("organisations:invitation_accept", token)
    organisations = list(organisation_list_for_user(user=request.user))  # type: ignore[arg-type]
    roles = {m.organisation_id: m.get_role_display() for m in request.user.memberships.all()}  # type: ignore[union-attr]
    recent = list(notification_list(user=request.user)[:5])  # type: ignore[arg-type]
    return render(request, "web/home.jinja", {"organisations": organisations, "roles": roles, "recent": recent})
