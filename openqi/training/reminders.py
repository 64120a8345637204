"""The day-before reminder of every session of a cohort, not only its first.

A cohort is one bookings occasion (ADR 0025), whose start is its first session's; the bookings
reminder would go only before that. Training registers itself with `bookings.owners` as an owner
that reminds for itself, so the hourly `manage.py bookings_scheduled` run asks it to queue the
reminders of tomorrow's sessions (in Europe/London) and sends none of its own for cohorts. Each
learner with a place gets one email per session, with that session's time and its calendar entry;
`SessionReminder` is the sent-marker, so a repeated run or a retried task sends nothing more.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from openqi.bookings import owners
from openqi.bookings.ics import calendar
from openqi.bookings.models import BookingStatus
from openqi.training.calendar import calendar_entries, describe
from openqi.training.models import OWNER, Enrolment, Session, SessionReminder

LONDON = ZoneInfo("Europe/London")


def session_when(session: Session) -> str:
    """'Tuesday 9 March 2027, 09:30 to 12:30' in UK time."""
    start = timezone.localtime(session.starts_at, LONDON)
    end = timezone.localtime(session.ends_at, LONDON)
    return f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M} to {end:%H:%M}"


def session_reminders_queue(*, window_start: datetime, window_end: datetime) -> int:
    """Queue a reminder for each place (a confirmed booking) on each session starting in the
    window that has not had one. Sessions already begun, and cancelled cohorts, are left out."""
    sessions = Session.objects.filter(
        starts_at__gte=max(window_start, timezone.now()),
        starts_at__lt=window_end,
        cohort__occasion__cancelled_at__isnull=True,
    ).order_by("starts_at", "pk")
    queued = 0
    for session in sessions:
        due = (
            Enrolment.objects.filter(cohort_id=session.cohort_id, booking__status=BookingStatus.CONFIRMED)
            .exclude(reminders__session=session)
            .values_list("pk", flat=True)
        )
        for enrolment_id in due:
            session_reminder_send.enqueue(session.pk, enrolment_id)
            queued += 1
    return queued


@task()
def session_reminder_send(session_id: int, enrolment_id: int) -> None:
    # The marker is written under a lock on the place, in the same transaction as the send: a
    # retried or doubled task finds it and sends nothing; a failed send leaves no marker.
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("booking", "organisation", "cohort__course", "cohort__occasion")
            .filter(pk=enrolment_id)
            .first()
        )
        session = Session.objects.filter(pk=session_id).first()
        if enrolment is None or session is None or session.cohort_id != enrolment.cohort_id:
            return
        cohort = enrolment.cohort
        if (
            enrolment.booking.status != BookingStatus.CONFIRMED
            or cohort.occasion.cancelled_at is not None
            or session.starts_at <= timezone.now()
        ):
            return
        try:
            with transaction.atomic():
                SessionReminder.objects.create(session=session, enrolment=enrolment)
        except IntegrityError:
            return
        entries = calendar_entries(enrolment)
        number = next(
            n for n, entry in enumerate(entries, start=1) if entry.uid == f"training-session-{session.pk}@openqi"
        )
        title = cohort.course.title
        part = f" (session {number} of {len(entries)})" if len(entries) > 1 else ""
        body = f"Dear {enrolment.booking.name},\n\nA reminder that tomorrow you have a place at:\n\n{title}{part}\n"
        body += f"{session_when(session)} (UK time)\n"
        if cohort.venue:
            body += f"Venue: {cohort.venue}\n"
        url = settings.SITE_URL + reverse("training:my_record", args=[enrolment.organisation.slug])
        body += (
            "\nThis session's calendar entry is attached.\n"
            f"Your place, the calendar file of every session and cancelling: {url}\n"
        )
        message = EmailMessage(
            subject=f"OpenQI: reminder: {title}{part} is tomorrow", body=body, to=[enrolment.booking.email]
        )
        message.attach(
            f"training-session-{session.pk}.ics",
            calendar([entries[number - 1]], name=title),
            "text/calendar",
        )
        message.send()


owners.register(OWNER, describe=describe, remind=session_reminders_queue)
