"""The organisations app's links in the header.

Members, like every organisation page, is linked only for readers its page lets in: the rule is
`org_view`'s own (`nav_permits`), so this file repeats no role rule."""

from django.http import HttpRequest

from openqi.core.navigation import NavEntry, NavScope, nav_register
from openqi.organisations.selectors import user_is_system_admin


def _is_system_admin(request: HttpRequest, scope: NavScope) -> bool:
    # The same rule the system admin pages refuse with (`views._require_system_admin`); the
    # two-factor middleware has usually asked it already in this request (one query for both).
    roles = getattr(request, "openqi_admin_roles", None)
    if roles is not None and request.user.pk == scope.user.pk:
        return bool(scope.user.is_superuser or roles[1])
    return user_is_system_admin(user=scope.user)


nav_register(
    NavEntry("Organisation", "organisations:organisation_home", order=10),
    NavEntry("Members", "organisations:member_list", order=80),
    NavEntry("System admin", "organisations:system_admin", order=100, visible=_is_system_admin, in_organisation=False),
)
