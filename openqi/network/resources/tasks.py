"""Email after an event: the feedback link. Sent by the task worker."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from openqi.bookings.models import Booking
from openqi.network.models import Event
from openqi.network.resources.followup import FEEDBACK_DAYS, feedback_token


@task()
def feedback_request_send(booking_id: int) -> None:
    booking = Booking.objects.filter(pk=booking_id).first()
    if booking is None:
        return  # erased since it was asked for
    event = Event.objects.select_related("system", "occasion").filter(occasion_id=booking.occasion_id).first()
    if event is None:
        return
    link = settings.SITE_URL + reverse(
        "network:event_feedback", args=[event.system.slug, event.pk, feedback_token(booking)]
    )
    page = settings.SITE_URL + reverse("network:event_detail", args=[event.system.slug, event.pk])
    send_mail(
        subject=f"OpenQI: how was {event.title}?",
        message=(
            f"Dear {booking.name},\n\nThank you for coming to {event.title} ({event.when}).\n\n"
            f"Tell us in two minutes what went well and what would make it better (the link works for "
            f"{FEEDBACK_DAYS} days; your answers are not linked to your name):\n\n{link}\n\n"
            f"Recordings and slides, when there are any, are on the event's page:\n\n{page}\n"
        ),
        from_email=None,
        recipient_list=[booking.email],
    )
