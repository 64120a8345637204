"""Signing a delivery, and checking a signature, as a receiver does (docs/api.md has the same in stdlib).

    X-OpenQI-Timestamp: 1796648400
    X-OpenQI-Signature: v1=<hex HMAC-SHA256 of "1796648400." + body, keyed with the secret>

The timestamp is signed with the body, so a captured delivery cannot be replayed later with a new
time; a receiver refuses a timestamp more than five minutes from its clock.

For a day after the secret is rotated, the header lists two signatures, separated by a space: the
new secret's first, then the old one's (`v1=<new> v1=<old>`), as Standard Webhooks does. A
receiver accepts a delivery when any listed signature matches the secret it holds, so it can
switch to the new secret at any time in that day without refusing a message.
"""

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping
from typing import Any

SECRET_PREFIX = "whsec_"  # noqa: S105  (a marker that makes a leaked secret easy to scan for)
TOLERANCE_SECONDS = 300


def secret_new() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def body_of(document: Mapping[str, Any]) -> bytes:
    """The exact bytes sent: compact and sorted, so every attempt of a delivery sends the same body."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), allow_nan=False).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"v1={digest}"


def signature_header(secrets_in_use: list[str], timestamp: int, body: bytes) -> str:
    """Every secret in use signs; a receiver holding any one of them can check the delivery."""
    return " ".join(signature(secret, timestamp, body) for secret in secrets_in_use)


def signature_valid(secret: str, timestamp: str, body: bytes, header: str, *, now: float | None = None) -> bool:
    try:
        sent_at = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - sent_at) > TOLERANCE_SECONDS:
        return False
    expected = signature(secret, sent_at, body)
    # compare_digest on each listed signature; any(...) would stop early, so every one is compared.
    matches = [hmac.compare_digest(expected, listed) for listed in header.split()]
    return True in matches
