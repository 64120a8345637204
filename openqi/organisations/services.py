"""Writes for organisations, teams, memberships and invitations. Each is atomic and audited."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.notifications.services import notification_create
from openqi.organisations.models import (
    ROLE_RANK,
    Invitation,
    Membership,
    Organisation,
    Role,
    System,
    SystemMembership,
    SystemRole,
    Team,
)
from openqi.organisations.tasks import invitation_email_send


@transaction.atomic
def system_create(*, actor: User, name: str) -> System:
    system = System.objects.create(name=name, slug=_unique_slug(System, name))
    # Whoever creates a system administers it, so it never sits without an admin.
    SystemMembership.objects.create(user=actor, system=system, role=SystemRole.SYSTEM_ADMIN)
    audit_log(actor=actor, action="system.create", obj=system)
    return system


@transaction.atomic
def organisation_create(*, actor: User, system: System, name: str, ods_code: str = "") -> Organisation:
    organisation = Organisation.objects.create(
        system=system, name=name, slug=_unique_slug(Organisation, name), ods_code=ods_code
    )
    audit_log(actor=actor, action="organisation.create", organisation=organisation, obj=organisation)
    return organisation


@transaction.atomic
def team_create(*, actor: User, organisation: Organisation, name: str, parent: Team | None = None) -> Team:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError("The parent team belongs to another organisation.")
    if Team.objects.filter(organisation=organisation, parent=parent, name__iexact=name).exists():
        raise ValidationError({"name": "A team with this name already exists here."})
    team = Team.objects.create(organisation=organisation, name=name, parent=parent)
    audit_log(actor=actor, action="team.create", organisation=organisation, obj=team)
    return team


def _check_may_grant(*, actor_role: str, role: str) -> None:
    # Nobody hands out a role above their own; only organisation admins make admins.
    if ROLE_RANK[role] > ROLE_RANK[actor_role] or (role == Role.ORG_ADMIN and actor_role != Role.ORG_ADMIN):
        raise PermissionDenied("You cannot give a role above your own.")


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    actor_role: str,
    organisation: Organisation,
    email: str,
    role: str,
    team: Team | None = None,
) -> Invitation:
    email = email.strip().lower()
    _check_may_grant(actor_role=actor_role, role=role)
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "Choose a team in this organisation."})
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": "This person is already a member of the organisation."})
    if Invitation.objects.filter(organisation=organisation, email__iexact=email).pending().exists():
        raise ValidationError({"email": "This person already has an invitation waiting."})
    # An expired invitation still counts as open in the database constraint: close it first.
    Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    _, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        team=team,
        token_hash=token_hash,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    audit_log(
        actor=actor,
        action="invitation.create",
        organisation=organisation,
        obj=invitation,
        detail={"email": email, "role": role},
    )
    # The worker makes the link's token and emails it; this one is never sent, so never usable.
    transaction.on_commit(lambda: invitation_email_send.enqueue(invitation.pk))
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    if invitation.status != "Pending":
        raise ValidationError("Only a pending invitation can be withdrawn.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_log(actor=actor, action="invitation.revoke", organisation=invitation.organisation, obj=invitation)
    return invitation


def invitation_find(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.pending()
        .filter(token_hash=Invitation.hash_token(token))
        .select_related("organisation")
        .first()
    )


@transaction.atomic
def invitation_accept(*, user: User, token: str) -> Membership:
    invitation = invitation_find(token=token)
    if invitation is None:
        raise ValidationError("This invitation has expired, been withdrawn or already been used.")
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            f"This invitation is for {invitation.email}. Sign in with that email address to accept it."
        )
    return invitation_accept_as(user=user, invitation=invitation)


@transaction.atomic
def invitation_accept_as(*, user: User, invitation: Invitation, via: str = "invitation link") -> Membership:
    """The invited person joins with the invitation's role and team (by its link or through SSO)."""
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"role": invitation.role, "team": invitation.team},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_log(
        actor=user,
        action="invitation.accept",
        organisation=invitation.organisation,
        obj=membership,
        detail={"role": membership.role, "new_member": created, "via": via},
    )
    if invitation.invited_by:
        notification_create(
            user=invitation.invited_by,
            organisation=invitation.organisation,
            title=f"{user.display_name} joined {invitation.organisation.name}",
            url=reverse("organisations:member_list", args=[invitation.organisation.slug]),
        )
    return membership


@transaction.atomic
def membership_change_role(
    *, actor: User, actor_role: str, membership: Membership, role: str, team: Team | None = None
) -> Membership:
    _check_may_grant(actor_role=actor_role, role=role)
    if membership.user_id == actor.pk and role != membership.role:
        raise ValidationError("You cannot change your own role. Ask another admin.")
    if team is not None and team.organisation_id != membership.organisation_id:
        raise ValidationError({"team": "Choose a team in this organisation."})
    before = {"role": membership.role, "team": membership.team_id}
    membership.role = role
    membership.team = team
    membership.save(update_fields=["role", "team"])
    audit_log(
        actor=actor,
        action="membership.role_change",
        organisation=membership.organisation,
        obj=membership,
        detail={"before": before, "after": {"role": role, "team": membership.team_id}},
    )
    notification_create(
        user=membership.user,
        organisation=membership.organisation,
        title=f"Your role in {membership.organisation.name} is now {Role(role).label}",
        important=True,
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    if membership.user_id == actor.pk:
        raise ValidationError("You cannot remove yourself. Ask another admin.")
    organisation = membership.organisation
    if (
        membership.role == Role.ORG_ADMIN
        and not Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError("An organisation needs at least one admin.")
    audit_log(
        actor=actor,
        action="membership.remove",
        organisation=organisation,
        obj=membership,
        detail={
            "email": membership.user.email,
            "user_id": membership.user_id,
            "role": membership.role,
            "team": membership.team_id,
        },
    )
    membership.delete()


def _unique_slug(model: type[System] | type[Organisation], name: str) -> str:
    base = slugify(name)[:50] or "org"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def membership_move(*, actor: User, membership: Membership, team: Team | None, via: str) -> Membership:
    """Move a member to another team (or none), as the trust's records say (an ESR import, SCIM).
    The role is left as it is; `via` names the source in the audit log."""
    if team is not None and team.organisation_id != membership.organisation_id:
        raise ValidationError({"team": "Choose a team in this organisation."})
    if membership.team_id == (team.pk if team else None):
        return membership
    before = membership.team_id
    membership.team = team
    membership.save(update_fields=["team"])
    audit_log(
        actor=actor,
        action="membership.team_change",
        organisation=membership.organisation,
        obj=membership,
        detail={"before": before, "after": membership.team_id, "via": via},
    )
    return membership


@transaction.atomic
def team_rename(*, actor: User, team: Team, name: str) -> Team:
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise ValidationError({"name": "Enter a team name of 200 characters or fewer."})
    if name == team.name:
        return team
    clash = Team.objects.filter(organisation_id=team.organisation_id, parent_id=team.parent_id, name__iexact=name)
    if clash.exclude(pk=team.pk).exists():
        raise ValidationError({"name": "A team with this name already exists here."})
    before, team.name = team.name, name
    team.save(update_fields=["name"])
    audit_log(
        actor=actor,
        action="team.rename",
        organisation=team.organisation,
        obj=team,
        detail={"before": before, "after": name},
    )
    return team
