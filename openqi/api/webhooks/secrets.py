"""The signing secret, sealed at rest like SSO client secrets (Fernet), under a key of its own.

Unlike an API token, the secret cannot be kept as a digest: every delivery is signed with it. The
key is derived from SSO_SECRET_KEY (or SECRET_KEY when that is unset) with a different purpose
string from the SSO secrets', so one sealed value cannot be opened as the other. Rotating that key
leaves the old secrets unreadable: deliveries then fail and an admin rotates the webhook's secret.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from openqi.api.webhooks.models import Webhook

SEALED_PREFIX = "fernet:"


def _fernet() -> Fernet:
    key = getattr(settings, "SSO_SECRET_KEY", "") or settings.SECRET_KEY
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"openqi-webhook-signing-secret:{key}".encode()).digest()))


def secret_seal(raw: str) -> str:
    return SEALED_PREFIX + _fernet().encrypt(raw.encode()).decode()


def _open(sealed: str) -> str:
    try:
        return _fernet().decrypt(sealed.removeprefix(SEALED_PREFIX).encode()).decode()
    except InvalidToken:
        return ""  # the key changed; signing with "" is refused by every receiver


def webhook_secret(webhook: Webhook) -> str:
    return _open(webhook.secret_sealed)


def webhook_signing_secrets(webhook: Webhook) -> list[str]:
    """The secrets a delivery is signed with now: the current one, then, during the grace period
    after a rotation, the previous one. An unreadable current secret gives an empty list."""
    current = webhook_secret(webhook)
    if not current:
        return []
    previous = _open(webhook.previous_secret_sealed) if webhook.previous_secret_in_use() else ""
    return [current, previous] if previous else [current]
