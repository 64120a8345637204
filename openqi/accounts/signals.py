"""Security events from Django's and allauth's signals, written to the audit trail."""

from typing import Any

from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from openqi.accounts import drafts
from openqi.accounts.selectors import form_draft_paths
from openqi.audit.services import audit_log


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(timezone.now().timestamp())
        request.session["auth_started"] = now
        request.session["last_seen"] = now
        # The pages this person left a draft on when their last session ended (`accounts.drafts`).
        paths = form_draft_paths(user=user)
        if paths:
            request.session[drafts.SESSION_KEY] = paths
    audit_log(actor=user, action="auth.sign_in", obj=user)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_log(actor=user, action="auth.sign_out", obj=user)


@receiver(user_login_failed)
def _sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    email = str(credentials.get("email") or credentials.get("username") or credentials.get("login") or "")
    target = get_user_model().objects.filter(email__iexact=email).first() if email else None
    audit_log(actor=None, action="auth.sign_in_failed", obj=target, detail={"email": email[:254]})


@receiver(authenticator_added)
def _mfa_added(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit_log(actor=user, action="auth.mfa_added", obj=user, detail={"type": authenticator.type})


@receiver(authenticator_removed)
def _mfa_removed(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit_log(actor=user, action="auth.mfa_removed", obj=user, detail={"type": authenticator.type})
