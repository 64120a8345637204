"""Values every page's layout needs: navigation, the organisation switcher, the bell."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def layout(request: HttpRequest) -> dict[str, Any]:
    from openqi.notifications.selectors import notification_unread_count
    from openqi.organisations.access import role_at_least
    from openqi.organisations.selectors import organisation_list_for_user, user_is_system_admin

    context: dict[str, Any] = {
        "demo_mode": settings.DEMO_MODE,
        "cspNonce": str(request.csp_nonce) if hasattr(request, "csp_nonce") else None,
        "nav_items": [],
        "account_items": [{"href": reverse("account_login"), "text": "Sign in", "icon": True}],
        "current_org": None,
        "unread_count": 0,
        "org_count": 0,
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    access = getattr(request, "org_access", None)
    organisations = list(organisation_list_for_user(user=user))
    current = access.organisation if access else None
    if current is None:
        slug = request.session.get("current_org")
        current = next((o for o in organisations if o.slug == slug), None) or (
            organisations[0] if organisations else None
        )
    path = request.path
    nav: list[dict[str, Any]] = [{"text": "Home", "href": reverse("core:home")}]
    if current is not None:
        role = access.role if access else None
        org_home = reverse("organisations:organisation_home", args=[current.slug])
        nav.append({"text": "Organisation", "href": org_home})
        nav.append({"text": "Projects", "href": reverse("projects:project_list", args=[current.slug])})
        # Members (staff and up) share ideas and check in; QI coaches and up read check-in results.
        member_role = role if role is not None else _member_role(user, current)
        is_staff_or_more = bool(member_role) and (member_role == "system_admin" or role_at_least(member_role, "staff"))
        if is_staff_or_more:
            nav.append({"text": "Measures", "href": reverse("measures:measure_list", args=[current.slug])})
            nav.append({"text": "Ideas", "href": reverse("ideas:idea_list", args=[current.slug])})
        if member_role and member_role != "system_admin" and role_at_least(member_role, "staff"):
            nav.append({"text": "Check in", "href": reverse("checkins:checkin_create", args=[current.slug])})
        if member_role == "system_admin" or (member_role and role_at_least(member_role, "qi_coach")):
            nav.append({"text": "Check-ins", "href": reverse("checkins:checkin_overview", args=[current.slug])})
        if is_staff_or_more:
            nav.append({"text": "Surveys", "href": reverse("surveys:survey_list", args=[current.slug])})
        if role is None or role_at_least(role, "lead") or role == "system_admin":
            nav.append({"text": "Members", "href": reverse("organisations:member_list", args=[current.slug])})
            nav.append({"text": "Audit log", "href": reverse("audit:event_list", args=[current.slug])})
    if user_is_system_admin(user=user):
        nav.append({"text": "System admin", "href": reverse("organisations:system_admin")})
    # The longest matching link is the section you are in; the others stay plain.
    matching = [
        item["href"] for item in nav if path == item["href"] or (item["href"] != "/" and path.startswith(item["href"]))
    ]
    best = max(matching, key=len, default=None)
    for item in nav:
        item["current"] = item["href"] == best and path == best
        item["active"] = item["href"] == best and path != best
    account: list[dict[str, Any]] = []
    if current is not None:
        switch = mark_safe(' <span class="openqi-switch">(switch)</span>') if len(organisations) > 1 else ""
        account.append(
            {
                "href": reverse("organisations:organisation_switch"),
                "html": format_html(
                    '<span class="nhsuk-u-visually-hidden">Current organisation: </span>{}{}', current.name, switch
                ),
            }
        )
    unread = notification_unread_count(user=user)
    account += [
        {
            "href": reverse("notifications:notification_list"),
            "html": format_html(
                'Notifications <span class="openqi-count">{}<span class="nhsuk-u-visually-hidden"> unread</span></span>',
                unread,
            ),
        },
        {"href": reverse("accounts:preferences"), "text": user.display_name, "icon": True},
        {
            "action": reverse("account_logout"),
            "html": format_html(
                'Sign out<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
            ),
        },
    ]
    context.update(
        account_items=account,
        nav_items=nav,
        current_org=current,
        org_count=len(organisations),
        unread_count=unread,
    )
    return context


def _member_role(user: Any, organisation: Any) -> str:
    from openqi.organisations.models import Membership

    found = Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()
    return found or ""
