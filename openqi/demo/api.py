"""Demo API tokens for `seed_demo`: the Northfield lead's tokens page shows two in use. Their
secrets are thrown away at once (a demo must not carry a usable credential); make a new token on
the page to try the API.

The demo and the API are independent siblings of the composition layer, so the model is looked up
through the app registry rather than imported."""

import datetime

from django.apps import apps
from django.utils import timezone

from openqi.accounts.models import User
from openqi.organisations.models import Organisation


def seed_api_tokens(*, organisation: Organisation, lead: User) -> None:
    api_token = apps.get_model("api", "ApiToken")
    if api_token.objects.filter(organisation=organisation, user=lead).exists():
        return
    now = timezone.now()
    for name, role, token_access, days, used_hours_ago in (
        ("Power BI board pack refresh", "staff", "read", 300, 5),
        ("Data warehouse nightly load", "champion", "write", 90, 14),
    ):
        _, prefix, digest = api_token.new_secret()
        api_token.objects.create(
            organisation=organisation,
            kind="personal",
            name=name,
            user=lead,
            role=role,
            access=token_access,
            prefix=prefix,
            digest=digest,
            expires_at=now + datetime.timedelta(days=days),
            last_used_at=now - datetime.timedelta(hours=used_hours_ago),
        )
