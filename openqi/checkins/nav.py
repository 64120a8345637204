"""The check-ins app's links in the header: members check in; QI coaches and up read the results."""

from django.http import HttpRequest

from openqi.core.navigation import NavEntry, NavScope, nav_register
from openqi.organisations.access import role_at_least
from openqi.organisations.models import SystemRole


def _may_check_in(request: HttpRequest, scope: NavScope) -> bool:
    # System admins are not members of the organisation's teams, so they have nothing to check in.
    role = scope.member_role
    return bool(role) and role != SystemRole.SYSTEM_ADMIN and role_at_least(role, "staff")


def _may_read_results(request: HttpRequest, scope: NavScope) -> bool:
    role = scope.member_role
    return role == SystemRole.SYSTEM_ADMIN or (bool(role) and role_at_least(role, "qi_coach"))


nav_register(
    NavEntry("Check in", "checkins:checkin_create", order=50, visible=_may_check_in),
    NavEntry("Check-ins", "checkins:checkin_overview", order=60, visible=_may_read_results),
)
