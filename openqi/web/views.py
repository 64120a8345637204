"""The home page: the public front door when signed out; your organisations and latest notifications
when signed in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openqi.accounts.models import User
from openqi.notifications.selectors import notification_list
from openqi.organisations.adapters import PENDING_INVITATION
from openqi.organisations.selectors import organisation_list_for_user
from openqi.web.selectors import (
    CHECKIN_SCORES,
    front_door_organisation,
    front_door_organisations,
    quick_actions_list,
)


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        organisations = front_door_organisations()
        chosen = front_door_organisation(slug=request.GET.get("organisation", "")[:100], organisations=organisations)
        return render(request, "web/landing.jinja", {"organisations": organisations, "chosen": chosen})
    token = request.session.get(PENDING_INVITATION)
    if token:
        return redirect("organisations:invitation_accept", token)
    organisations = list(organisation_list_for_user(user=user))
    roles = {m.organisation_id: m.get_role_display() for m in user.memberships.all()}
    recent = list(notification_list(user=user)[:5])
    return render(
        request,
        "web/home.jinja",
        {
            "organisations": organisations,
            "roles": roles,
            "recent": recent,
            "quick_actions": quick_actions_list(user=user),
            "checkin_scores": CHECKIN_SCORES,
        },
    )
