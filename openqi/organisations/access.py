"""Tenancy: who may see an organisation's pages.

Every view of organisation data is wrapped in `org_view`: it resolves `/o/<org_slug>/`, re-checks
membership on every request, gives a non-member 404 (so outsiders cannot even learn that an
organisation or object exists) and a member without the role 403. System admins reach the
organisations of their own system only, and only where a view allows it explicitly.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse

from openqi.organisations.models import ROLE_RANK, Membership, Organisation, SystemMembership, SystemRole


@dataclass(frozen=True)
class OrgAccess:
    organisation: Organisation
    membership: Membership | None
    is_system_admin: bool

    def has_role(self, minimum: str) -> bool:
        if self.is_system_admin:
            return True
        return self.membership is not None and self.membership.has_role(minimum)

    @property
    def acting_role(self) -> str:
        """The organisation role this person acts with: a system admin acts as an org admin."""
        return self.membership.role if self.membership is not None else "org_admin"

    @property
    def role(self) -> str:
        if self.membership is not None:
            return self.membership.role
        return SystemRole.SYSTEM_ADMIN if self.is_system_admin else ""


def org_access_get(*, user: Any, org_slug: str) -> OrgAccess | None:
    if not user.is_authenticated:
        return None
    # Whether they are a system admin of its ICS comes with the organisation (one query less on
    # every organisation page).
    organisation = (
        Organisation.objects.filter(slug=org_slug)
        .select_related("system")
        .annotate(
            reader_is_system_admin=Exists(
                SystemMembership.objects.filter(
                    user=user, system_id=OuterRef("system_id"), role=SystemRole.SYSTEM_ADMIN
                )
            )
        )
        .first()
    )
    if organisation is None:
        return None
    membership = Membership.objects.filter(user=user, organisation=organisation).select_related("team").first()
    is_system_admin = bool(organisation.reader_is_system_admin)  # type: ignore[attr-defined]  # annotation
    if membership is None and not is_system_admin:
        return None
    return OrgAccess(organisation=organisation, membership=membership, is_system_admin=is_system_admin)


ViewFunc = Callable[..., HttpResponse]


def org_view_allows(access: OrgAccess | None, minimum_role: str = "staff", *, allow_partner: bool = False) -> bool:
    """The role rule of `org_view`: whether someone with this access (None: not a member) may open
    a page wrapped with these arguments. The page's 403 and the header's link both ask this."""
    if access is None:
        return False
    needed = "partner" if allow_partner and minimum_role == "staff" else minimum_role
    return access.has_role(needed)


def org_view(minimum_role: str = "staff", *, allow_partner: bool = False) -> Callable[[ViewFunc], ViewFunc]:
    """Wrap a view taking `org_slug`; the view receives `access` instead of the slug.

    The wrapped view carries `nav_permits(request, scope)`, the same rule for the header: a link to
    the page shows only to readers it would let in (`openqi.core.navigation`)."""

    def nav_permits(request: HttpRequest, scope: Any) -> bool:
        return org_view_allows(scope.access, minimum_role, allow_partner=allow_partner)

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, org_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = org_access_get(user=request.user, org_slug=org_slug)
            if access is None:
                raise Http404("No such organisation.")
            if not org_view_allows(access, minimum_role, allow_partner=allow_partner):
                raise PermissionDenied("Your role does not allow this.")
            if request.session.get("current_org") != access.organisation.slug:  # no session write per page
                request.session["current_org"] = access.organisation.slug
            request.org_access = access  # type: ignore[attr-defined]  # read back by the navigation with getattr
            return view(request, access, *args, **kwargs)

        wrapper.org_scoped = True  # type: ignore[attr-defined]  # a marker for introspection (function attribute)
        wrapper.minimum_role = minimum_role  # type: ignore[attr-defined]  # likewise
        wrapper.nav_permits = nav_permits  # type: ignore[attr-defined]  # read by core.navigation
        return wrapper

    return decorator


def role_at_least(role: str, minimum: str) -> bool:
    return ROLE_RANK.get(role, -1) >= ROLE_RANK[minimum]
