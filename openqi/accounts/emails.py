"""Sign-in emails are queued as ids and built by the worker, so no link or token sits in a task row.

allauth renders an email in the request and hands over its context. OpenQI queues only which
email it is, the address and the ids it needs; the worker makes the password-reset token and the
email-confirmation key again at send time. Both are HMACs of the account's current state
(Django's password-reset token generator; allauth's EmailConfirmationHMAC), so nothing secret is
stored anywhere. An email whose context cannot be rebuilt from ids (a one-time code kept in the
session) is refused at queue time.
"""

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from openqi.accounts.models import User

PASSWORD_RESET = "account/email/password_reset_key"  # noqa: S105  (a template name, not a password)
CONFIRMATION = ("account/email/email_confirmation", "account/email/email_confirmation_signup")
# Emails whose context holds nothing secret: queued with these plain values only.
PLAIN = (
    "account/email/unknown_account",
    "account/email/account_already_exists",
    "account/email/password_changed",
    "account/email/password_set",
    "account/email/password_reset",
    "account/email/email_changed",
    "account/email/email_confirm",
    "account/email/email_deleted",
    "mfa/email/totp_activated",
    "mfa/email/totp_deactivated",
    "mfa/email/recovery_codes_generated",
    "mfa/email/webauthn_added",
    "mfa/email/webauthn_removed",
)
PLAIN_KEYS = ("from_email", "to_email", "deleted_email", "ip", "user_agent")


def current_site() -> SimpleNamespace:
    """What allauth's templates call the site, without Django's sites framework."""
    return SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def account_email_arguments(*, template_prefix: str, context: dict[str, Any]) -> dict[str, Any]:
    """The task arguments for an allauth email: ids and plain values, never a link or a code."""
    if template_prefix not in PLAIN and template_prefix != PASSWORD_RESET and template_prefix not in CONFIRMATION:
        raise ImproperlyConfigured(
            f"OpenQI does not queue the email {template_prefix!r}: its context may hold a secret that the "
            "worker cannot rebuild from ids (see openqi/accounts/emails.py)."
        )
    user = context.get("user")
    extra = {key: str(context[key]) for key in PLAIN_KEYS if context.get(key) is not None}
    return {"user_id": getattr(user, "pk", None), "extra": extra}


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def account_email_context(
    *,
    template_prefix: str,
    email: str,
    user_id: int | None,
    email_address_id: int | None,
    extra: dict[str, str],
) -> dict[str, Any] | None:
    """The context allauth's template needs, rebuilt at send time; None when it no longer applies."""
    user = User.objects.filter(pk=user_id).first() if user_id else None
    context: dict[str, Any] = {
        "email": email,
        "current_site": current_site(),
        "user": user,
        "timestamp": timezone.now(),
        "signup_url": _absolute(reverse("account_signup")),
        "password_reset_url": _absolute(reverse("account_reset_password")),
        **{key: value for key, value in extra.items() if key in PLAIN_KEYS},
    }
    if template_prefix == PASSWORD_RESET:
        if user is None or not user.is_active:
            return None
        if (
            user.email.lower() != email.lower()
            and not EmailAddress.objects.filter(user=user, email__iexact=email).exists()
        ):
            return None
        token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
        uid = user_pk_to_url_str(user)
        context.update(
            uid=uid,
            key=token,
            password_reset_url=_absolute(
                reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": token})
            ),
        )
    elif template_prefix in CONFIRMATION:
        address = EmailAddress.objects.filter(pk=email_address_id).select_related("user").first()
        if address is None or address.verified:
            return None
        key = EmailConfirmationHMAC(address).key
        context.update(user=address.user, key=key, activate_url=_absolute(reverse("account_confirm_email", args=[key])))
    elif template_prefix not in PLAIN:
        return None
    return context
