"""The organisations app's links in the header, and the role tests other apps' links share."""

from django.http import HttpRequest

from openqi.core.navigation import NavEntry, NavScope, nav_register
from openqi.organisations.access import role_at_least
from openqi.organisations.models import SystemRole
from openqi.organisations.selectors import user_is_system_admin


def is_staff_or_more(request: HttpRequest, scope: NavScope) -> bool:
    """Members from staff up, and system admins, share ideas, read measures and answer surveys."""
    role = scope.member_role
    return bool(role) and (role == SystemRole.SYSTEM_ADMIN or role_at_least(role, "staff"))


def is_lead_or_more(request: HttpRequest, scope: NavScope) -> bool:
    """Leads and admins of the current organisation, and system admins, read its members and its
    audit log. The reader's own role decides on every page, so nobody is offered a link that only
    answers 403 (it once showed to staff on pages outside an organisation)."""
    role = scope.member_role
    return bool(role) and (role == SystemRole.SYSTEM_ADMIN or role_at_least(role, "lead"))


def _is_system_admin(request: HttpRequest, scope: NavScope) -> bool:
    return user_is_system_admin(user=scope.user)


nav_register(
    NavEntry("Organisation", "organisations:organisation_home", order=10),
    NavEntry("Members", "organisations:member_list", order=80, visible=is_lead_or_more),
    NavEntry("System admin", "organisations:system_admin", order=100, visible=_is_system_admin, in_organisation=False),
)
