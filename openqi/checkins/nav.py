"""The check-ins app's links in the header, each for readers its page lets in (`org_view`'s rule:
staff and up check in, QI coaches and up read the results). Checking in also needs a place in the
organisation, which the page asks of `checkin_allowed` too."""

from django.http import HttpRequest

from openqi.checkins.selectors import checkin_allowed
from openqi.core.navigation import NavEntry, NavScope, nav_register


def _may_check_in(request: HttpRequest, scope: NavScope) -> bool:
    return checkin_allowed(access=scope.access)


nav_register(
    NavEntry("Check in", "checkins:checkin_create", order=50, visible=_may_check_in),
    NavEntry("Check-ins", "checkins:checkin_overview", order=60),
)
