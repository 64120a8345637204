"""What the accounts app holds about a person: the account, its email addresses, two-factor
methods, single sign-on identities and the drafts kept when a session ended (registered in
`openqi.core.personal_data`).

Erasure deletes the account last of all (after every other app has let go of it), with its
email addresses, two-factor methods, SSO identities, drafts and open sessions."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.utils import timezone

from openqi.accounts.models import FormDraft, User
from openqi.core import personal_data


def export_personal_data(*, user: User) -> dict[str, Any]:
    return {
        "account": {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "is_active": user.is_active,
            "is_staff": user.is_staff,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            # The check-in and notification email preference.
            "email_frequency": user.email_frequency,
        },
        "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
        # The kinds of two-factor method and when they were used, never their secrets.
        "two_factor_methods": list(
            Authenticator.objects.filter(user=user).values("type", "created_at", "last_used_at")
        ),
        "single_sign_on_identities": list(
            SocialAccount.objects.filter(user=user).values("provider", "uid", "last_login", "date_joined", "extra_data")
        ),
        "admin_site_actions": LogEntry.objects.filter(user=user).count(),
        # What the person typed into a form as their session ended, kept for them to finish.
        "form_drafts": list(FormDraft.objects.filter(user=user).values("path", "data", "created_at", "expires_at")),
    }


def _sessions_of(user: User) -> list[str]:
    live = Session.objects.filter(expire_date__gt=timezone.now())
    return [s.session_key for s in live.iterator() if s.get_decoded().get("_auth_user_id") == str(user.pk)]


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    counts = {
        "sessions": Session.objects.filter(session_key__in=_sessions_of(user)).delete()[0],
        "email_addresses": EmailAddress.objects.filter(user=user).delete()[0],
        "form_drafts": FormDraft.objects.filter(user=user).delete()[0],
        "two_factor_methods": Authenticator.objects.filter(user=user).delete()[0],
        "single_sign_on_identities": SocialAccount.objects.filter(user=user).delete()[0],
        "admin_site_actions": LogEntry.objects.filter(user=user).delete()[0],
        # Other admins' Django admin log entries about this account name it in `object_repr`.
        "admin_site_entries_about": LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ).update(object_repr=pseudonym, change_message=""),
    }
    user.delete()
    counts["accounts"] = 1
    return counts


personal_data.register(
    app="accounts", export=export_personal_data, erase=erase_personal_data, order=personal_data.ORDER_ACCOUNT
)
