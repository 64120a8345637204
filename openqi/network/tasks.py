"""Email to network members: confirm your address, your sign-in link. Sent by the task worker."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from openqi.network import tokens
from openqi.network.models import Member


def _link(member: Member, purpose: str, url_name: str) -> str:
    token = tokens.make(member_id=member.pk, email=member.email, purpose=purpose)
    return settings.SITE_URL + reverse(url_name, args=[member.system.slug, token])


@task()
def member_verification_send(member_id: int) -> None:
    member = Member.objects.select_related("system").filter(pk=member_id).first()
    if member is None:
        return
    if member.verified_at is not None:
        member_sign_in_send.call(member_id)
        return
    send_mail(
        subject=f"OpenQI: confirm your email to join the {member.system.name} QI network",
        message=(
            f"Dear {member.name},\n\nTo finish joining the quality improvement network, confirm your email "
            f"address within 48 hours:\n\n{_link(member, tokens.VERIFY, 'network:verify')}\n\n"
            "If you did not ask to join, ignore this email and nothing will be kept after 30 days."
        ),
        from_email=None,
        recipient_list=[member.email],
    )


@task()
def member_sign_in_send(member_id: int) -> None:
    member = Member.objects.select_related("system").filter(pk=member_id).first()
    if member is None or member.verified_at is None:
        return
    send_mail(
        subject=f"OpenQI: your link to the {member.system.name} QI network",
        message=(
            f"Dear {member.name},\n\nUse this link within an hour to see your bookings and choices:\n\n"
            f"{_link(member, tokens.SIGN_IN, 'network:sign_in_link')}\n\n"
            "If you did not ask for it, ignore this email."
        ),
        from_email=None,
        recipient_list=[member.email],
    )
