"""allauth hooks: who may sign up, where people land, and SSO accounts joining their trust.

They live with organisations, not accounts, because every rule here is about invitations and
an organisation's single sign-on: the accounts app below knows nothing of organisations."""

from typing import Any

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.urls import reverse

from openqi.accounts.emails import CONFIRMATION, PASSWORD_RESET, account_email_arguments, current_site
from openqi.notifications.tasks import account_email_send
from openqi.organisations.models import OrganisationSSO
from openqi.organisations.services import sso_member_join

PENDING_INVITATION = "pending_invitation"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # OpenQI holds NHS staff data: local accounts come by invitation only (or demo mode).
        return bool(request.session.get(PENDING_INVITATION)) or settings.DEMO_MODE

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        token = request.session.get(PENDING_INVITATION)
        if token:
            return reverse("organisations:invitation_accept", args=[token])
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Sign-in emails go through the task queue like the rest, as ids: the worker rebuilds any
        # link, so no reset link or confirmation key is ever stored (openqi/accounts/emails.py).
        self._queue_mail(
            template_prefix, email, **account_email_arguments(template_prefix=template_prefix, context=context)
        )

    def send_password_reset_mail(self, user: Any, email: str, context: dict[str, Any]) -> None:
        self._queue_mail(PASSWORD_RESET, email, user_id=user.pk)

    def send_confirmation_mail(self, request: HttpRequest, emailconfirmation: Any, signup: bool) -> None:
        if allauth_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED:
            raise ImproperlyConfigured("OpenQI confirms email addresses by link, not by a code kept in the session.")
        address = emailconfirmation.email_address
        prefix = CONFIRMATION[1] if signup else CONFIRMATION[0]
        self._queue_mail(prefix, address.email, user_id=address.user_id, email_address_id=address.pk)

    def _queue_mail(
        self,
        template_prefix: str,
        email: str,
        *,
        user_id: int | None = None,
        email_address_id: int | None = None,
        extra: dict[str, str] | None = None,
    ) -> None:
        account_email_send.enqueue(
            template_prefix=template_prefix,
            email=email,
            user_id=user_id,
            email_address_id=email_address_id,
            extra=extra or {},
        )

    def render_mail(
        self, template_prefix: str, email: str | list[str], context: dict[str, Any], headers: Any = None
    ) -> EmailMessage:
        return super().render_mail(template_prefix, email, {"current_site": current_site(), **context}, headers)

    def format_email_subject(self, subject: str) -> str:
        prefix = allauth_settings.EMAIL_SUBJECT_PREFIX
        return (f"[{settings.SITE_NAME}] " if prefix is None else prefix) + str(subject)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return OrganisationSSO.objects.filter(social_app__provider_id=sociallogin.account.provider).exists()

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        user = super().save_user(request, sociallogin, form)
        sso_member_join(user=user, provider_id=sociallogin.account.provider)
        return user
