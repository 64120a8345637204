"""The invitation email, built by the worker from the invitation's id.

The token in the link is made here, at send time, and only its hash is stored, in the same
transaction as the send and the sent-marker: no task row or table ever holds the link.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from openqi.notifications.delivery import email_deliver_once
from openqi.organisations.models import Invitation, Role


@task()
def invitation_email_send(invitation_id: int) -> bool:
    """Email a pending invitation its link; False when it is no longer pending or was sent."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.pending()
            .select_for_update(of=("self",))
            .select_related("organisation", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:
            return False

        def send() -> None:
            token, token_hash = Invitation.new_token()
            Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash)
            link = settings.SITE_URL + reverse("organisations:invitation_accept", args=[token])
            inviter = invitation.invited_by.display_name if invitation.invited_by else "Someone"
            organisation = invitation.organisation
            send_mail(
                subject=f"Join {organisation.name} on {settings.SITE_NAME}",
                message=(
                    f"{inviter} has invited you to join {organisation.name} on {settings.SITE_NAME}, "
                    f"the quality improvement platform, as {Role(invitation.role).label}.\n\n"
                    f"Accept the invitation: {link}\n\n"
                    f"The link works until {timezone.localtime(invitation.expires_at):%d %B %Y}. "
                    "If you were not expecting this email, you can ignore it."
                ),
                from_email=None,
                recipient_list=[invitation.email],
            )

        return email_deliver_once(key=f"invitation:{invitation.pk}", send=send)
