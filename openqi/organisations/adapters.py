"""allauth hooks: who may sign up, where people land, and SSO accounts joining their trust.

They live with organisations, not accounts, because every rule here is about invitations and
an organisation's single sign-on: the accounts app below knows nothing of organisations."""

import logging
from typing import Any
from urllib.parse import urlencode

import requests
from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.urls import reverse

from openqi.accounts.emails import CONFIRMATION, PASSWORD_RESET, account_email_arguments, current_site
from openqi.accounts.models import User
from openqi.notifications.tasks import account_email_send
from openqi.organisations.sso_joining import (
    JoinOutcome,
    join_outcome,
    sso_for_provider,
    sso_join_if_allowed,
    sso_member_join,
    ssos_for_provider,
)
from openqi.organisations.sso_settings import secret_reveal
from openqi.organisations.sso_views import NONCES, SIGNED_IN_WITH, sso_problem

PENDING_INVITATION = "pending_invitation"
logger = logging.getLogger("openqi.sso")


class AccountAdapter(DefaultAccountAdapter):
    # allauth's "Successfully signed in as …" banner: the page a person lands on already greets
    # them by name, and on a phone the banner pushed the one-tap check-in below the fold.
    QUIET_MESSAGES = frozenset({"account/messages/logged_in.txt"})

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        if message_template in self.QUIET_MESSAGES:
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # OpenQI holds NHS staff data: local accounts come by invitation only (or demo mode).
        return bool(request.session.get(PENDING_INVITATION)) or settings.DEMO_MODE

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        token = request.session.get(PENDING_INVITATION)
        if token:
            return reverse("organisations:invitation_accept", args=[token])
        return super().get_login_redirect_url(request)

    def get_login_stages(self) -> list[str]:
        # OpenQI's second factor, skipped only when an organisation trusts its provider's MFA and
        # the id_token says it happened (organisations/sso_mfa.py).
        return [
            "openqi.organisations.sso_mfa.ProviderMfaAuthenticateStage"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        """Signed in through SSO: sign out at the provider too (RP-initiated logout), so the next
        person at a shared ward PC is not signed straight back in as this one."""
        local = super().get_logout_redirect_url(request)
        provider_id = request.session.get(SIGNED_IN_WITH)
        sso = sso_for_provider(provider_id) if provider_id else None
        if sso is None:
            return local
        server_url = (sso.social_app.settings or {}).get("server_url", "").rstrip("/")
        if "/.well-known/" not in server_url:
            server_url += "/.well-known/openid-configuration"
        try:
            with get_social_adapter().get_requests_session() as session:
                response = session.get(server_url, timeout=5)
                response.raise_for_status()
                end_session = response.json().get("end_session_endpoint")
        except (requests.RequestException, ValueError) as exc:
            logger.warning("sso sign-out: no end-session endpoint for %s: %r", provider_id, exc)
            return local
        if not end_session:
            return local
        query = {
            "client_id": sso.social_app.client_id,
            "post_logout_redirect_uri": settings.SITE_URL.rstrip("/") + reverse("account_login"),
        }
        return f"{end_session}{'&' if '?' in end_session else '?'}{urlencode(query)}"

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
    """Who may come in through SSO (organisations/sso_joining.py) and what they see when not."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # pre_social_login has already refused anyone the organisation's rule does not let in.
        return sso_for_provider(sociallogin.account.provider) is not None

    def list_apps(self, request: HttpRequest, provider: Any = None, client_id: Any = None) -> list[Any]:
        # The stored secret is sealed or names an environment variable (sso_settings.py).
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        for app in apps:
            app.secret = secret_reveal(app.secret)
        return apps

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        provider_id = sociallogin.account.provider
        sso = sso_for_provider(provider_id)
        id_token = (sociallogin.account.extra_data or {}).get("id_token") or {}
        expected = request.session.get(NONCES, {}).pop(request.GET.get("state", ""), None)
        request.session.modified = True
        if expected is None or id_token.get("nonce") != expected:
            raise ImmediateHttpResponse(sso_problem(request, sso=sso, reason="nonce_mismatch", status=400))
        if sso is None:
            raise ImmediateHttpResponse(sso_problem(request, sso=None, reason="provider_error"))
        if sociallogin.is_existing or sociallogin.state.get("process") == "connect":
            request.session[SIGNED_IN_WITH] = provider_id
            user = sociallogin.user if sociallogin.is_existing else request.user
            if isinstance(user, User):
                for decision in self._outcome(request, sociallogin).admitted:
                    sso_join_if_allowed(user=user, decision=decision)
            return
        email = (sociallogin.user.email or "").strip()
        if email and User.objects.filter(email__iexact=email).exists():
            # Never joined to the local account by email alone: the member proves it (sso_link).
            raise ImmediateHttpResponse(sso_problem(request, sso=sso, reason="existing_account", email=email))
        outcome = self._outcome(request, sociallogin)
        if outcome.refused:
            raise ImmediateHttpResponse(sso_problem(request, sso=sso, reason=outcome.refused, email=email))
        request.session[SIGNED_IN_WITH] = provider_id

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        sso = sso_for_provider(sociallogin.account.provider)
        if sso is None:
            raise ImmediateHttpResponse(sso_problem(request, sso=None, reason="provider_error"))
        outcome = self._outcome(request, sociallogin)
        if outcome.refused:
            raise ImmediateHttpResponse(sso_problem(request, sso=sso, reason=outcome.refused))
        user = super().save_user(request, sociallogin, form)
        for decision in outcome.admitted:  # every organisation on the registration whose rule admits them
            sso_member_join(user=user, decision=decision)
            if decision.invitation is not None:
                request.session.pop(PENDING_INVITATION, None)
        return user

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        sso = sso_for_provider(provider.app.provider_id) if provider is not None else None
        reason = "cancelled" if error == "cancelled" else "provider_error"
        if isinstance(exception, requests.RequestException):
            reason = "provider_unreachable"
        raise ImmediateHttpResponse(
            sso_problem(request, sso=sso, reason=reason, error=f"{error}: {exception!r}", status=400)
        )

    def _outcome(self, request: HttpRequest, sociallogin: Any) -> JoinOutcome:
        # Required claims (Entra's tid, say) are read from the id_token, which came straight from the
        # provider's token endpoint over TLS and had its issuer, audience and expiry checked.
        claims = (sociallogin.account.extra_data or {}).get("id_token") or {}
        return join_outcome(
            ssos=ssos_for_provider(sociallogin.account.provider),
            email=sociallogin.user.email or "",
            email_verified=any(address.verified for address in sociallogin.email_addresses),
            claims=claims,
            invitation_token=request.session.get(PENDING_INVITATION, ""),
        )
