"""Writes about people: preferences, disabling an account."""

from django.db import transaction

from openqi.accounts.models import User
from openqi.audit.services import audit_log


@transaction.atomic
def user_preferences_update(*, user: User, full_name: str, email_frequency: str) -> User:
    user.full_name = full_name.strip()
    user.email_frequency = email_frequency
    user.save(update_fields=["full_name", "email_frequency"])
    audit_log(actor=user, action="user.preferences_update", obj=user, detail={"email_frequency": email_frequency})
    return user


@transaction.atomic
def user_disable(*, actor: User, user: User) -> User:
    """Disable an account. Its sessions end at once: an inactive user no longer authenticates,
    so the next request of every open session is anonymous."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_log(actor=actor, action="user.disable", obj=user)
    return user
