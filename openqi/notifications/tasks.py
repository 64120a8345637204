"""Email for notifications, sent by the task worker and never during a request."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from openqi.accounts.models import User
from openqi.notifications.models import Notification


@task()
def notification_email_send(notification_id: int) -> None:
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return
    user = notification.user
    if not user.is_active or user.email_frequency != User.EmailFrequency.IMMEDIATELY:
        return
    link = f"{settings.SITE_URL}{notification.url}" if notification.url else settings.SITE_URL
    send_mail(
        subject=f"OpenQI: {notification.title}",
        message=f"{notification.body}\n\n{link}\n\nChange how often OpenQI emails you: "
        f"{settings.SITE_URL}/account/preferences/",
        from_email=None,
        recipient_list=[user.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


@task()
def notification_digests_send() -> int:
    """Send each daily-digest user one email with their unread, un-emailed notifications."""
    since = timezone.now() - timedelta(days=7)
    pending = (
        Notification.objects.filter(
            user__email_frequency=User.EmailFrequency.DAILY,
            user__is_active=True,
            read_at__isnull=True,
            emailed_at__isnull=True,
            created_at__gte=since,
        )
        .select_related("user")
        .order_by("user_id", "created_at")
    )
    by_user: dict[int, list[Notification]] = {}
    for item in pending:
        by_user.setdefault(item.user_id, []).append(item)
    for items in by_user.values():
        lines = [f"- {n.title}" + (f": {settings.SITE_URL}{n.url}" if n.url else "") for n in items]
        send_mail(
            subject=f"OpenQI: {len(items)} new notification{'s' if len(items) != 1 else ''}",
            message="Your OpenQI notifications since the last digest:\n\n" + "\n".join(lines),
            from_email=None,
            recipient_list=[items[0].user.email],
        )
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
    return len(by_user)


@task()
def email_send(subject: str, message: str, recipient: str) -> None:
    """Plain transactional email (invitations and the like) from the worker."""
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[recipient])
