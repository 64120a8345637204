"""The demo webhook: one subscription with a delivery log, made once, with no usable secret."""

import pytest

from openqi.api.models import Webhook, WebhookDelivery
from openqi.api.webhooks.secrets import webhook_secret
from openqi.demo.webhooks import seed_webhooks
from openqi.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_webhook_is_made_once_with_a_log_and_no_secret() -> None:
    organisation, admin = OrganisationFactory(), UserFactory()
    seed_webhooks(organisation=organisation, admin=admin)
    seed_webhooks(organisation=organisation, admin=admin)
    webhook = Webhook.objects.get()
    assert webhook.organisation == organisation and webhook.active
    statuses = sorted(WebhookDelivery.objects.filter(webhook=webhook).values_list("status", flat=True))
    assert statuses == ["delivered", "delivered", "delivered", "failed", "retrying"]
    assert webhook_secret(webhook) == ""
