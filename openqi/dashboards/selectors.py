"""Who may see which dashboard, the teams a team dashboard covers, the ICS a reader may see, and
the live versions the pages poll (ADR 0020, ADR 0023).

Who sees what (issue 14, from the existing roles):
- the organisation dashboard: leads and organisation admins (and the system admins of its ICS,
  who act as admins everywhere in it);
- a team's dashboard: QI coaches and above for any team; staff and champions for their own team
  and the teams inside it; partners (experts by experience) for none;
- the ICS dashboard: the ICS's system admins and executives.
"""

from typing import Any

from django.db.models import QuerySet

from openqi.checkins.dashboard_selectors import checkin_dashboard_versions
from openqi.ideas.selectors.dashboard import idea_dashboard_versions
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Organisation, Role, System, SystemMembership, SystemRole, Team

SYSTEM_READER_ROLES = (SystemRole.SYSTEM_ADMIN, SystemRole.EXECUTIVE)


def team_get(*, organisation: Organisation, team_id: int) -> Team | None:
    return Team.objects.filter(organisation=organisation, pk=team_id).first()


def team_subtree_ids(*, organisation: Organisation, team: Team) -> list[int]:
    """The team and every team inside it, from one query of the organisation's teams."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Team.objects.filter(organisation=organisation).values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = [], [team.pk]
    while stack:
        pk = stack.pop()
        found.append(pk)
        stack.extend(children.get(pk, []))
    return found


def may_see_organisation(access: OrgAccess | None) -> bool:
    return access is not None and access.has_role(Role.LEAD)


def may_see_team(access: OrgAccess | None, team: Team) -> bool:
    if access is None:
        return False
    if access.has_role(Role.QI_COACH):
        return True
    membership = access.membership
    if membership is None or membership.role == Role.PARTNER or membership.team_id is None:
        return False
    return team.pk in team_subtree_ids(organisation=access.organisation, team=membership.team)  # type: ignore[arg-type]  # team_id checked above


def readable_systems(*, user: Any) -> QuerySet[System]:
    """The ICSs whose dashboard this person may see (superusers: every one)."""
    if getattr(user, "is_superuser", False):
        return System.objects.order_by("name")
    ids = SystemMembership.objects.filter(user=user, role__in=SYSTEM_READER_ROLES).values("system_id")
    return System.objects.filter(pk__in=ids).order_by("name")


def readable_system_get(*, user: Any, slug: str) -> System | None:
    return readable_systems(user=user).filter(slug=slug).first()


def reader_is_system_admin(*, user: Any, system: System) -> bool:
    return (
        bool(getattr(user, "is_superuser", False))
        or SystemMembership.objects.filter(user=user, system=system, role=SystemRole.SYSTEM_ADMIN).exists()
    )


def system_organisations(*, system: System) -> list[Organisation]:
    return list(Organisation.objects.filter(system=system).select_related("system").order_by("name"))


# ---- live versions (registered in apps.py) -------------------------------------------------------


def organisation_version(*, organisation_id: int) -> str:
    """Moves with a new idea (or a step in one) and a new check-in: three small counts."""
    organisation = Organisation.objects.get(pk=organisation_id)
    return organisation_versions(organisations=[organisation])[organisation.pk]


def organisation_versions(*, organisations: list[Organisation]) -> dict[int, str]:
    """`organisation_version` of each organisation, from the same three counts grouped by
    organisation: the ICS's version costs as much for two organisations as for ten."""
    ideas = idea_dashboard_versions(organisations=organisations)
    checkins = checkin_dashboard_versions(organisations=organisations)
    return {o.pk: f"{ideas[o.pk]}|{checkins[o.pk]}" for o in organisations}


def system_version(*, system_id: int) -> str:
    organisations = list(Organisation.objects.filter(system_id=system_id).order_by("pk"))
    versions = organisation_versions(organisations=organisations)
    return ";".join(versions[o.pk] for o in organisations)
