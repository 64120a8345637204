"""Email for notifications, sent by the task worker and never during a request."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskContext, task

from openqi.accounts.emails import account_email_context
from openqi.accounts.models import User
from openqi.notifications.delivery import email_deliver_once
from openqi.notifications.models import Notification


@task()
def notification_email_send(notification_id: int) -> None:
    # The notification's emailed_at is its sent-marker, read under a row lock and set in the
    # same transaction as the send: a retried task finds it set and sends nothing.
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("user").filter(pk=notification_id).first()
        )
        if notification is None or notification.emailed_at is not None:
            return
        user = notification.user
        if not user.is_active or user.email_frequency != User.EmailFrequency.IMMEDIATELY:
            return
        site_url = settings.SITE_URL.rstrip("/")
        link = f"{site_url}{notification.url}" if notification.url else site_url
        body = f"{notification.body}\n\n" if notification.body else ""
        send_mail(
            subject=f"{settings.SITE_NAME}: {notification.title}",
            message=f"Hello {user.display_name},\n\n{notification.title}.\n\n{body}"
            f"See it on {settings.SITE_NAME}: {link}\n\n"
            f"Change how often {settings.SITE_NAME} emails you: {site_url}/account/preferences/",
            from_email=None,
            recipient_list=[user.email],
        )
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


@task()
def notification_digests_send() -> int:
    """Send each daily-digest user one email with their unread, un-emailed notifications.

    One transaction per person: a run cut short and run again skips everyone already emailed.
    """
    since = timezone.now() - timedelta(days=7)
    pending = Notification.objects.filter(
        user__email_frequency=User.EmailFrequency.DAILY,
        user__is_active=True,
        read_at__isnull=True,
        emailed_at__isnull=True,
        created_at__gte=since,
    )
    sent = 0
    for user_id in pending.order_by("user_id").values_list("user_id", flat=True).distinct():
        with transaction.atomic():
            items = list(
                pending.filter(user_id=user_id).select_for_update().select_related("user").order_by("created_at")
            )
            if not items:
                continue
            lines = [f"- {n.title}" + (f": {settings.SITE_URL}{n.url}" if n.url else "") for n in items]
            send_mail(
                subject=f"OpenQI: {len(items)} new notification{'s' if len(items) != 1 else ''}",
                message="Your OpenQI notifications since the last digest:\n\n" + "\n".join(lines),
                from_email=None,
                recipient_list=[items[0].user.email],
            )
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
            sent += 1
    return sent


@task(takes_context=True)
def account_email_send(
    context: TaskContext,
    *,
    template_prefix: str,
    email: str,
    user_id: int | None = None,
    email_address_id: int | None = None,
    extra: dict[str, str] | None = None,
) -> None:
    """A sign-in email (password reset, address confirmation, account notices), built here from ids."""
    from allauth.account.adapter import get_adapter

    email_context = account_email_context(
        template_prefix=template_prefix,
        email=email,
        user_id=user_id,
        email_address_id=email_address_id,
        extra=extra or {},
    )
    if email_context is None:
        return
    message = get_adapter().render_mail(template_prefix, email, email_context)
    email_deliver_once(key=f"task:{context.task_result.id}", send=message.send)


@task(takes_context=True)
def email_send(context: TaskContext, subject: str, message: str, recipient: str) -> None:
    """Deprecated: only drains rows queued by earlier versions. New tasks take ids, not bodies."""
    email_deliver_once(
        key=f"task:{context.task_result.id}",
        send=lambda: send_mail(subject=subject, message=message, from_email=None, recipient_list=[recipient]),
    )
