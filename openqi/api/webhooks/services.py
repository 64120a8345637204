"""Writes for webhooks: subscribe, edit, rotate the secret, turn off and on, delete, redeliver, ping,
and the deliveries an event makes. Only organisation admins manage webhooks; every change is audited."""

import datetime
from collections.abc import Sequence
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.api.webhooks.addresses import AddressRefused, address_check
from openqi.api.webhooks.models import PING, DeliveryStatus, Webhook, WebhookDelivery, WebhookEvent
from openqi.api.webhooks.secrets import secret_seal
from openqi.api.webhooks.signing import secret_new
from openqi.api.webhooks.tasks import webhook_deliver
from openqi.audit.services import audit_log
from openqi.core.events import DomainEvent
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Role

MAX_WEBHOOKS = 20  # per organisation
MAX_DESCRIPTION = 500
# How long the old secret still signs deliveries after a rotation (docs/api.md).
ROTATION_GRACE = datetime.timedelta(hours=24)


def _require_admin(access: OrgAccess) -> None:
    if not access.has_role(Role.ORG_ADMIN):
        raise PermissionDenied("Only organisation admins can manage webhooks.")


def _own(access: OrgAccess, webhook: Webhook) -> None:
    _require_admin(access)
    if webhook.organisation_id != access.organisation.pk:
        raise PermissionDenied("This webhook belongs to another organisation.")


def _queue(delivery: WebhookDelivery) -> None:
    transaction.on_commit(partial(webhook_deliver.enqueue, delivery.pk))


def _checked(name: str, description: str, url: str, events: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """Field errors and the chosen events, in the list's order. The address goes through the SSRF
    check (addresses.py) whether it is new or changed."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Enter a name for the webhook"
    if len(description.strip()) > MAX_DESCRIPTION:
        errors["description"] = f"Description must be {MAX_DESCRIPTION} characters or fewer"
    try:
        address_check(url.strip())
    except AddressRefused as refusal:
        errors["url"] = str(refusal)
    chosen = [value for value in WebhookEvent.values if value in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        errors["events"] = "Choose at least one event from the list"
    return errors, chosen


@transaction.atomic
def webhook_create(
    *, actor: User, access: OrgAccess, name: str, url: str, events: Sequence[str], description: str = ""
) -> tuple[Webhook, str]:
    """Subscribe an address; returns the webhook and its signing secret, shown this once."""
    _require_admin(access)
    errors, chosen = _checked(name, description, url, events)
    if Webhook.objects.filter(organisation=access.organisation).count() >= MAX_WEBHOOKS:
        errors["name"] = f"An organisation can have at most {MAX_WEBHOOKS} webhooks: delete one first"
    if errors:
        raise ValidationError(errors)
    secret = secret_new()
    url = url.strip()
    webhook = Webhook.objects.create(
        organisation=access.organisation,
        name=name.strip(),
        description=description.strip(),
        url=url,
        events=chosen,
        secret_sealed=secret_seal(secret),
        secret_hint=secret[:10],
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="api.webhook_create",
        organisation=access.organisation,
        obj=webhook,
        detail={"url": url, "events": chosen},
    )
    return webhook, secret


@transaction.atomic
def webhook_update(
    *, actor: User, access: OrgAccess, webhook: Webhook, name: str, description: str, url: str, events: Sequence[str]
) -> Webhook:
    """Change the name, description, address or events. A new address is checked as a new webhook's
    is; deliveries still being tried go to the new address. The secret is not changed (rotate it)."""
    _own(access, webhook)
    errors, chosen = _checked(name, description, url, events)
    if errors:
        raise ValidationError(errors)
    new = {"name": name.strip(), "description": description.strip(), "url": url.strip(), "events": chosen}
    changed = {
        field: {"from": getattr(webhook, field), "to": value}
        for field, value in new.items()
        if getattr(webhook, field) != value
    }
    if not changed:
        return webhook
    for field, value in new.items():
        setattr(webhook, field, value)
    webhook.save(update_fields=list(changed))
    audit_log(
        actor=actor,
        action="api.webhook_update",
        organisation=access.organisation,
        obj=webhook,
        detail={"changed": changed},
    )
    return webhook


@transaction.atomic
def webhook_secret_rotate(*, actor: User, access: OrgAccess, webhook: Webhook) -> tuple[Webhook, str]:
    """A new signing secret, returned this once. For ROTATION_GRACE deliveries are signed with both
    the new and the old secret (`X-OpenQI-Signature: v1=<new> v1=<old>`), so the receiver can switch
    at any time in that day; then with the new one only. Rotating again within the grace period
    drops the oldest secret: only the last two are ever in use."""
    _own(access, webhook)
    webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
    secret = secret_new()
    now = timezone.now()
    webhook.previous_secret_sealed = webhook.secret_sealed
    webhook.previous_secret_hint = webhook.secret_hint
    webhook.previous_secret_until = now + ROTATION_GRACE
    webhook.secret_sealed = secret_seal(secret)
    webhook.secret_hint = secret[:10]
    webhook.secret_rotated_at = now
    webhook.save(
        update_fields=[
            "previous_secret_sealed",
            "previous_secret_hint",
            "previous_secret_until",
            "secret_sealed",
            "secret_hint",
            "secret_rotated_at",
        ]
    )
    audit_log(
        actor=actor,
        action="api.webhook_secret_rotate",
        organisation=access.organisation,
        obj=webhook,
        # Hints only (the first characters): a secret is never in the audit log.
        detail={
            "new_hint": webhook.secret_hint,
            "old_hint": webhook.previous_secret_hint,
            "old_until": webhook.previous_secret_until.isoformat(),
        },
    )
    return webhook, secret


@transaction.atomic
def webhook_previous_secret_end(*, actor: User, access: OrgAccess, webhook: Webhook) -> Webhook:
    """End the grace period now, once the receiver uses the new secret: the old one signs nothing more."""
    _own(access, webhook)
    if not webhook.previous_secret_in_use():
        raise ValidationError("The old secret is no longer in use.")
    webhook.previous_secret_sealed = ""
    webhook.previous_secret_until = None
    webhook.save(update_fields=["previous_secret_sealed", "previous_secret_until"])
    audit_log(
        actor=actor,
        action="api.webhook_secret_retire",
        organisation=access.organisation,
        obj=webhook,
        detail={"old_hint": webhook.previous_secret_hint},
    )
    return webhook


@transaction.atomic
def webhook_set_active(*, actor: User, access: OrgAccess, webhook: Webhook, active: bool) -> Webhook:
    _own(access, webhook)
    if webhook.active == active:
        return webhook
    webhook.active = active
    webhook.disabled_at = None if active else timezone.now()
    webhook.disabled_reason = "" if active else f"Turned off by {actor.display_name}"
    if active:
        webhook.failures_in_a_row = 0
    webhook.save(update_fields=["active", "disabled_at", "disabled_reason", "failures_in_a_row"])
    audit_log(
        actor=actor,
        action="api.webhook_enable" if active else "api.webhook_disable",
        organisation=access.organisation,
        obj=webhook,
    )
    return webhook


@transaction.atomic
def webhook_delete(*, actor: User, access: OrgAccess, webhook: Webhook) -> None:
    _own(access, webhook)
    audit_log(
        actor=actor,
        action="api.webhook_delete",
        organisation=access.organisation,
        obj=webhook,
        detail={"name": webhook.name, "url": webhook.url},
    )
    webhook.delete()


@transaction.atomic
def delivery_redeliver(*, actor: User, access: OrgAccess, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a finished delivery again, as a new delivery with the same event id (so a receiver
    that handled it already can tell it is a repeat)."""
    _own(access, delivery.webhook)
    if not delivery.webhook.active:
        raise ValidationError("Turn the webhook on before sending anything again.")
    if delivery.status not in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED):
        raise ValidationError("This delivery is still being tried: wait until it has finished.")
    again = WebhookDelivery.objects.create(
        webhook=delivery.webhook,
        organisation=delivery.organisation,
        event=delivery.event,
        event_id=delivery.event_id,
        payload=delivery.payload,
        occurred_at=delivery.occurred_at,
        redelivery_of=delivery,
    )
    audit_log(
        actor=actor,
        action="api.webhook_redeliver",
        organisation=access.organisation,
        obj=delivery.webhook,
        detail={"delivery": str(delivery.uuid), "new_delivery": str(again.uuid), "event": delivery.event},
    )
    _queue(again)
    return again


@transaction.atomic
def webhook_ping(*, actor: User, access: OrgAccess, webhook: Webhook) -> WebhookDelivery:
    """A test delivery, so an admin can check the receiver verifies the signature."""
    _own(access, webhook)
    if not webhook.active:
        raise ValidationError("Turn the webhook on before sending a test.")
    delivery = WebhookDelivery.objects.create(
        webhook=webhook,
        organisation=access.organisation,
        event=PING,
        payload={"webhook_id": webhook.pk, "events": webhook.events},
        occurred_at=timezone.now(),
    )
    audit_log(actor=actor, action="api.webhook_ping", organisation=access.organisation, obj=webhook)
    _queue(delivery)
    return delivery


def deliveries_for_event(event: DomainEvent) -> list[WebhookDelivery]:
    """The domain-event listener: one delivery per active webhook of the organisation that wants it."""
    if event.name not in WebhookEvent.values:
        return []
    webhooks = [
        webhook
        for webhook in Webhook.objects.filter(organisation_id=event.organisation_id, active=True)
        if event.name in webhook.events
    ]
    if not webhooks:
        return []
    with transaction.atomic():
        deliveries = [
            WebhookDelivery.objects.create(
                webhook=webhook,
                organisation_id=event.organisation_id,
                event=event.name,
                payload=dict(event.payload),
                occurred_at=event.occurred_at,
            )
            for webhook in webhooks
        ]
        for delivery in deliveries:
            _queue(delivery)
    return deliveries


def webhook_event_listener(event: DomainEvent) -> None:
    deliveries_for_event(event)
