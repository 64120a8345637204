from django.db.models import QuerySet

from openqi.accounts.models import User
from openqi.notifications.models import Notification


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("organisation")


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
