"""Who may see and change a project, on top of the organisation guard (`org_view`).

- A private project is visible only to its project members and to members of its team; to
  anyone else it does not exist (404).
- A partner (expert by experience) sees only projects they are a project member of, in a
  simplified view, and changes nothing.
- Project leads (and organisation leads and admins) run the project: details, aim, members,
  stage, progress score. Project members and QI coaches also edit the driver diagram and PDSA
  cycles. Anyone else who can see the project reads it only (403 on changes).
- An ICS project (not private) may be shared with partner organisations of the same system
  (`ProjectOrganisation`). Their members find it under their own `/o/<slug>/` as if it were an
  organisation-visible project of theirs; their project members edit what project members edit.
  Lead powers stay with the owning organisation: a partner organisation's leads and admins get
  none. Everything else of the owning organisation stays out of reach.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Organisation, Role
from openqi.projects.models import (
    EDITOR_ROLES,
    Project,
    ProjectMember,
    ProjectOrganisation,
    ProjectRole,
    Visibility,
)


def visible_projects_q(*, access: OrgAccess, user_id: int) -> Q:
    member_of = Q(members__user_id=user_id)
    if access.membership is not None and access.membership.role == Role.PARTNER:
        return member_of
    visible = Q(visibility__in=[Visibility.ORGANISATION, Visibility.PUBLIC]) | member_of
    if access.membership is not None and access.membership.team_id is not None:
        visible |= Q(team_id=access.membership.team_id)
    return visible


def reachable_projects_q(organisation: Organisation) -> Q:
    """Projects an organisation holds: its own, and the non-private projects of its ICS shared
    with it as a partner organisation. Nothing else of another organisation is ever reachable."""
    shared_ids = ProjectOrganisation.objects.filter(organisation=organisation).values("project_id")
    shared = (
        Q(pk__in=shared_ids) & Q(organisation__system_id=organisation.system_id) & ~Q(visibility=Visibility.PRIVATE)
    )
    return Q(organisation=organisation) | shared


def own_projects_visible_q(*, accesses: list[OrgAccess], user_id: int) -> Q:
    """Each organisation's own projects this person may see there, for several organisations
    at once (the ICS dashboard): the same rule as `project_queryset`, organisation by
    organisation, narrowed to the projects each organisation owns."""
    found = Q(pk__in=[])
    for access in accesses:
        found |= Q(organisation=access.organisation) & visible_projects_q(access=access, user_id=user_id)
    return found


def project_queryset(*, access: OrgAccess, user_id: int) -> QuerySet[Project]:
    reachable = reachable_projects_q(access.organisation)
    ids = Project.objects.filter(reachable & visible_projects_q(access=access, user_id=user_id)).values("pk")
    return Project.objects.filter(reachable, pk__in=ids)


@dataclass(frozen=True)
class ProjectAccess:
    org: OrgAccess
    project: Project
    project_role: str  # "" when the person is not a project member

    @property
    def is_partner(self) -> bool:
        return self.org.membership is not None and self.org.membership.role == Role.PARTNER

    @property
    def is_owner(self) -> bool:
        """Seen from the organisation that owns the project (not a partner organisation)."""
        return self.project.organisation_id == self.org.organisation.pk

    @property
    def can_edit(self) -> bool:
        if self.is_partner:
            return False
        return self.project_role in EDITOR_ROLES or (self.is_owner and self.org.has_role(Role.LEAD))

    @property
    def can_lead(self) -> bool:
        if self.is_partner or not self.is_owner:
            return False
        return self.project_role == ProjectRole.LEAD or self.org.has_role(Role.LEAD)

    def require_edit(self) -> None:
        if not self.can_edit:
            raise PermissionDenied("Only the project team can change this project.")

    def require_lead(self) -> None:
        if not self.can_lead:
            raise PermissionDenied("Only the project lead can do this.")


def project_access_get(*, access: OrgAccess, user_id: int, project_id: int) -> ProjectAccess:
    """The project if this person may see it, else 404 (hiding whether it exists)."""
    project = (
        project_queryset(access=access, user_id=user_id)
        .filter(pk=project_id)
        .select_related("team", "organisation")
        .first()
    )
    if project is None:
        raise Http404("No such project.")
    role = ProjectMember.objects.filter(project=project, user_id=user_id).values_list("role", flat=True).first()
    return ProjectAccess(org=access, project=project, project_role=role or "")
