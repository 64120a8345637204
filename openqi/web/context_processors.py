"""The signed-in half of every page's header: the navigation each app registered, the
organisation switcher, the bell and the account links. `openqi.core.context_processors.layout`
gives the signed-out defaults this replaces."""

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from openqi.core.navigation import NavScope, nav_items
from openqi.notifications.selectors import notification_unread_count
from openqi.organisations.access import org_access_get
from openqi.organisations.selectors import organisation_list_for_user


def header(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = getattr(request, "org_access", None)
    organisations = list(organisation_list_for_user(user=user))
    current = access.organisation if access else None
    if current is None:
        slug = request.session.get("current_org")
        current = next((o for o in organisations if o.slug == slug), None) or (
            organisations[0] if organisations else None
        )
    role = access.role if access else None
    # The reader's access to the current organisation wherever they are, exactly as its pages
    # would find it (their membership, or system admin of its ICS), so links follow the same rule.
    current_access = access
    if current_access is None and current is not None:
        current_access = org_access_get(user=user, org_slug=current.slug)
    member_role = current_access.role if current_access is not None else ""
    nav = nav_items(
        request,
        NavScope(user=user, organisation=current, role=role, member_role=member_role, access=current_access),
    )
    account: list[dict[str, Any]] = []
    if current is not None:
        switch = mark_safe(' <span class="openqi-switch">(switch)</span>') if len(organisations) > 1 else ""  # nosec B308 # a fixed literal, no input
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
    return {
        "account_items": account,
        "nav_items": nav,
        "current_org": current,
        "org_count": len(organisations),
        "unread_count": unread,
    }
