"""The webhook pages: only organisation admins may see or change them; a new webhook's secret is
shown once; bad input saves nothing; the delivery log is paginated; every change is audited."""

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openqi.api.tests.webhook_receiver import Receiver
from openqi.api.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from openqi.api.webhooks.secrets import webhook_secret
from openqi.audit.models import AuditEvent
from openqi.core.submission import new_token

PAGES = [
    ("get", "/o/alpha/webhooks/"),
    ("get", "/o/alpha/webhooks/new/"),
    ("get", "/o/alpha/webhooks/{id}/"),
    ("get", "/o/alpha/webhooks/{id}/delete/"),
    ("post", "/o/alpha/webhooks/{id}/test/"),
    ("post", "/o/alpha/webhooks/{id}/active/"),
    ("post", "/o/alpha/webhooks/{id}/deliveries/{delivery}/redeliver/"),
]


def _form(url: str = "https://hooks.example.org/openqi", **overrides: Any) -> dict[str, Any]:
    return {"name": "Intranet feed", "url": url, "events": ["idea.answered", "pdsa.completed"], **overrides}


def _made(client: Client, url: str = "https://hooks.example.org/openqi") -> Webhook:
    assert client.post("/o/alpha/webhooks/new/", _form(url)).status_code == 200
    return Webhook.objects.get()


@pytest.mark.parametrize("who", ["member_client", "lead_client"])
@pytest.mark.parametrize(("method", "path"), PAGES)
def test_members_and_leads_are_refused_every_webhook_page(
    request: Any, admin_client_a: Client, who: str, method: str, path: str
) -> None:
    webhook = _made(admin_client_a)
    delivery = WebhookDelivery.objects.create(
        webhook=webhook,
        organisation=webhook.organisation,
        event="ping",
        payload={},
        occurred_at=timezone.now(),
        status=DeliveryStatus.FAILED,
    )
    client = request.getfixturevalue(who)
    response = getattr(client, method)(path.format(id=webhook.pk, delivery=delivery.pk))
    assert response.status_code == 403


def test_an_admin_of_another_organisation_cannot_reach_this_ones_webhook(
    personas: Any, admin_client_a: Client, outsider_client: Client
) -> None:
    webhook = _made(admin_client_a)
    assert outsider_client.get(f"/o/beta/webhooks/{webhook.pk}/").status_code == 404
    assert outsider_client.post(f"/o/beta/webhooks/{webhook.pk}/active/", {"active": "off"}).status_code == 404
    webhook.refresh_from_db()
    assert webhook.active


def test_adding_a_webhook_shows_its_secret_once_and_keeps_it_sealed(personas: Any, admin_client_a: Client) -> None:
    assert "has no webhooks yet" in admin_client_a.get("/o/alpha/webhooks/").content.decode()
    response = admin_client_a.post("/o/alpha/webhooks/new/", {**_form(), "submission_token": new_token()})
    html = response.content.decode()
    secret = re.search(r'value="(whsec_[A-Za-z0-9_-]+)"', html)
    assert secret is not None
    webhook = Webhook.objects.get()
    assert webhook.events == ["idea.answered", "pdsa.completed"]
    assert secret.group(1) not in webhook.secret_sealed and webhook_secret(webhook) == secret.group(1)
    assert secret.group(1) not in admin_client_a.get(f"/o/alpha/webhooks/{webhook.pk}/").content.decode()
    event = AuditEvent.objects.get(action="api.webhook_create")
    assert event.actor == personas.admin.user and secret.group(1) not in str(event.detail)
    assert "Intranet feed" in admin_client_a.get("/o/alpha/webhooks/").content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (_form(name=""), "name", "Enter a name for the webhook"),
        (_form(url=""), "url", "Enter the address to send events to"),
        (_form(url="http://hooks.example.org/"), "url", "Enter an address that starts with https://"),
        (_form(url="https://169.254.169.254/"), "url", "Enter a public address: this is a link-local address"),
        (_form(events=[]), "events", "Choose at least one event"),
        (_form(events=["everything"]), "events", "Choose events from the list"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(
    personas: Any, admin_client_a: Client, data: dict[str, Any], field: str, message: str, settings: Any
) -> None:
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    response = admin_client_a.post("/o/alpha/webhooks/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    anchor = field if field == "events" else f"id_{field}"  # a group of checkboxes links to its fieldset
    assert "nhsuk-error-summary" in html and f'href="#{anchor}"' in html and message in html
    assert "<title>Error: " in html
    assert not Webhook.objects.exists()


def test_the_delivery_log_is_paginated_and_offers_sending_again(personas: Any, admin_client_a: Client) -> None:
    webhook = _made(admin_client_a)
    for n in range(30):
        WebhookDelivery.objects.create(
            webhook=webhook,
            organisation=webhook.organisation,
            event="pdsa.completed",
            payload={"n": n},
            occurred_at=timezone.now(),
            status=DeliveryStatus.DELIVERED,
            attempts=1,
            response_code=200,
            duration_ms=42,
        )
    first = admin_client_a.get(f"/o/alpha/webhooks/{webhook.pk}/").content.decode()
    assert first.count("Send again") == 25 and "42 ms" in first and "2 of 2" in first
    second = admin_client_a.get(f"/o/alpha/webhooks/{webhook.pk}/?page=2").content.decode()
    assert second.count("Send again") == 5


def test_an_admin_tests_turns_off_and_on_redelivers_and_deletes(
    personas: Any, admin_client_a: Client, receiver: Receiver
) -> None:
    webhook = _made(admin_client_a, receiver.url)
    page = f"/o/alpha/webhooks/{webhook.pk}/"
    assert admin_client_a.post(f"{page}test/").status_code == 302
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED and len(receiver.requests) == 1
    assert admin_client_a.post(f"{page}deliveries/{delivery.pk}/redeliver/").status_code == 302
    assert WebhookDelivery.objects.count() == 2 and len(receiver.requests) == 2

    admin_client_a.post(f"{page}active/", {"active": "off"})
    webhook.refresh_from_db()
    assert not webhook.active
    html = admin_client_a.get(page).content.decode()
    assert "This webhook is off" in html and "Send again" not in html and "Send a test event" not in html
    response = admin_client_a.post(f"{page}deliveries/{delivery.pk}/redeliver/", follow=True)
    assert "Turn the webhook on before sending anything again" in response.content.decode()
    assert WebhookDelivery.objects.count() == 2
    admin_client_a.post(f"{page}active/", {"active": "on"})
    webhook.refresh_from_db()
    assert webhook.active

    assert admin_client_a.get(f"{page}delete/").status_code == 200
    assert Webhook.objects.exists()  # asking first deletes nothing
    assert admin_client_a.post(f"{page}delete/").status_code == 302
    assert not Webhook.objects.exists() and not WebhookDelivery.objects.exists()
    actions = set(AuditEvent.objects.filter(action__startswith="api.webhook").values_list("action", flat=True))
    assert actions == {
        "api.webhook_create",
        "api.webhook_ping",
        "api.webhook_redeliver",
        "api.webhook_disable",
        "api.webhook_enable",
        "api.webhook_delete",
    }


def test_the_token_page_links_admins_to_webhooks(personas: Any, admin_client_a: Client, member_client: Client) -> None:
    assert "/o/alpha/webhooks/" in admin_client_a.get("/o/alpha/api-tokens/").content.decode()
    assert "/o/alpha/webhooks/" not in member_client.get("/o/alpha/api-tokens/").content.decode()
