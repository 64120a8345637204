"""One attempt at a delivery: sign, send, record; schedule the next attempt with exponential backoff.

Run only by the task worker (`tasks.webhook_deliver`), never during a request. An attempt is claimed
by a conditional update on its attempt count, so two workers never send the same attempt.
"""

import datetime
import logging
import time

import requests
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from openqi.api.webhooks.addresses import AddressRefused, address_resolve_check
from openqi.api.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from openqi.api.webhooks.secrets import webhook_signing_secrets
from openqi.api.webhooks.signing import body_of, signature_header
from openqi.audit.services import audit_log
from openqi.notifications.services import notification_create
from openqi.organisations.models import Membership, Role

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY = datetime.timedelta(minutes=1)
BACKOFF_FACTOR = 4  # 1, 4, 16, 64 and 256 minutes: the last try about six hours after the first
DISABLE_AFTER = 5  # deliveries in a row that failed every attempt
CONNECT_TIMEOUT, READ_TIMEOUT = 3.05, 10
USER_AGENT = "OpenQI-Webhooks/1"


def retry_delay(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failed attempt."""
    return FIRST_RETRY * BACKOFF_FACTOR ** (attempts - 1)


def document_of(delivery: WebhookDelivery) -> dict[str, object]:
    return {
        "id": str(delivery.uuid),
        "event_id": str(delivery.event_id),
        "event": delivery.event,
        "occurred_at": delivery.occurred_at.isoformat(),
        "organisation": {"id": delivery.organisation_id, "slug": delivery.organisation.slug},
        "data": delivery.payload,
    }


def _post(webhook: Webhook, delivery: WebhookDelivery) -> tuple[int | None, str]:
    """(response code, error words); a 2xx code with no error is success."""
    try:
        address_resolve_check(webhook.url)
    except AddressRefused as refusal:
        return None, str(refusal)[:200]
    secrets_in_use = webhook_signing_secrets(webhook)
    if not secrets_in_use:
        return None, "The signing secret can no longer be read: rotate it on the webhook's page"
    body = body_of(document_of(delivery))
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-OpenQI-Event": delivery.event,
        "X-OpenQI-Event-Id": str(delivery.event_id),
        "X-OpenQI-Delivery": str(delivery.uuid),
        "X-OpenQI-Timestamp": str(timestamp),
        "X-OpenQI-Signature": signature_header(secrets_in_use, timestamp, body),
    }
    try:
        response = requests.post(
            webhook.url, data=body, headers=headers, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT), allow_redirects=False
        )
    except requests.RequestException as error:
        return None, type(error).__name__
    response.close()  # the body is never read: a receiver cannot make us download anything
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    if 300 <= response.status_code < 400:
        return response.status_code, "Redirects are not followed"
    return response.status_code, f"The receiver answered {response.status_code}"


def delivery_attempt(*, delivery_id: int) -> datetime.datetime | None:
    """Make one attempt. Returns when to try again, or None when the delivery is finished."""
    delivery = (
        WebhookDelivery.objects.select_related("webhook", "organisation")
        .filter(pk=delivery_id, status__in=(DeliveryStatus.PENDING, DeliveryStatus.RETRYING))
        .first()
    )
    if delivery is None:
        return None
    webhook = delivery.webhook
    if not webhook.active:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.CANCELLED, next_attempt_at=None)
        return None
    started = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, attempts=delivery.attempts, status__in=(DeliveryStatus.PENDING, DeliveryStatus.RETRYING)
    ).update(attempts=F("attempts") + 1, last_attempt_at=started)
    if not claimed:  # another worker took this attempt
        return None
    attempts = delivery.attempts + 1
    clock = time.monotonic()
    code, error = _post(webhook, delivery)
    duration_ms = round((time.monotonic() - clock) * 1000)
    fields = {"response_code": code, "duration_ms": duration_ms, "error": error}
    if not error:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.DELIVERED, delivered_at=timezone.now(), next_attempt_at=None, **fields
        )
        Webhook.objects.filter(pk=webhook.pk, failures_in_a_row__gt=0).update(failures_in_a_row=0)
        return None
    logger.info("Webhook %s delivery %s attempt %s failed: %s", webhook.pk, delivery.pk, attempts, error)
    if attempts < MAX_ATTEMPTS:
        next_at = timezone.now() + retry_delay(attempts)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.RETRYING, next_attempt_at=next_at, **fields
        )
        return next_at
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, next_attempt_at=None, **fields)
    _count_failure(webhook.pk)
    return None


@transaction.atomic
def _count_failure(webhook_id: int) -> None:
    """A delivery failed every attempt: after DISABLE_AFTER in a row, turn the webhook off and tell
    the organisation's admins, rather than keep knocking on a door that is gone."""
    webhook = Webhook.objects.select_for_update().select_related("organisation").get(pk=webhook_id)
    webhook.failures_in_a_row += 1
    if webhook.failures_in_a_row < DISABLE_AFTER or not webhook.active:
        webhook.save(update_fields=["failures_in_a_row"])
        return
    webhook.active = False
    webhook.disabled_at = timezone.now()
    webhook.disabled_reason = f"Turned off after {webhook.failures_in_a_row} deliveries in a row failed"
    webhook.save(update_fields=["failures_in_a_row", "active", "disabled_at", "disabled_reason"])
    organisation = webhook.organisation
    audit_log(
        actor=None,
        action="api.webhook_disable",
        organisation=organisation,
        obj=webhook,
        detail={"reason": webhook.disabled_reason},
    )
    url = reverse("api:webhook_detail", args=[organisation.slug, webhook.pk])
    admins = Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN, user__is_active=True)
    for membership in admins.select_related("user"):
        notification_create(
            user=membership.user,
            organisation=organisation,
            title=f"Webhook “{webhook.name}” was turned off",
            body=f"{webhook.disabled_reason}. Check the receiver, then turn the webhook on again.",
            url=url,
            important=True,
        )
