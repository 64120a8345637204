"""Changing a webhook and rotating its signing secret: admins only, the address checked again
against server-side request forgery, audited; a new secret is shown once and, for a day, every
delivery is signed with both the new and the old secret so the receiver can switch."""

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openqi.api.tests.test_webhook_deliveries import subscribe
from openqi.api.tests.webhook_receiver import Receiver
from openqi.api.webhooks.models import Webhook
from openqi.api.webhooks.secrets import webhook_secret, webhook_signing_secrets
from openqi.api.webhooks.services import ROTATION_GRACE, webhook_ping, webhook_secret_rotate
from openqi.api.webhooks.signing import signature_valid
from openqi.audit.models import AuditEvent
from openqi.core.submission import new_token
from openqi.organisations.access import org_access_get

URL = "https://hooks.example.org/openqi"


def _webhook(admin_client_a: Client) -> Webhook:
    form = {"name": "Intranet feed", "url": URL, "events": ["idea.answered"], "submission_token": new_token()}
    assert admin_client_a.post("/o/alpha/webhooks/new/", form).status_code == 200
    return Webhook.objects.get()


def _secret_in(html: str) -> str:
    found = re.search(r'value="(whsec_[A-Za-z0-9_-]+)"', html)
    assert found is not None, "no secret on the page"
    return found.group(1)


@pytest.mark.parametrize("who", ["member_client", "lead_client"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/o/alpha/webhooks/{id}/edit/"),
        ("post", "/o/alpha/webhooks/{id}/edit/"),
        ("get", "/o/alpha/webhooks/{id}/secret/"),
        ("post", "/o/alpha/webhooks/{id}/secret/"),
        ("post", "/o/alpha/webhooks/{id}/secret/retire/"),
    ],
)
def test_members_and_leads_cannot_change_a_webhook_or_its_secret(
    request: Any, admin_client_a: Client, who: str, method: str, path: str
) -> None:
    webhook = _webhook(admin_client_a)
    sealed = webhook.secret_sealed
    response = getattr(request.getfixturevalue(who), method)(path.format(id=webhook.pk), {"name": "Mine", "url": URL})
    assert response.status_code == 403
    webhook.refresh_from_db()
    assert (webhook.name, webhook.secret_sealed) == ("Intranet feed", sealed)


def test_another_organisations_admin_cannot_change_this_ones_webhook(
    admin_client_a: Client, outsider_client: Client
) -> None:
    webhook = _webhook(admin_client_a)
    assert outsider_client.get(f"/o/beta/webhooks/{webhook.pk}/edit/").status_code == 404
    assert outsider_client.post(f"/o/beta/webhooks/{webhook.pk}/secret/").status_code == 404


def test_an_admin_changes_the_name_description_address_and_events_and_it_is_audited(
    personas: Any, admin_client_a: Client
) -> None:
    webhook = _webhook(admin_client_a)
    page = admin_client_a.get(f"/o/alpha/webhooks/{webhook.pk}/edit/").content.decode()
    assert 'value="https://hooks.example.org/openqi"' in page and "Change webhook" in page
    response = admin_client_a.post(
        f"/o/alpha/webhooks/{webhook.pk}/edit/",
        {
            "name": "Board feed",
            "description": "Posts answered ideas to the board's channel. Owner: informatics.",
            "url": "https://hooks.example.org/board",
            "events": ["pdsa.completed", "idea.answered"],
        },
    )
    assert response.status_code == 302
    webhook.refresh_from_db()
    assert webhook.name == "Board feed" and webhook.url == "https://hooks.example.org/board"
    assert webhook.events == ["idea.answered", "pdsa.completed"]  # in the list's order
    assert webhook.description.startswith("Posts answered ideas")
    event = AuditEvent.objects.get(action="api.webhook_update")
    assert event.actor == personas.admin.user
    assert event.detail["changed"]["url"] == {"from": URL, "to": "https://hooks.example.org/board"}
    assert "description" in event.detail["changed"] and "secret" not in str(event.detail)
    detail = admin_client_a.get(f"/o/alpha/webhooks/{webhook.pk}/").content.decode()
    assert "Posts answered ideas" in detail


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://10.0.0.8/x", "private"),
        ("http://hooks.example.org/x", "https://"),
        ("https://db.internal/x", "local network"),
    ],
    ids=["metadata", "private", "http", "internal-name"],
)
def test_a_changed_address_is_checked_again_and_a_refused_one_changes_nothing(
    admin_client_a: Client, url: str, words: str
) -> None:
    webhook = _webhook(admin_client_a)
    response = admin_client_a.post(
        f"/o/alpha/webhooks/{webhook.pk}/edit/", {"name": "Renamed", "url": url, "events": ["idea.answered"]}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and words in html
    assert "Error: " in html.split("</title>")[0]
    webhook.refresh_from_db()
    assert (webhook.name, webhook.url) == ("Intranet feed", URL)
    assert not AuditEvent.objects.filter(action="api.webhook_update").exists()


def test_no_events_or_no_name_is_refused_with_the_error_summary(admin_client_a: Client) -> None:
    webhook = _webhook(admin_client_a)
    html = admin_client_a.post(f"/o/alpha/webhooks/{webhook.pk}/edit/", {"name": "", "url": URL}).content.decode()
    assert "Enter a name for the webhook" in html and "Choose at least one event" in html


def test_rotating_shows_the_new_secret_once_and_keeps_the_old_one_for_a_day(
    personas: Any, admin_client_a: Client
) -> None:
    webhook = _webhook(admin_client_a)
    old = webhook_secret(webhook)
    question = admin_client_a.get(f"/o/alpha/webhooks/{webhook.pk}/secret/").content.decode()
    assert "Make a new signing secret" in question and "24 hours" in question
    token = new_token()
    response = admin_client_a.post(f"/o/alpha/webhooks/{webhook.pk}/secret/", {"submission_token": token})
    new = _secret_in(response.content.decode())
    webhook.refresh_from_db()
    assert new != old and webhook_secret(webhook) == new and new not in webhook.secret_sealed
    assert webhook_signing_secrets(webhook) == [new, old]
    assert webhook.previous_secret_until is not None
    assert abs(webhook.previous_secret_until - (timezone.now() + ROTATION_GRACE)) < datetime.timedelta(minutes=1)
    # Sending the same form again (a double click, or Back and send) makes no third secret.
    again = admin_client_a.post(f"/o/alpha/webhooks/{webhook.pk}/secret/", {"submission_token": token}, follow=True)
    assert new not in again.content.decode()
    webhook.refresh_from_db()
    assert webhook_signing_secrets(webhook) == [new, old]
    event = AuditEvent.objects.get(action="api.webhook_secret_rotate")
    assert event.actor == personas.admin.user and new not in str(event.detail) and old not in str(event.detail)
    detail = admin_client_a.get(f"/o/alpha/webhooks/{webhook.pk}/").content.decode()
    assert new not in detail and "also signs each message until" in detail


def test_after_the_grace_period_only_the_new_secret_signs(personas: Any, admin_client_a: Client) -> None:
    webhook = _webhook(admin_client_a)
    access = org_access_get(user=personas.admin.user, org_slug="alpha")
    assert access is not None
    webhook, new = webhook_secret_rotate(actor=personas.admin.user, access=access, webhook=webhook)
    Webhook.objects.filter(pk=webhook.pk).update(previous_secret_until=timezone.now() - datetime.timedelta(seconds=1))
    webhook.refresh_from_db()
    assert webhook_signing_secrets(webhook) == [new]


def test_an_admin_can_stop_using_the_old_secret_before_the_day_is_out(personas: Any, admin_client_a: Client) -> None:
    webhook = _webhook(admin_client_a)
    access = org_access_get(user=personas.admin.user, org_slug="alpha")
    assert access is not None
    webhook, new = webhook_secret_rotate(actor=personas.admin.user, access=access, webhook=webhook)
    response = admin_client_a.post(f"/o/alpha/webhooks/{webhook.pk}/secret/retire/")
    assert response.status_code == 302
    webhook.refresh_from_db()
    assert webhook_signing_secrets(webhook) == [new] and webhook.previous_secret_sealed == ""
    assert AuditEvent.objects.filter(action="api.webhook_secret_retire").exists()


def test_during_the_grace_period_a_receiver_with_either_secret_accepts_the_delivery(
    personas: Any, receiver: Receiver
) -> None:
    webhook, old = subscribe(personas, receiver.url)
    access = org_access_get(user=personas.admin.user, org_slug="alpha")
    assert access is not None
    webhook, new = webhook_secret_rotate(actor=personas.admin.user, access=access, webhook=webhook)
    webhook_ping(actor=personas.admin.user, access=access, webhook=webhook)
    [request] = receiver.requests
    timestamp, header = request.headers["X-OpenQI-Timestamp"], request.headers["X-OpenQI-Signature"]
    assert len(header.split(" ")) == 2 and all(part.startswith("v1=") for part in header.split(" "))
    assert signature_valid(new, timestamp, request.body, header)
    assert signature_valid(old, timestamp, request.body, header)
    assert not signature_valid("whsec_wrong", timestamp, request.body, header)


def test_the_documented_receiver_accepts_either_secret_during_the_grace_period(
    personas: Any, receiver: Receiver
) -> None:
    from openqi.api.tests.test_webhook_docs import _documented_receiver  # the receiver in docs/api.md

    webhook, old = subscribe(personas, receiver.url)
    access = org_access_get(user=personas.admin.user, org_slug="alpha")
    assert access is not None
    webhook, new = webhook_secret_rotate(actor=personas.admin.user, access=access, webhook=webhook)
    webhook_ping(actor=personas.admin.user, access=access, webhook=webhook)
    [request] = receiver.requests
    verify = _documented_receiver()["verify"]
    timestamp, header = request.headers["X-OpenQI-Timestamp"], request.headers["X-OpenQI-Signature"]
    assert verify(new.encode(), timestamp, header, request.body)
    assert verify(old.encode(), timestamp, header, request.body)
    assert not verify(b"whsec_other", timestamp, header, request.body)
