"""allauth hooks: who may sign up, where people land, and SSO accounts joining their trust.

They live with organisations, not accounts, because every rule here is about invitations and
an organisation's single sign-on: the accounts app below knows nothing of organisations."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from openqi.notifications.tasks import email_send
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
        # Sign-in emails (verification, password reset) go through the task queue like the rest.
        message = self.render_mail(template_prefix, email, context)
        email_send.enqueue(str(message.subject), str(message.body), email)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return OrganisationSSO.objects.filter(social_app__provider_id=sociallogin.account.provider).exists()

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        user = super().save_user(request, sociallogin, form)
        sso_member_join(user=user, provider_id=sociallogin.account.provider)
        return user
