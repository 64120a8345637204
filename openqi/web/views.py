"""The home page: the public front door when signed out; when signed in, "What needs you" (today's
check-in, surveys, ideas, PDSA cycles, measures with a new signal, events booked), quick actions,
your organisations and latest notifications."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openqi.accounts.models import User
from openqi.notifications.selectors import notification_list
from openqi.organisations.adapters import PENDING_INVITATION
from openqi.organisations.selectors import organisation_list_for_user
from openqi.recognition.selectors import recent_winners_for_user
from openqi.web.needs import bookings_upcoming, needs_list
from openqi.web.selectors import (
    CHECKIN_SCORES,
    front_door_organisation,
    front_door_organisations,
    front_door_systems,
    memberships_for_home,
)


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        organisations = front_door_organisations()
        chosen = front_door_organisation(slug=request.GET.get("organisation", "")[:100], organisations=organisations)
        return render(
            request,
            "web/landing.jinja",
            {"organisations": organisations, "chosen": chosen, "systems": front_door_systems()},
        )
    token = request.session.get(PENDING_INVITATION)
    if token:
        return redirect("organisations:invitation_accept", token)
    memberships = memberships_for_home(user=user)
    organisations = list(organisation_list_for_user(user=user))
    roles = {m.organisation_id: m.get_role_display() for m in memberships}
    recent = list(notification_list(user=user)[:5])
    needs = needs_list(user=user, memberships=memberships)
    return render(
        request,
        "web/home.jinja",
        {
            "organisations": organisations,
            "roles": roles,
            "recent": recent,
            "needs": needs,
            "quick_actions": [n.quick for n in needs if n.quick is not None],
            "bookings": bookings_upcoming(user=user),
            "checkin_scores": CHECKIN_SCORES,
            "winners": recent_winners_for_user(user=user),
        },
    )
