"""What the API holds about a person (registered in `openqi.core.personal_data`).

Their tokens: export lists each token's name, organisation, access and dates (never its digest).
Erasure deletes the tokens they own or issued (a service token acts for its issuer, ADR 0019, so
it stops with them); tokens they revoked for others keep the revocation, by a former member. Each
use of a token is in the audit trail, which the audit step pseudonymises."""

from typing import Any

from openqi.accounts.models import User
from openqi.api.models import ApiToken
from openqi.core import personal_data


def export_personal_data(*, user: User) -> dict[str, Any]:
    return {
        "api_tokens": list(
            ApiToken.objects.filter(user=user)
            .order_by("created_at", "id")
            .values(
                "organisation__name",
                "kind",
                "name",
                "role",
                "access",
                "prefix",
                "created_at",
                "expires_at",
                "last_used_at",
                "revoked_at",
            )
        )
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    tokens, _ = ApiToken.objects.filter(user=user).delete()
    revoked = ApiToken.objects.filter(revoked_by=user).update(revoked_by=None)
    return {"api_tokens": tokens, "api_tokens_revoked_by": revoked}


personal_data.register(app="api", export=export_personal_data, erase=erase_personal_data)
