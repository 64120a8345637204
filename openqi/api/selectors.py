"""Reading API tokens. Every list is scoped to one organisation."""

from django.db.models import QuerySet

from openqi.api.models import SERVICE_TOKEN_ROLE, ApiToken, TokenKind
from openqi.organisations.access import OrgAccess


def token_list(*, access: OrgAccess, user_id: int) -> QuerySet[ApiToken]:
    """This person's personal tokens and, for an organisation admin, the organisation's service
    tokens. Nobody sees another person's personal tokens."""
    tokens = ApiToken.objects.filter(organisation=access.organisation).select_related("user", "revoked_by")
    mine = tokens.filter(kind=TokenKind.PERSONAL, user_id=user_id)
    if access.has_role(SERVICE_TOKEN_ROLE):
        return mine | tokens.filter(kind=TokenKind.SERVICE)
    return mine


def token_get(*, access: OrgAccess, user_id: int, token_id: int) -> ApiToken | None:
    return token_list(access=access, user_id=user_id).filter(pk=token_id).first()


def token_by_secret(*, secret: str) -> ApiToken | None:
    """The token this secret stands for, whatever its state (the caller checks expiry and revocation)."""
    return (
        ApiToken.objects.filter(digest=ApiToken.digest_of(secret))
        .select_related("organisation", "organisation__system", "user")
        .first()
    )
