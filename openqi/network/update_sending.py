"""Sending a quarterly update by the task worker: once to each consenting member, in batches, with
retries. Safe if any task runs twice.

`update_queue` writes one `UpdateRecipient` per consenting member (a unique constraint per update and
address, inserted with conflicts ignored, so a second run adds nobody twice) and queues a batch task
per `BATCH` recipients. A batch claims each recipient by a conditional write (PENDING to SENDING)
before sending, so two workers never send one copy. A failed send goes back to PENDING with its
attempt counted, and the batch is queued again after a pause until `MAX_ATTEMPTS`; then it is FAILED.
Consent is checked again at sending time: someone who unsubscribed meanwhile gets nothing.
"""

import datetime
import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from openqi.network import updates
from openqi.network.models import Member, RecipientStatus, Update, UpdateRecipient, UpdateStatus

logger = logging.getLogger(__name__)
T = TypeVar("T")

BATCH = 200
INSERT_CHUNK = 2000
MAX_ATTEMPTS = 3
RETRY_AFTER = datetime.timedelta(minutes=5)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """itertools.batched, which Python 3.11 lacks."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@task()
def update_queue(update_id: int) -> None:
    update = Update.objects.filter(pk=update_id).exclude(status=UpdateStatus.DRAFT).first()
    if update is None:
        return
    members = updates.recipients(system=update.system).order_by("pk")
    for chunk in batched(members.values_list("pk", "email").iterator(chunk_size=INSERT_CHUNK), INSERT_CHUNK):
        UpdateRecipient.objects.bulk_create(
            [UpdateRecipient(update=update, member_id=pk, email=email) for pk, email in chunk],
            ignore_conflicts=True,
        )
    pending = UpdateRecipient.objects.filter(update=update, status=RecipientStatus.PENDING).order_by("pk")
    for ids in batched(pending.values_list("pk", flat=True).iterator(chunk_size=INSERT_CHUNK), BATCH):
        update_send_batch.enqueue(update.pk, ids)
    _finish_if_done(update)


@task()
def update_send_batch(update_id: int, recipient_ids: list[int]) -> None:
    update = Update.objects.select_related("system").filter(pk=update_id).first()
    if update is None:
        return
    retry: list[int] = []
    for recipient in UpdateRecipient.objects.filter(
        update=update, pk__in=recipient_ids, status=RecipientStatus.PENDING
    ).select_related("member"):
        claimed = UpdateRecipient.objects.filter(pk=recipient.pk, status=RecipientStatus.PENDING).update(
            status=RecipientStatus.SENDING, attempts=F("attempts") + 1
        )
        if not claimed:  # another run has it
            continue
        if not _send_one(update, recipient):
            retry.append(recipient.pk)
    if retry:  # after a pause where the worker can wait (the test backend runs it at once)
        again = update_send_batch
        if again.get_backend().supports_defer:
            again = again.using(run_after=timezone.now() + RETRY_AFTER)
        again.enqueue(update.pk, retry)
    _finish_if_done(update)


def _send_one(update: Update, recipient: UpdateRecipient) -> bool:
    """Send one copy; True when done with it (sent, or nobody to send to), False to try again."""
    member = recipient.member
    if member is None or member.email != recipient.email or not updates.wants_updates(member):
        # left, changed address or withdrew since the update was queued: send nothing
        UpdateRecipient.objects.filter(pk=recipient.pk).update(status=RecipientStatus.FAILED, error="No consent")
        return True
    try:
        _message(update, member).send()
    except Exception as error:  # any mail error: count it and retry, never lose the batch
        attempts = UpdateRecipient.objects.get(pk=recipient.pk).attempts
        final = attempts >= MAX_ATTEMPTS
        UpdateRecipient.objects.filter(pk=recipient.pk).update(
            status=RecipientStatus.FAILED if final else RecipientStatus.PENDING, error=type(error).__name__[:200]
        )
        logger.warning("Update %s to recipient %s failed (attempt %s)", update.pk, recipient.pk, attempts)
        return final
    UpdateRecipient.objects.filter(pk=recipient.pk).update(
        status=RecipientStatus.SENT, sent_at=timezone.now(), error=""
    )
    return True


def _message(update: Update, member: Member) -> EmailMultiAlternatives:
    member.system = update.system
    link = updates.unsubscribe_url(member)
    message = EmailMultiAlternatives(
        subject=update.subject,
        body=updates.email_text(update, unsubscribe=link),
        to=[member.email],
        headers={
            # RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click" to the link
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<updates.{update.system.slug}.network.openqi>",
        },
    )
    message.attach_alternative(updates.email_html(update, unsubscribe=link), "text/html")
    return message


def _finish_if_done(update: Update) -> None:
    left = UpdateRecipient.objects.filter(
        update=update, status__in=(RecipientStatus.PENDING, RecipientStatus.SENDING)
    ).exists()
    if not left:
        Update.objects.filter(pk=update.pk, status=UpdateStatus.SENDING).update(status=UpdateStatus.SENT)
