from typing import Any

from django.core import mail
from django.test import Client

from openqi.notifications.models import Notification
from openqi.notifications.services import notification_create
from openqi.notifications.tasks import notification_digests_send


def test_an_important_notification_is_emailed_at_once_by_default(personas: Any) -> None:
    notification_create(user=personas.member.user, title="Your idea was accepted", important=True)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "OpenQI: Your idea was accepted"
    assert Notification.objects.get().emailed_at is not None


def test_an_ordinary_notification_is_not_emailed(personas: Any) -> None:
    notification_create(user=personas.member.user, title="Someone followed your idea")
    assert mail.outbox == []


def test_people_who_chose_never_get_no_email(personas: Any) -> None:
    personas.member.user.email_frequency = "never"
    personas.member.user.save()
    notification_create(user=personas.member.user, title="Important", important=True)
    notification_digests_send.call()
    assert mail.outbox == []


def test_the_daily_digest_collects_unread_notifications_once(personas: Any) -> None:
    personas.member.user.email_frequency = "daily"
    personas.member.user.save()
    notification_create(user=personas.member.user, title="First", important=True)
    notification_create(user=personas.member.user, title="Second")
    assert mail.outbox == []
    assert notification_digests_send.call() == 1
    assert len(mail.outbox) == 1 and "First" in mail.outbox[0].body and "Second" in mail.outbox[0].body
    notification_digests_send.call()
    assert len(mail.outbox) == 1


def test_the_bell_shows_the_unread_count_and_reading_clears_it(personas: Any, member_client: Client) -> None:
    n = notification_create(user=personas.member.user, title="Hello", url=f"/o/{personas.org_a.slug}/")
    assert '>1<span class="nhsuk-u-visually-hidden"> unread' in member_client.get("/").content.decode()
    response = member_client.post(f"/notifications/{n.pk}/read/")
    assert response["Location"] == f"/o/{personas.org_a.slug}/"
    assert '>0<span class="nhsuk-u-visually-hidden"> unread' in member_client.get("/").content.decode()


def test_nobody_can_read_someone_elses_notification(personas: Any, lead_client: Client) -> None:
    n = notification_create(user=personas.member.user, title="Private")
    lead_client.post(f"/notifications/{n.pk}/read/")
    n.refresh_from_db()
    assert n.read_at is None
    assert "Private" not in lead_client.get("/notifications/").content.decode()


def test_an_external_notification_link_is_not_followed(personas: Any, member_client: Client) -> None:
    n = notification_create(user=personas.member.user, title="Phish", url="https://evil.example/")
    assert member_client.post(f"/notifications/{n.pk}/read/")["Location"] == "/notifications/"
