"""A demo webhook for `seed_demo`: Northfield's admins see one subscription with a delivery log of
successes, a retry and a failure. Its signing secret is not kept (a demo carries no usable
credential), so anything it tries to send fails saying so; add a webhook on the page to try one.

The demo and the API are independent siblings of the composition layer, so the models are looked
up through the app registry rather than imported."""

import datetime
import uuid

from django.apps import apps
from django.utils import timezone

from openqi.accounts.models import User
from openqi.organisations.models import Organisation


def seed_webhooks(*, organisation: Organisation, admin: User) -> None:
    webhook_model = apps.get_model("api", "Webhook")
    delivery_model = apps.get_model("api", "WebhookDelivery")
    if webhook_model.objects.filter(organisation=organisation).exists():
        return
    now = timezone.now()
    webhook = webhook_model.objects.create(
        organisation=organisation,
        name="Trust intranet: improvement news",
        url="https://intranet.northfield.example/hooks/openqi",
        events=["idea.answered", "pdsa.completed", "measure.special_cause"],
        # No secret is kept: the demo carries no usable credential.
        secret_sealed="",  # nosec B106
        secret_hint="whsec_demo",  # noqa: S106  # nosec B106 -- a label for the page, not a secret
        created_by=admin,
        created_at=now - datetime.timedelta(days=20),
    )
    rows = [
        (
            "idea.answered",
            {"idea_id": 1, "title": "Clocks in side rooms", "status": "implemented"},
            96,
            "delivered",
            1,
            200,
            184,
            "",
        ),
        (
            "pdsa.completed",
            {"cycle_id": 1, "decision": "adopt", "objective": "Cohort bay at night"},
            50,
            "delivered",
            1,
            204,
            97,
            "",
        ),
        (
            "measure.special_cause",
            {"measure_id": 1, "name": "Falls per 1,000 bed days"},
            30,
            "delivered",
            3,
            200,
            212,
            "",
        ),
        (
            "idea.answered",
            {"idea_id": 2, "title": "Quiet hour after lunch", "status": "not_taken_forward"},
            6,
            "failed",
            6,
            503,
            10012,
            "The receiver answered 503",
        ),
        (
            "pdsa.completed",
            {"cycle_id": 2, "decision": "adapt", "objective": "Intentional rounding"},
            1,
            "retrying",
            2,
            502,
            1350,
            "The receiver answered 502",
        ),
    ]
    for event, payload, hours_ago, status, attempts, code, duration, error in rows:
        at = now - datetime.timedelta(hours=hours_ago)
        delivery_model.objects.create(
            webhook=webhook,
            organisation=organisation,
            event=event,
            event_id=uuid.uuid4(),
            payload=payload,
            occurred_at=at,
            created_at=at,
            status=status,
            attempts=attempts,
            response_code=code,
            duration_ms=duration,
            error=error,
            last_attempt_at=at,
            next_attempt_at=now + datetime.timedelta(minutes=4) if status == "retrying" else None,
            delivered_at=at if status == "delivered" else None,
        )
