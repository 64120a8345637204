"""API tokens: personal access tokens and organisation service tokens.

A token is shown once, when it is made; only its SHA-256 digest is kept. The secret is 32 random
bytes, so a fast digest is enough (nothing to brute-force), and it lets a request find its token
with one indexed lookup. The prefix (`oqi_` and eight characters) is kept in clear so people can
tell their tokens apart in the list and in the audit log.
"""

import datetime
import hashlib
import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "oqi_"  # noqa: S105  (a marker that makes leaked tokens easy to scan for, not a secret)
# Service tokens belong to the organisation: only its admins issue, list and revoke them.
SERVICE_TOKEN_ROLE = "org_admin"  # noqa: S105  (a role name, not a secret)


class TokenKind(models.TextChoices):
    PERSONAL = "personal", "Personal access token"
    SERVICE = "service", "Organisation service token"


class TokenAccess(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and write"


class TokenScope(models.TextChoices):
    API = "api", "The OpenQI API"
    # SCIM 2.0 provisioning from an identity provider (ADR 0035): only /scim/v2/, never /api/v1/.
    SCIM = "scim", "SCIM provisioning (Microsoft Entra ID)"


class ApiToken(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=TokenKind.choices)
    name = models.CharField(max_length=100)
    # The person it acts for: the owner of a personal token, the issuer of a service token. A token
    # never acts above this person's current role in the organisation (checked on every request).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20)
    access = models.CharField(max_length=10, choices=TokenAccess.choices, default=TokenAccess.READ)
    scope = models.CharField(max_length=10, choices=TokenScope.choices, default=TokenScope.API)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-id")
        indexes: ClassVar = [models.Index(fields=("organisation", "kind"), name="api_token_org_kind")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_secret() -> tuple[str, str, str]:
        """A fresh token: (the full token to show once, its prefix, its digest)."""
        prefix = TOKEN_PREFIX + secrets.token_hex(4)
        token = f"{prefix}_{secrets.token_urlsafe(32)}"
        return token, prefix, ApiToken.digest_of(token)

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def is_active(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Active"


# Webhooks live in their own package; their models are the api app's.
from openqi.api.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery, WebhookEvent  # noqa: E402

__all__ = [
    "ApiToken",
    "DeliveryStatus",
    "TokenAccess",
    "TokenKind",
    "TokenScope",
    "Webhook",
    "WebhookDelivery",
    "WebhookEvent",
]
