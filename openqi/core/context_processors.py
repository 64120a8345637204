"""Values every page's layout needs before anyone signs in. The signed-in header (navigation,
organisation switcher, bell) is added by `openqi.web.context_processors.header`, which sits above
the apps it draws on."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def layout(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "demo_mode": settings.DEMO_MODE,
        "cspNonce": str(request.csp_nonce) if hasattr(request, "csp_nonce") else None,
        "nav_items": [],
        "account_items": [{"href": reverse("account_login"), "text": "Sign in", "icon": True}],
        "current_org": None,
        "unread_count": 0,
        "org_count": 0,
        # The warning before an idle session ends (core/_session_warning.jinja), signed in only.
        "session_warning": {
            "idle_timeout": settings.SESSION_IDLE_TIMEOUT,
            "warn_before": settings.SESSION_WARNING_BEFORE,
        }
        if getattr(request, "user", None) is not None and request.user.is_authenticated
        else None,
    }
    return context
