"""Writes for API tokens: issue, revoke, and the record of each use. Atomic and audited."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.api.models import SERVICE_TOKEN_ROLE, ApiToken, TokenAccess, TokenKind, TokenScope
from openqi.audit.services import audit_log
from openqi.organisations.access import OrgAccess, role_at_least
from openqi.organisations.models import Role

MAX_DAYS = 366


@transaction.atomic
def token_issue(
    *,
    actor: User,
    access: OrgAccess,
    kind: str,
    name: str,
    role: str,
    token_access: str,
    expires_on: datetime.date,
    scope: str = TokenScope.API,
) -> tuple[ApiToken, str]:
    """Make a token and return it with its secret, which is never stored and never shown again."""
    errors: dict[str, str] = {}
    if kind not in TokenKind.values:
        errors["kind"] = "Choose a kind of token"
    elif kind == TokenKind.SERVICE and not access.has_role(SERVICE_TOKEN_ROLE):
        raise PermissionDenied("Only organisation admins can issue service tokens.")
    if role not in Role.values or role == Role.PARTNER:
        errors["role"] = "Choose a role: staff or above"
    elif not role_at_least(access.acting_role, role):
        errors["role"] = "Choose a role no higher than your own"
    if token_access not in TokenAccess.values:
        errors["access"] = "Choose read only, or read and write"
    today = timezone.localdate()
    if expires_on <= today:
        errors["expires_on"] = "The expiry date must be in the future"
    elif expires_on > today + datetime.timedelta(days=MAX_DAYS):
        errors["expires_on"] = f"The expiry date must be within {MAX_DAYS} days"
    if not name.strip():
        errors["name"] = "Enter a name for the token"
    if scope not in TokenScope.values:
        errors["scope"] = "Choose what will use the token"
    elif scope == TokenScope.SCIM:
        # Provisioning invites people and ends memberships: an admin's organisation token only.
        if kind != TokenKind.SERVICE:
            errors["kind"] = "A SCIM provisioning token must be an organisation service token"
        if role != Role.ORG_ADMIN:
            errors["role"] = "A SCIM provisioning token needs the organisation admin role"
        if token_access != TokenAccess.WRITE:
            errors["access"] = "A SCIM provisioning token must be able to read and write"
    if errors:
        raise ValidationError(errors)
    secret, prefix, digest = ApiToken.new_secret()
    expires_at = datetime.datetime.combine(expires_on, datetime.time.max, tzinfo=timezone.get_current_timezone())
    token = ApiToken.objects.create(
        organisation=access.organisation,
        kind=kind,
        name=name.strip(),
        user=actor,
        role=role,
        access=token_access,
        scope=scope,
        prefix=prefix,
        digest=digest,
        expires_at=expires_at,
    )
    audit_log(
        actor=actor,
        action="api.token_issue",
        organisation=access.organisation,
        obj=token,
        detail={
            "kind": kind,
            "scope": scope,
            "prefix": prefix,
            "role": role,
            "access": token_access,
            "expires": str(expires_on),
        },
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, access: OrgAccess, token: ApiToken) -> ApiToken:
    if token.organisation_id != access.organisation.pk:
        raise PermissionDenied("This token belongs to another organisation.")
    if token.user_id != actor.pk and not access.has_role(SERVICE_TOKEN_ROLE):
        raise PermissionDenied("Only the token's owner or an organisation admin can revoke it.")
    if token.revoked_at is not None:
        raise ValidationError("This token has already been revoked.")
    token.revoked_at, token.revoked_by = timezone.now(), actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_log(
        actor=actor,
        action="api.token_revoke",
        organisation=access.organisation,
        obj=token,
        detail={"prefix": token.prefix, "kind": token.kind},
    )
    return token


def token_use_record(*, token: ApiToken, method: str, path: str, refused: str = "") -> None:
    """Every use of a token is audited (and marks it used), allowed or refused."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    detail = {"prefix": token.prefix, "method": method, "path": path[:300]}
    if refused:
        detail["refused"] = refused
    audit_log(
        actor=token.user, action="api.refused" if refused else "api.use", organisation=token.organisation, detail=detail
    )
