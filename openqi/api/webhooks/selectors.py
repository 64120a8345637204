"""Reads for webhook pages, always within the organisation being looked at."""

from django.db.models import QuerySet

from openqi.api.webhooks.models import Webhook, WebhookDelivery
from openqi.organisations.access import OrgAccess


def webhook_list(*, access: OrgAccess) -> QuerySet[Webhook]:
    return Webhook.objects.filter(organisation=access.organisation)


def webhook_get(*, access: OrgAccess, webhook_id: int) -> Webhook | None:
    return webhook_list(access=access).filter(pk=webhook_id).first()


def delivery_list(*, access: OrgAccess, webhook: Webhook) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(organisation=access.organisation, webhook=webhook).select_related(
        "redelivery_of"
    )


def delivery_get(*, access: OrgAccess, webhook: Webhook, delivery_id: int) -> WebhookDelivery | None:
    return (
        WebhookDelivery.objects.filter(organisation=access.organisation, webhook=webhook, pk=delivery_id)
        .select_related("webhook", "organisation")
        .first()
    )
