"""Webhooks end to end: each domain event reaches a real receiver on the loopback interface, signed
so the receiver can check it; failures are retried with backoff; repeated failure turns the webhook
off and tells the admins; nothing in a payload names who shared an anonymous idea."""

import datetime
import json
import socket
from typing import Any

import pytest
from django.utils import timezone

from openqi.api.tests.webhook_receiver import Receiver
from openqi.api.webhooks import sending
from openqi.api.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery, WebhookEvent
from openqi.api.webhooks.services import delivery_redeliver, webhook_create, webhook_ping
from openqi.api.webhooks.signing import signature_valid
from openqi.audit.models import AuditEvent
from openqi.bookings.services import booking_create, occasion_create
from openqi.ideas import services as ideas
from openqi.ideas.models import Status
from openqi.ideas.tests.helpers import share
from openqi.measures import services as measures
from openqi.measures.tests.conftest import IMPROVED, STABLE, add_points, make_measure
from openqi.notifications.models import Notification
from openqi.organisations.access import org_access_get
from openqi.projects import services as projects

pytestmark = pytest.mark.django_db


def subscribe(personas: Any, url: str, events: list[str] | None = None) -> tuple[Webhook, str]:
    access = org_access_get(user=personas.admin.user, org_slug=personas.org_a.slug)
    assert access is not None
    return webhook_create(
        actor=personas.admin.user, access=access, name="Intranet", url=url, events=events or list(WebhookEvent.values)
    )


def verified(receiver: Receiver, secret: str) -> list[dict[str, Any]]:
    """Every request the receiver got, each checked as a receiver would, then parsed."""
    documents = []
    for request in receiver.requests:
        assert signature_valid(
            secret, request.headers["X-OpenQI-Timestamp"], request.body, request.headers["X-OpenQI-Signature"]
        )
        assert not signature_valid(
            "whsec_wrong", request.headers["X-OpenQI-Timestamp"], request.body, request.headers["X-OpenQI-Signature"]
        )
        assert not signature_valid(
            secret, request.headers["X-OpenQI-Timestamp"], request.body + b" ", request.headers["X-OpenQI-Signature"]
        )
        document = json.loads(request.body)
        assert request.headers["X-OpenQI-Delivery"] == document["id"]
        assert request.headers["X-OpenQI-Event"] == document["event"]
        documents.append(document)
    return documents


def test_an_answered_anonymous_idea_arrives_signed_and_says_nothing_of_who_shared_it(
    personas: Any, receiver: Receiver
) -> None:
    webhook, secret = subscribe(personas, receiver.url)
    idea, _ = share(personas.member, identity="anonymous")
    ideas.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.NOT_TAKEN_FORWARD, message="No")
    ideas.idea_answer(actor=personas.lead.user, idea=idea, answer="We will fit clocks next year.")

    [document] = verified(receiver, secret)
    assert document["event"] == "idea.answered"
    assert document["organisation"] == {"id": personas.org_a.pk, "slug": "alpha"}
    assert document["data"]["idea_id"] == idea.pk
    assert document["data"]["answer"] == "We will fit clocks next year."
    body = receiver.requests[0].body.decode()
    for person in (personas.member.user, personas.lead.user):
        assert person.email not in body
        assert person.display_name not in body
    assert "user" not in body and "submitted" not in body and "author" not in body
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.DELIVERED, 1, 200)
    assert delivery.duration_ms is not None
    assert delivery.webhook == webhook


def test_a_completed_pdsa_cycle_a_new_special_cause_and_a_booking_arrive(personas: Any, receiver: Receiver) -> None:
    _, secret = subscribe(personas, receiver.url)
    project = projects.project_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Fewer falls",
        problem="Falls doubled",
        domains=["safe"],
    )
    cycle = projects.pdsa_cycle_plan(
        actor=personas.lead.user, project=project, objective="Cohort bay", question="Fewer falls?", prediction="Yes"
    )
    projects.pdsa_cycle_record_do(actor=personas.lead.user, cycle=cycle, what_happened="Done", observations="")
    projects.pdsa_cycle_record_study(actor=personas.lead.user, cycle=cycle, results="As predicted")
    projects.pdsa_cycle_complete(actor=personas.lead.user, cycle=cycle, decision="adopt", next_steps="Every night")

    measure = make_measure(personas.org_a, owner=personas.lead.user)
    add_points(measure, STABLE)
    measures.measure_summary_refresh(measure_id=measure.pk)
    for i, value in enumerate(IMPROVED):
        measures.data_point_add(
            actor=personas.lead.user,
            measure=measure,
            period=datetime.date(2024, 1, 1) + datetime.timedelta(weeks=20 + i),
            value=value,
        )

    starts = timezone.now() + datetime.timedelta(days=3)
    occasion = occasion_create(
        owner="network.event",
        title="Learning session",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        capacity=5,
    )
    booking_create(occasion=occasion, email=personas.member.user.email, name="Mo Member", user=personas.member.user)

    documents = verified(receiver, secret)
    names = [d["event"] for d in documents]
    assert names[0] == "pdsa.completed"
    assert documents[0]["data"] == {
        "cycle_id": cycle.pk,
        "project_id": project.pk,
        "project_title": "Fewer falls",
        "cycle_number": 1,
        "objective": "Cohort bay",
        "decision": "adopt",
        "completed_on": timezone.localdate().isoformat(),
        "status": documents[0]["data"]["status"],
    }
    special = [d for d in documents if d["event"] == "measure.special_cause"]
    assert special, names
    assert special[0]["data"]["measure_id"] == measure.pk
    assert special[0]["data"]["point_type"] not in ("", "common_cause")
    [booked] = [d for d in documents if d["event"] == "booking.made"]
    assert booked["data"]["title"] == "Learning session"
    assert booked["data"]["status"] == "confirmed"
    assert personas.member.user.email not in json.dumps(booked) and "Mo Member" not in json.dumps(booked)


def test_only_chosen_events_of_the_webhooks_own_organisation_are_sent(personas: Any, receiver: Receiver) -> None:
    subscribe(personas, receiver.url, events=["pdsa.completed"])
    idea, _ = share(personas.member)
    ideas.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.NOT_TAKEN_FORWARD, message="No")
    ideas.idea_answer(actor=personas.lead.user, idea=idea, answer="Not this year.")
    other, _ = share(personas.outsider)
    ideas.idea_change_status(actor=personas.outsider.user, idea=other, status=Status.NOT_TAKEN_FORWARD, message="No")
    ideas.idea_answer(actor=personas.outsider.user, idea=other, answer="Not this year.")
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_a_failing_receiver_is_tried_six_times_with_the_same_ids_then_the_delivery_fails(
    personas: Any, receiver: Receiver
) -> None:
    receiver.status = 500
    webhook, secret = subscribe(personas, receiver.url)
    access = org_access_get(user=personas.admin.user, org_slug="alpha")
    assert access is not None
    webhook_ping(actor=personas.admin.user, access=access, webhook=webhook)
    documents = verified(receiver, secret)
    assert len(documents) == sending.MAX_ATTEMPTS == 6
    assert len({r.headers["X-OpenQI-Delivery"] for r in receiver.requests}) == 1
    assert len({r.body for r in receiver.requests}) == 1  # the same body each time; only the timestamp moves
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.FAILED, 6, 500)
    assert delivery.error == "The receiver answered 500"
    webhook.refresh_from_db()
    assert webhook.failures_in_a_row == 1 and webhook.active


def test_each_retry_waits_four_times_longer_than_the_last(personas: Any, receiver: Receiver) -> None:
    assert [sending.retry_delay(n) for n in range(1, 6)] == [datetime.timedelta(minutes=m) for m in (1, 4, 16, 64, 256)]
    receiver.status = 503
    webhook, _ = subscribe(personas, receiver.url)
    delivery = WebhookDelivery.objects.create(
        webhook=webhook, organisation=personas.org_a, event="ping", payload={}, occurred_at=timezone.now()
    )
    before = timezone.now()
    first = sending.delivery_attempt(delivery_id=delivery.pk)
    assert first is not None
    assert before + datetime.timedelta(minutes=1) <= first <= timezone.now() + datetime.timedelta(minutes=1)
    second = sending.delivery_attempt(delivery_id=delivery.pk)
    assert second is not None and second - first >= datetime.timedelta(minutes=3)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (DeliveryStatus.RETRYING, 2, second)
    receiver.status = 204
    assert sending.delivery_attempt(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.DELIVERED, 3, 204)
    assert sending.delivery_attempt(delivery_id=delivery.pk) is None  # a repeated task sends nothing more
    assert len(receiver.requests) == 3


def test_five_failed_deliveries_in_a_row_turn_the_webhook_off_and_tell_the_admins(
    personas: Any, receiver: Receiver
) -> None:
    receiver.status = 410
    webhook, _ = subscribe(personas, receiver.url)
    access = org_access_get(user=personas.admin.user, org_slug="alpha")
    assert access is not None
    for _ in range(sending.DISABLE_AFTER):
        webhook_ping(actor=personas.admin.user, access=access, webhook=webhook)
    webhook.refresh_from_db()
    assert not webhook.active and "5 deliveries in a row failed" in webhook.disabled_reason
    assert AuditEvent.objects.filter(action="api.webhook_disable", object_id=str(webhook.pk)).count() == 1
    told = Notification.objects.filter(user=personas.admin.user, title__contains="was turned off")
    assert told.count() == 1 and told.get().important
    assert not Notification.objects.filter(user=personas.lead.user, title__contains="turned off").exists()
    sent = len(receiver.requests)
    share(personas.member)  # no event; and an answered idea now sends nothing
    idea, _ = share(personas.member, title="Another")
    ideas.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.NOT_TAKEN_FORWARD, message="No")
    ideas.idea_answer(actor=personas.lead.user, idea=idea, answer="No.")
    assert len(receiver.requests) == sent


def test_a_redelivery_keeps_the_event_id_and_gets_a_new_delivery_id(personas: Any, receiver: Receiver) -> None:
    webhook, secret = subscribe(personas, receiver.url)
    access = org_access_get(user=personas.admin.user, org_slug="alpha")
    assert access is not None
    first = webhook_ping(actor=personas.admin.user, access=access, webhook=webhook)
    first.refresh_from_db()
    again = delivery_redeliver(actor=personas.admin.user, access=access, delivery=first)
    one, two = verified(receiver, secret)
    assert one["event_id"] == two["event_id"] == str(first.event_id)
    assert one["id"] != two["id"] == str(again.uuid)
    assert AuditEvent.objects.filter(action="api.webhook_redeliver").count() == 1


def test_a_name_that_points_at_a_private_address_is_never_called(
    personas: Any, receiver: Receiver, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    webhook, _ = subscribe(personas, "https://hooks.example.org/openqi")
    settings.WEBHOOK_ALLOW_LOOPBACK = False

    def resolves_inside(host: str, port: int, **kwargs: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolves_inside)
    posted: list[str] = []
    monkeypatch.setattr(sending.requests, "post", lambda url, **kwargs: posted.append(url))
    access = org_access_get(user=personas.admin.user, org_slug="alpha")
    assert access is not None
    webhook_ping(actor=personas.admin.user, access=access, webhook=webhook)
    delivery = WebhookDelivery.objects.get()
    assert posted == []
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.error == "The address's host name points to a private or reserved address"
