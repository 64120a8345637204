"""The receiver example in docs/api.md accepts a real signed delivery and refuses a tampered one."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from openqi.api.tests.webhook_receiver import Receiver
from openqi.api.webhooks.models import WebhookEvent
from openqi.api.webhooks.services import webhook_create, webhook_ping
from openqi.organisations.access import org_access_get

pytestmark = pytest.mark.django_db


def _documented_receiver() -> dict[str, Any]:
    text = (Path(django_settings.BASE_DIR) / "docs" / "api.md").read_text()
    section = text.split("### A receiver that checks the signature", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    namespace: dict[str, Any] = {"__name__": "docs_receiver"}
    exec(compile(code.group(1), "docs/api.md", "exec"), namespace)  # noqa: S102  (our own documentation)
    return namespace


def test_the_documented_verify_accepts_openqis_signature(personas: Any, receiver: Receiver) -> None:
    access = org_access_get(user=personas.admin.user, org_slug="alpha")
    assert access is not None
    webhook, secret = webhook_create(
        actor=personas.admin.user, access=access, name="Docs", url=receiver.url, events=list(WebhookEvent.values)
    )
    webhook_ping(actor=personas.admin.user, access=access, webhook=webhook)
    [request] = receiver.requests
    verify = _documented_receiver()["verify"]
    timestamp, signature = request.headers["X-OpenQI-Timestamp"], request.headers["X-OpenQI-Signature"]
    assert verify(secret.encode(), timestamp, signature, request.body)
    assert not verify(secret.encode(), timestamp, signature, request.body.replace(b"ping", b"pong"))
    assert not verify(b"whsec_other", timestamp, signature, request.body)
    assert not verify(secret.encode(), str(int(timestamp) - 3600), signature, request.body)
