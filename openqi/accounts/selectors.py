from typing import Any

from allauth.mfa.models import Authenticator

from openqi.organisations.models import Membership, Role, SystemMembership, SystemRole


def user_is_admin(*, user: Any) -> bool:
    return bool(
        user.is_superuser
        or Membership.objects.filter(user=user, role=Role.ORG_ADMIN).exists()
        or SystemMembership.objects.filter(user=user, role=SystemRole.SYSTEM_ADMIN).exists()
    )


def user_needs_mfa_setup(*, user: Any) -> bool:
    if not user_is_admin(user=user):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
