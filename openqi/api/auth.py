"""Who is calling: a bearer token, checked on every request against its organisation, its
person's current role, expiry, revocation, read/write access and its rate limit.

Refusals follow the web app: no token or a dead one is 401; a token of another organisation gets
404 (an outsider learns nothing about what exists); a token without the role or without write
access gets 403; too many requests get 429 with Retry-After.
"""

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.security import HttpBearer

from openqi.accounts.models import User
from openqi.api.models import ApiToken, TokenAccess, TokenScope
from openqi.api.selectors import token_by_secret
from openqi.api.services import token_use_record
from openqi.organisations.access import OrgAccess, org_access_get
from openqi.organisations.models import ROLE_RANK, Membership, Role

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class RateLimited(HttpError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(429, "This token has made too many requests. Wait and try again.")
        self.retry_after = retry_after


@dataclass(frozen=True)
class ApiPrincipal:
    """The caller of one request: the token, the person it acts for, and their access (with the
    role capped at the token's)."""

    token: ApiToken
    user: User
    access: OrgAccess

    @property
    def organisation(self) -> Any:
        return self.access.organisation

    @property
    def can_write(self) -> bool:
        return self.token.access == TokenAccess.WRITE


def token_capped_access(access: OrgAccess, token: ApiToken) -> OrgAccess:
    """The person's access with the role no higher than the token's. A system admin's token acts
    as the token's role, never as a system admin."""
    person_role = access.membership.role if access.membership is not None else Role.ORG_ADMIN
    role = token.role if ROLE_RANK.get(token.role, -1) <= ROLE_RANK[person_role] else person_role
    team_id = access.membership.team_id if access.membership is not None else None
    # Not saved: an in-memory membership carrying the capped role to selectors that read `has_role`.
    membership = Membership(user=token.user, organisation=access.organisation, role=role, team_id=team_id)
    return OrgAccess(organisation=access.organisation, membership=membership, is_system_admin=False)


def token_rate_limit(token: ApiToken) -> None:
    per_minute = settings.API_RATE_LIMIT_PER_MINUTE
    window = int(time.time() // 60)
    key = f"api-rate:{token.pk}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count > per_minute:
        raise RateLimited(retry_after=60 - int(time.time() % 60))


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiPrincipal | None:
        found = token_by_secret(secret=token)
        if found is None:
            return None
        method, path = request.method or "GET", request.path
        if found.scope != TokenScope.API:
            token_use_record(token=found, method=method, path=path, refused="a SCIM token on the API")
            raise AuthorizationError(403, "This token is for SCIM provisioning only (/scim/v2/).")
        if not found.is_active():
            token_use_record(token=found, method=method, path=path, refused="expired or revoked")
            raise AuthenticationError(401, "This token has expired or been revoked.")
        org_slug = request.resolver_match.kwargs.get("org_slug") if request.resolver_match else None
        if org_slug is not None and org_slug != found.organisation.slug:
            token_use_record(token=found, method=method, path=path, refused="another organisation")
            raise Http404("No such organisation.")
        access = org_access_get(user=found.user, org_slug=found.organisation.slug)
        if access is None or not found.user.is_active:
            token_use_record(token=found, method=method, path=path, refused="no longer a member")
            raise AuthenticationError(401, "The person this token acts for is no longer a member.")
        token_rate_limit(found)
        principal = ApiPrincipal(token=found, user=found.user, access=token_capped_access(access, found))
        if method not in SAFE_METHODS and not principal.can_write:
            token_use_record(token=found, method=method, path=path, refused="read-only token")
            raise AuthorizationError(403, "This token is read only.")
        token_use_record(token=found, method=method, path=path)
        return principal


def principal_of(request: HttpRequest, minimum_role: str = Role.STAFF) -> ApiPrincipal:
    """The caller, with a role check: a token below `minimum_role` is refused with 403."""
    principal: ApiPrincipal = request.auth  # type: ignore[attr-defined]  # set by ninja from TokenAuth
    if not principal.access.has_role(minimum_role):
        raise AuthorizationError(403, "This token's role does not allow this.")
    return principal
