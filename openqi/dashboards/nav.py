"""The header's "Dashboards" link: the organisation's dashboard for leads and admins (staff with
a team are sent on to their team's), and the ICS dashboard for system admins and executives."""

from django.http import HttpRequest

from openqi.core.navigation import NavEntry, NavScope, nav_register
from openqi.dashboards import selectors


def _organisation(request: HttpRequest, scope: NavScope) -> bool:
    access = scope.access
    if selectors.may_see_organisation(access):
        return True
    team = access.membership.team if access is not None and access.membership is not None else None
    return team is not None and selectors.may_see_team(access, team)


def _system(request: HttpRequest, scope: NavScope) -> bool:
    return selectors.readable_systems(user=scope.user).exists()


nav_register(
    NavEntry("Dashboards", "dashboards:organisation", order=15, visible=_organisation),
    NavEntry("ICS dashboard", "dashboards:system_list", order=105, visible=_system, in_organisation=False),
)
