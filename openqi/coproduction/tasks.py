"""Email to volunteers: confirm your address, your sign-in link, an invitation, a welcome to the
project, a reminder to renew consent. Sent by the task worker; no email holds their details."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from openqi.coproduction import tokens
from openqi.coproduction.models import Offer, Volunteer


def _link(volunteer: Volunteer, purpose: str, url_name: str) -> str:
    token = tokens.make(volunteer_id=volunteer.pk, email=volunteer.email, purpose=purpose)
    return settings.SITE_URL + reverse(url_name, args=[volunteer.system.slug, token])


def _volunteer(volunteer_id: int) -> Volunteer | None:
    return Volunteer.objects.select_related("system").filter(pk=volunteer_id).first()


@task()
def volunteer_verification_send(volunteer_id: int) -> None:
    volunteer = _volunteer(volunteer_id)
    if volunteer is None:
        return
    if volunteer.verified_at is not None:
        volunteer_sign_in_send.call(volunteer_id)
        return
    send_mail(
        subject=f"OpenQI: confirm your email to volunteer with {volunteer.system.name}",
        message=(
            f"Dear {volunteer.name},\n\nThank you for offering to help improve services. Confirm your "
            f"email address within 48 hours:\n\n{_link(volunteer, tokens.VERIFY, 'coproduction:verify')}\n\n"
            "If you did not volunteer, ignore this email and nothing will be kept after 30 days."
        ),
        from_email=None,
        recipient_list=[volunteer.email],
    )


@task()
def volunteer_sign_in_send(volunteer_id: int) -> None:
    volunteer = _volunteer(volunteer_id)
    if volunteer is None or volunteer.verified_at is None:
        return
    send_mail(
        subject=f"OpenQI: your link to your {volunteer.system.name} involvement registration",
        message=(
            f"Dear {volunteer.name},\n\nUse this link within a day to see, change or delete your registration "
            f"and answer invitations:\n\n{_link(volunteer, tokens.SIGN_IN, 'coproduction:sign_in_link')}\n\n"
            "If you did not ask for it, ignore this email."
        ),
        from_email=None,
        recipient_list=[volunteer.email],
    )


@task()
def volunteer_reminder_send(volunteer_id: int) -> None:
    volunteer = _volunteer(volunteer_id)
    if volunteer is None:
        return
    send_mail(
        subject="OpenQI: would you like to stay on the involvement register?",
        message=(
            f"Dear {volunteer.name},\n\nYou agreed that we may keep your details until "
            f"{volunteer.review_on:%d %B %Y}. To stay on the register, renew your consent from your page:\n\n"
            f"{_link(volunteer, tokens.SIGN_IN, 'coproduction:sign_in_link')}\n\n"
            "If you do nothing, your registration is hidden on that date and deleted three months later."
        ),
        from_email=None,
        recipient_list=[volunteer.email],
    )


@task()
def offer_email_send(offer_id: int) -> None:
    offer = Offer.objects.select_related("volunteer__system", "request__organisation").filter(pk=offer_id).first()
    if offer is None:
        return
    volunteer = offer.volunteer
    send_mail(
        subject=f"OpenQI: {offer.request.organisation.name} invites you to help with a project",
        message=(
            f"Dear {volunteer.name},\n\n{offer.request.organisation.name} would like your help: "
            f"{offer.request.get_purpose_display().lower()}.\n\nRead the invitation and answer it here:\n\n"
            f"{_link(volunteer, tokens.SIGN_IN, 'coproduction:sign_in_link')}\n\n"
            "You can say no, in your own words; it makes no difference to your care."
        ),
        from_email=None,
        recipient_list=[volunteer.email],
    )


@task()
def partner_welcome_send(offer_id: int, new_account: bool) -> None:
    offer = (
        Offer.objects.select_related("volunteer", "request__organisation", "request__project")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None or offer.volunteer.user is None:
        return
    user = offer.volunteer.user
    if new_account:
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
        )
        how = f"Choose a password for your OpenQI account here:\n\n{settings.SITE_URL}{path}\n\nthen sign in"
    else:
        how = "Sign in to OpenQI with your usual account"
    send_mail(
        subject=f"OpenQI: welcome to the {offer.request.project.title} project",
        message=(
            f"Dear {offer.volunteer.name},\n\nThank you for joining the project as a partner. {how} to see "
            "the project in plain language and the time you give it."
        ),
        from_email=None,
        recipient_list=[user.email],
    )
