"""What the organisations app holds about a person: memberships, ICS roles and invitations
(registered in `openqi.core.personal_data`). Invitations they sent are exported without the
invitee's address (someone else's personal data) and kept, unlinked, on erasure."""

from typing import Any

from openqi.accounts.models import User
from openqi.core import personal_data
from openqi.organisations.models import Invitation, Membership, SystemMembership


def export_personal_data(*, user: User) -> dict[str, Any]:
    invitations = Invitation.objects.filter(email__iexact=user.email).select_related("organisation", "team")
    return {
        "memberships": list(
            Membership.objects.filter(user=user).values(
                "organisation__name", "organisation__slug", "role", "team__name", "created_at"
            )
        ),
        "system_roles": list(SystemMembership.objects.filter(user=user).values("system__name", "role", "created_at")),
        "invitations_received": [
            {
                "organisation": invitation.organisation.name,
                "role": invitation.role,
                "team": invitation.team.name if invitation.team else None,
                "created_at": invitation.created_at,
                "expires_at": invitation.expires_at,
                "status": invitation.status,
            }
            for invitation in invitations
        ],
        "invitations_sent": list(
            Invitation.objects.filter(invited_by=user).values("organisation__name", "role", "created_at")
        ),
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    return {
        "memberships": Membership.objects.filter(user=user).delete()[0],
        "system_roles": SystemMembership.objects.filter(user=user).delete()[0],
        "invitations_received": Invitation.objects.filter(email__iexact=user.email).delete()[0],
        "invitations_sent_unlinked": Invitation.objects.filter(invited_by=user).update(invited_by=None),
    }


personal_data.register(app="organisations", export=export_personal_data, erase=erase_personal_data, order=900)
