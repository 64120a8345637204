"""How training cohorts read in booking emails and calendar files (registered with bookings, with
the sessions' reminders, by `openqi.training.reminders`)."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from openqi.bookings import owners
from openqi.bookings.ics import CalendarEntry
from openqi.bookings.models import Booking, Occasion
from openqi.training.models import Cohort, Enrolment

LONDON = ZoneInfo("Europe/London")


def describe(occasion: Occasion, booking: Booking) -> owners.OccasionText:
    cohort = Cohort.objects.select_related("course").get(occasion=occasion)
    enrolment = Enrolment.objects.filter(booking=booking).select_related("organisation").first()
    slug = enrolment.organisation.slug if enrolment else cohort.organisation.slug
    sessions = "\n".join(
        f"Session {n}: {timezone.localtime(s.starts_at, LONDON):%A %d %B %Y, %H:%M} (UK time)"
        for n, s in enumerate(cohort.sessions.all(), start=1)
    )
    venue = f"Venue: {cohort.venue}\n" if cohort.venue else ""
    return owners.OccasionText(
        title=occasion.title,
        url=settings.SITE_URL + reverse("training:course_detail", args=[slug, cohort.course_id]),
        details=venue + sessions,
    )


def calendar_entries(enrolment: Enrolment) -> list[CalendarEntry]:
    """One calendar entry per session of the learner's cohort."""
    cohort = enrolment.cohort
    return [
        CalendarEntry(
            uid=f"training-session-{session.pk}@openqi",
            title=f"{cohort.course.title} (session {n} of {cohort.sessions.count()})",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            location=cohort.venue,
            description=cohort.course.summary,
            cancelled=cohort.occasion.cancelled_at is not None,
        )
        for n, session in enumerate(cohort.sessions.all(), start=1)
    ]
