"""Who is provisioning: an organisation service token with the `scim` scope (ADR 0035).

Checked on every request, like the API's tokens (openqi/api/auth.py): another organisation's
token gets 404 (an outsider learns nothing), no token or a dead one 401, a token that is not a
SCIM token, or whose issuer is no longer an organisation admin, 403; every use is audited and
rate-limited.
"""

from dataclasses import dataclass

from django.http import HttpRequest

from openqi.accounts.models import User
from openqi.api.auth import RateLimited, token_capped_access, token_rate_limit
from openqi.api.models import ApiToken, TokenScope
from openqi.api.scim.errors import ScimError
from openqi.api.selectors import token_by_secret
from openqi.api.services import token_use_record
from openqi.organisations.access import org_access_get
from openqi.organisations.models import Organisation, Role


@dataclass(frozen=True)
class ScimCaller:
    token: ApiToken
    user: User
    organisation: Organisation
    role: str


def scim_caller(request: HttpRequest, org_slug: str) -> ScimCaller:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ScimError(401, "Send the SCIM token: Authorization: Bearer <token>.")
    found = token_by_secret(secret=secret.strip())
    if found is None:
        raise ScimError(401, "This token is not known.")
    method, path = request.method or "GET", request.path
    if found.organisation.slug != org_slug:
        token_use_record(token=found, method=method, path=path, refused="another organisation")
        raise ScimError(404, "Nothing here, or not in this token's organisation.")
    if not found.is_active():
        token_use_record(token=found, method=method, path=path, refused="expired or revoked")
        raise ScimError(401, "This token has expired or been revoked.")
    if found.scope != TokenScope.SCIM:
        token_use_record(token=found, method=method, path=path, refused="not a SCIM token")
        raise ScimError(403, "This token is not a SCIM provisioning token. An organisation admin can make one.")
    access = org_access_get(user=found.user, org_slug=org_slug)
    if access is None or not found.user.is_active:
        token_use_record(token=found, method=method, path=path, refused="no longer a member")
        raise ScimError(401, "The person who made this token is no longer a member. Make a new token.")
    capped = token_capped_access(access, found)
    if not capped.has_role(Role.ORG_ADMIN):
        token_use_record(token=found, method=method, path=path, refused="not an organisation admin")
        raise ScimError(403, "The person who made this token is no longer an organisation admin.")
    try:
        token_rate_limit(found)
    except RateLimited as limited:
        raise ScimError(429, limited.message, headers={"Retry-After": str(limited.retry_after)}) from limited
    token_use_record(token=found, method=method, path=path)
    return ScimCaller(token=found, user=found.user, organisation=access.organisation, role=Role.ORG_ADMIN)
