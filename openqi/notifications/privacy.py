"""A person's notifications (registered in `openqi.core.personal_data`); erasure deletes them."""

from typing import Any

from openqi.accounts.models import User
from openqi.core import personal_data
from openqi.notifications.models import Notification


def export_personal_data(*, user: User) -> dict[str, Any]:
    return {
        "notifications": list(
            Notification.objects.filter(user=user).values(
                "organisation__name", "title", "body", "url", "important", "created_at", "read_at", "emailed_at"
            )
        )
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    return {"notifications": Notification.objects.filter(user=user).delete()[0]}


personal_data.register(app="notifications", export=export_personal_data, erase=erase_personal_data)
