"""Values every page's layout needs before anyone signs in. The signed-in header (navigation,
organisation switcher, bell) is added by `openqi.web.context_processors.header`, which sits above
the apps it draws on."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import salted_hmac


def layout(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "demo_mode": settings.DEMO_MODE,
        "cspNonce": str(request.csp_nonce) if hasattr(request, "csp_nonce") else None,
        "nav_items": [],
        "account_items": [{"href": reverse("account_login"), "text": "Sign in", "icon": True}],
        "current_org": None,
        "unread_count": 0,
        "org_count": 0,
        "session_warning": _session_warning(request),
    }
    return context


def _session_warning(request: HttpRequest) -> dict[str, Any] | None:
    """What the warning before an idle session ends needs (core/_session_warning.jinja), signed
    in only: the limits, whether this page was filled from a kept draft, and an opaque mark of
    the account that an anonymous form's copy in the browser is checked against (local-draft.js;
    a keyed hash, so the page never shows the account's id)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return {
        "idle_timeout": settings.SESSION_IDLE_TIMEOUT,
        "warn_before": settings.SESSION_WARNING_BEFORE,
        "owner": salted_hmac("openqi.local-draft-owner", str(user.pk)).hexdigest()[:24],
        "draft_restored": bool(getattr(request, "form_draft_restored", False)),
    }
