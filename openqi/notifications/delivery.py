"""Send an email at most once, however often the task that sends it is run.

A task may run again after its worker is lost (docs/tasks.md). The marker row and the send share
one transaction: a second run waits for the first to commit, finds the marker and sends nothing;
a send that raises rolls the marker back, so the retry sends it. The one window left is a worker
lost after the mail server accepted the message but before the commit: that email goes twice.
"""

from collections.abc import Callable

from django.db import transaction

from openqi.notifications.models import EmailDelivery


def email_deliver_once(*, key: str, send: Callable[[], object]) -> bool:
    """Run `send` unless an email under `key` was already sent; True if it sent now."""
    with transaction.atomic():
        _, created = EmailDelivery.objects.get_or_create(key=key)
        if not created:
            return False
        send()
    return True
