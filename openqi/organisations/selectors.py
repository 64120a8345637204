"""Reading organisations, teams and members. Every function takes its scope first."""

from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import Count, Exists, OuterRef, QuerySet

from openqi.accounts.models import User
from openqi.organisations.models import (
    Invitation,
    Membership,
    Organisation,
    OrganisationSSO,
    Role,
    System,
    SystemMembership,
    SystemRole,
    Team,
)


def organisation_list_for_user(*, user: User) -> QuerySet[Organisation]:
    """Organisations a person can switch to: their memberships, plus their systems' if admin."""
    admin_systems = SystemMembership.objects.filter(user=user, role=SystemRole.SYSTEM_ADMIN).values("system_id")
    member_of = Membership.objects.filter(user=user).values("organisation_id")
    return (
        (Organisation.objects.filter(id__in=member_of) | Organisation.objects.filter(system_id__in=admin_systems))
        .distinct()
        .select_related("system")
    )


def membership_list(*, organisation: Organisation, query: str = "") -> QuerySet[Membership]:
    members = Membership.objects.filter(organisation=organisation).select_related("user", "team")
    if query:
        members = members.filter(user__email__icontains=query) | members.filter(user__full_name__icontains=query)
    return members.order_by("user__full_name", "user__email")


def membership_get(*, organisation: Organisation, membership_id: int) -> Membership | None:
    return Membership.objects.filter(organisation=organisation, pk=membership_id).select_related("user", "team").first()


def invitation_list_pending(*, organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organisation=organisation).pending().select_related("team")


def invitation_get(*, organisation: Organisation, invitation_id: int) -> Invitation | None:
    return Invitation.objects.filter(organisation=organisation, pk=invitation_id).first()


def team_list(*, organisation: Organisation) -> list[tuple[Team, int]]:
    """Teams in outline order (parents before children) with their depth."""
    teams = list(Team.objects.filter(organisation=organisation).annotate(member_count=Count("membership")))
    children: dict[int | None, list[Team]] = {}
    for team in teams:
        children.setdefault(team.parent_id, []).append(team)
    ordered: list[tuple[Team, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for team in sorted(children.get(parent, []), key=lambda t: t.name):
            ordered.append((team, depth))
            walk(team.pk, depth + 1)

    walk(None, 0)
    return ordered


def team_names_of(*, organisations: list[Organisation]) -> dict[int, list[tuple[int, str]]]:
    """Each organisation's teams as (id, name), by organisation id, in one query."""
    found: dict[int, list[tuple[int, str]]] = {o.pk: [] for o in organisations}
    for org_id, pk, name in (
        Team.objects.filter(organisation__in=organisations)
        .order_by("name", "pk")
        .values_list("organisation_id", "pk", "name")
    ):
        found[org_id].append((pk, name))
    return found


def organisation_summary(*, organisation: Organisation) -> dict[str, int]:
    return {
        "members": Membership.objects.filter(organisation=organisation).count(),
        "teams": Team.objects.filter(organisation=organisation).count(),
        "pending_invitations": Invitation.objects.filter(organisation=organisation).pending().count(),
    }


def system_list_for_admin(*, user: User) -> QuerySet[System]:
    if user.is_superuser:
        return System.objects.all().prefetch_related("organisations")
    return System.objects.filter(memberships__user=user, memberships__role=SystemRole.SYSTEM_ADMIN).prefetch_related(
        "organisations"
    )


def user_is_system_admin(*, user: User) -> bool:
    return user.is_superuser or SystemMembership.objects.filter(user=user, role=SystemRole.SYSTEM_ADMIN).exists()


def user_admin_roles(*, user: Any) -> tuple[bool, bool]:
    """Whether the person is an organisation admin anywhere, and a system admin anywhere: one
    query (every signed-in page asks both, for the two-factor rule and the header)."""
    flags = (
        User.objects.filter(pk=user.pk)
        .annotate(
            org_admin=Exists(Membership.objects.filter(user=OuterRef("pk"), role=Role.ORG_ADMIN)),
            system_admin=Exists(SystemMembership.objects.filter(user=OuterRef("pk"), role=SystemRole.SYSTEM_ADMIN)),
        )
        .values_list("org_admin", "system_admin")
        .first()
    )
    return (bool(flags[0]), bool(flags[1])) if flags else (False, False)


def user_is_admin(*, user: Any) -> bool:
    """Organisation admins, system admins and superusers: the people who must use two factors."""
    return bool(user.is_superuser or any(user_admin_roles(user=user)))


def user_needs_mfa_setup(*, user: Any, admin_roles: tuple[bool, bool] | None = None) -> bool:
    """`admin_roles`: `user_admin_roles`' answer when the caller has it already."""
    roles = admin_roles if admin_roles is not None else user_admin_roles(user=user)
    if not (user.is_superuser or any(roles)):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def acting_organisations(*, actor: Any, organisation: Any) -> list[str]:
    """The names of the actor's organisations in the same ICS when they are not a member of
    `organisation` (a partner organisation's member); empty otherwise."""
    if organisation is None or not getattr(actor, "is_authenticated", False):
        return []
    if getattr(organisation, "system_id", None) is None:
        return []
    if Membership.objects.filter(user=actor, organisation=organisation).exists():
        return []
    return sorted(
        Membership.objects.filter(user=actor, organisation__system_id=organisation.system_id).values_list(
            "organisation__name", flat=True
        )
    )


def audit_actor_organisation_detail(actor: Any, organisation: Any) -> dict[str, Any]:
    """Audit detail for a partner organisation's member acting on a shared ICS project: the event
    names the actor's own organisations too (registered with the audit trail in ready())."""
    acting = acting_organisations(actor=actor, organisation=organisation)
    return {"actor_organisation": ", ".join(acting)} if acting else {}


def sso_get(*, organisation: Organisation) -> OrganisationSSO | None:
    """An organisation's single sign-on settings, if it has set them up."""
    return (
        OrganisationSSO.objects.filter(organisation=organisation).select_related("social_app", "default_team").first()
    )
