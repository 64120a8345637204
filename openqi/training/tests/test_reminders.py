"""The day-before reminder goes before every session of a cohort, not only the first: once per
place and session, with that session's time (UK) and calendar entry, never for a cancelled place,
a cancelled cohort or a session already begun."""

import datetime
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from openqi.bookings.models import Booking, BookingStatus
from openqi.bookings.tasks import booking_reminders_queue
from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Role
from openqi.training import services
from openqi.training.models import Cohort, Enrolment, Session, SessionReminder
from openqi.training.reminders import session_reminder_send, session_reminders_queue, session_when
from openqi.training.tests.conftest import make_course

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def _today() -> datetime.date:
    return timezone.localtime(timezone.now(), LONDON).date()


def _leaders_cohort(personas: Any, *, days: tuple[int, ...] = (2, 3, 9), capacity: int = 2) -> Cohort:
    course = make_course(personas, title="QI Leaders", level_name="Leader")
    day0 = _today()
    return services.cohort_create(
        actor=personas.lead.user,
        course=course,
        sessions=[
            (_at(day0 + datetime.timedelta(days=d), 9, 30), _at(day0 + datetime.timedelta(days=d), 12, 30))
            for d in days
        ],
        capacity=capacity,
        venue="Education Centre, Room 2",
    )


def _book(membership: Any, cohort: Cohort) -> Enrolment:
    return services.enrolment_book(
        actor=membership.user, organisation=membership.organisation, role=membership.role, cohort=cohort
    )


def _staff(personas: Any, n: int) -> Any:
    return MembershipFactory(
        organisation=personas.org_a, role=Role.STAFF, user=UserFactory(email=f"staff{n}@alpha.nhs.uk")
    )


def _run_at(moment: datetime.datetime) -> int:
    """The hourly scheduled run (`bookings_scheduled` queues this task) at a given time."""
    with mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC)):
        return booking_reminders_queue.call()


def test_each_session_of_a_multi_day_cohort_is_reminded_the_day_before_once(personas: Any) -> None:
    cohort = _leaders_cohort(personas)
    sessions = list(cohort.sessions.all())
    mine = _book(personas.member, cohort)
    leaving = _book(_staff(personas, 2), cohort)
    waiting = _book(_staff(personas, 3), cohort)
    assert waiting.booking.status == BookingStatus.WAITING
    services.enrolment_cancel(actor=leaving.user, enrolment=leaving)  # staff3 is offered the place
    assert Booking.objects.get(pk=waiting.booking_id).status == BookingStatus.OFFERED
    mail.outbox.clear()

    for n, session in enumerate(sessions, start=1):
        eve = _at(timezone.localtime(session.starts_at, LONDON).date() - datetime.timedelta(days=1), 12)
        assert _run_at(eve) == 1
        assert _run_at(eve + datetime.timedelta(hours=1)) == 0  # the next hourly run: already sent
        assert len(mail.outbox) == n
        message = mail.outbox[-1]
        assert message.to == [personas.member.user.email]
        assert message.subject == f"OpenQI: reminder: QI Leaders (session {n} of 3) is tomorrow"
        assert "09:30 to 12:30 (UK time)" in message.body
        assert "Venue: Education Centre, Room 2" in message.body
        assert f"/o/{personas.org_a.slug}/training/me/" in message.body
        (filename, ics, mimetype) = message.attachments[0]
        assert (filename, mimetype) == (f"training-session-{session.pk}.ics", "text/calendar")
        assert ics.count("BEGIN:VEVENT") == 1
        assert f"UID:training-session-{session.pk}@openqi" in ics
        assert f"DTSTART:{session.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in ics
        assert f"SUMMARY:QI Leaders (session {n} of 3)" in ics

    # A retried task sends nothing more; bookings' own reminder never went for the cohort.
    session_reminder_send.call(sessions[0].pk, mine.pk)
    assert len(mail.outbox) == 3
    assert SessionReminder.objects.filter(enrolment=mine).count() == 3
    assert not SessionReminder.objects.exclude(enrolment=mine).exists()
    assert Booking.objects.get(pk=mine.booking_id).reminded_at is None


def test_the_day_with_no_session_sends_nothing(personas: Any) -> None:
    cohort = _leaders_cohort(personas)
    _book(personas.member, cohort)
    mail.outbox.clear()
    assert _run_at(_at(_today() + datetime.timedelta(days=5), 12)) == 0  # day 6 has no session
    assert mail.outbox == []


def test_a_cancelled_place_or_cohort_gets_no_reminder(personas: Any) -> None:
    cohort = _leaders_cohort(personas)
    gone = _book(personas.member, cohort)
    services.enrolment_cancel(actor=personas.member.user, enrolment=gone)
    other = _leaders_cohort(personas)
    _book(_staff(personas, 4), other)
    other.occasion.cancelled_at = timezone.now()
    other.occasion.save(update_fields=["cancelled_at"])
    mail.outbox.clear()
    assert _run_at(_at(_today() + datetime.timedelta(days=1), 12)) == 0
    assert mail.outbox == []


def test_a_session_already_begun_is_not_reminded(personas: Any) -> None:
    cohort = _leaders_cohort(personas)
    mine = _book(personas.member, cohort)
    first = cohort.sessions.first()
    assert first is not None
    mail.outbox.clear()
    late = first.starts_at + datetime.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=late):
        window = (first.starts_at - datetime.timedelta(hours=1), first.starts_at + datetime.timedelta(days=1))
        assert session_reminders_queue(window_start=window[0], window_end=window[1]) == 0
        session_reminder_send.call(first.pk, mine.pk)  # a task queued earlier, run too late
    assert mail.outbox == []
    assert not SessionReminder.objects.exists()


def test_a_sessions_time_is_written_in_uk_time_in_summer_too() -> None:
    summer = Session(
        starts_at=datetime.datetime(2027, 7, 6, 9, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2027, 7, 6, 12, 0, tzinfo=datetime.UTC),
    )
    assert session_when(summer) == "Tuesday 6 July 2027, 10:00 to 13:00"  # BST


def test_a_single_session_reminder_names_no_session_number(personas: Any) -> None:
    cohort = _leaders_cohort(personas, days=(2,))
    _book(personas.member, cohort)
    mail.outbox.clear()
    assert _run_at(_at(_today() + datetime.timedelta(days=1), 12)) == 1
    assert [m.subject for m in mail.outbox] == ["OpenQI: reminder: QI Leaders is tomorrow"]


def test_booking_emails_give_session_times_in_uk_time(personas: Any) -> None:
    cohort = _leaders_cohort(personas, days=(2,))
    mail.outbox.clear()
    _book(personas.member, cohort)
    session = cohort.sessions.get()
    local = timezone.localtime(session.starts_at, LONDON)
    assert f"Session 1: {local:%A %d %B %Y}, 09:30 (UK time)" in mail.outbox[0].body
