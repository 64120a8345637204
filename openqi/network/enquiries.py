"""Contact the CQI team: an enquiry with a reference number, an acknowledgement by email, and the
team's inbox. Services, a selector and the email task for this one concept."""

import secrets
from functools import partial

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.network.models import Enquiry
from openqi.organisations.models import System

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def _reference() -> str:
    return "Q-" + "".join(secrets.choice(_ALPHABET) for _ in range(7))


def enquiry_submit(*, system: System, name: str, email: str, message: str) -> Enquiry:
    for _ in range(5):
        try:
            with transaction.atomic():
                enquiry = Enquiry.objects.create(
                    system=system,
                    reference=_reference(),
                    name=name.strip(),
                    email=email.strip().lower(),
                    message=message.strip(),
                )
                audit_log(actor=None, action="network.enquiry_submit", obj=enquiry, detail={"ref": enquiry.reference})
                transaction.on_commit(partial(enquiry_acknowledge.enqueue, enquiry.pk))
                return enquiry
        except IntegrityError:  # a reference already taken: draw again
            continue
    raise RuntimeError("Could not draw a free enquiry reference")


@transaction.atomic
def enquiry_mark_handled(*, actor: User, enquiry: Enquiry) -> Enquiry:
    if enquiry.handled_at is None:
        enquiry.handled_at = timezone.now()
        enquiry.handled_by = actor
        enquiry.save(update_fields=["handled_at", "handled_by"])
        audit_log(actor=actor, action="network.enquiry_handled", obj=enquiry, detail={"ref": enquiry.reference})
    return enquiry


def enquiry_list(*, system: System, handled: bool = False) -> QuerySet[Enquiry]:
    return Enquiry.objects.filter(system=system, handled_at__isnull=not handled)


def enquiry_get(*, system: System, enquiry_id: int) -> Enquiry | None:
    return Enquiry.objects.filter(system=system, pk=enquiry_id).first()


@task()
def enquiry_acknowledge(enquiry_id: int) -> None:
    enquiry = Enquiry.objects.select_related("system").filter(pk=enquiry_id).first()
    if enquiry is None:
        return
    send_mail(
        subject=f"OpenQI: we have your message ({enquiry.reference})",
        message=(
            f"Dear {enquiry.name},\n\nThank you for contacting the {enquiry.system.name} CQI team. "
            f"Your reference is {enquiry.reference}. We aim to reply within five working days.\n\n"
            f"You wrote:\n\n{enquiry.message}\n\n"
            "This is not for medical help: call 111, or 999 in an emergency."
        ),
        from_email=None,
        recipient_list=[enquiry.email],
    )
