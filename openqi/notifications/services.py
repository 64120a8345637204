"""Creating and reading notifications."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.notifications.models import Notification
from openqi.notifications.tasks import notification_email_send


def notification_create(
    *,
    user: User,
    title: str,
    body: str = "",
    url: str = "",
    # An Organisation or None: notifications sit below organisations and so cannot name the type.
    organisation: Any = None,
    important: bool = False,
) -> Notification:
    notification = Notification.objects.create(
        user=user, title=title, body=body, url=url, organisation=organisation, important=important
    )
    if important and user.email_frequency == User.EmailFrequency.IMMEDIATELY:
        transaction.on_commit(lambda: notification_email_send.enqueue(notification.pk))
    return notification


def notification_mark_read(*, user: User, notification_id: int) -> Notification | None:
    notification = Notification.objects.filter(user=user, pk=notification_id).first()
    if notification and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
