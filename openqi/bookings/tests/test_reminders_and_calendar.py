from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from openqi.bookings import ics, services
from openqi.bookings.models import Booking
from openqi.bookings.services import occasion_create
from openqi.bookings.tasks import booking_reminder_send, booking_reminders_queue, tomorrow_window

LONDON = ZoneInfo("Europe/London")


def test_tomorrow_is_23_hours_long_when_the_clocks_go_forward() -> None:
    # Saturday 29 March 2025: the clocks go forward at 01:00 on Sunday 30 March.
    start, end = tomorrow_window(datetime(2025, 3, 29, 12, 0, tzinfo=UTC))
    assert start == datetime(2025, 3, 30, 0, 0, tzinfo=UTC)  # still GMT at midnight
    assert end == datetime(2025, 3, 30, 23, 0, tzinfo=UTC)  # midnight BST
    assert (end - start) == timedelta(hours=23)


def test_tomorrow_is_25_hours_long_when_the_clocks_go_back() -> None:
    start, end = tomorrow_window(datetime(2025, 10, 25, 12, 0, tzinfo=UTC))
    assert (end - start) == timedelta(hours=25)


@pytest.mark.django_db
def test_reminders_go_the_day_before_once_to_confirmed_people_only() -> None:
    start, _ = tomorrow_window(timezone.now())
    starts = start + timedelta(hours=10)
    tomorrow = occasion_create(
        owner="t", title="Tomorrow's huddle", starts_at=starts, ends_at=starts + timedelta(hours=1), capacity=1
    )
    later = occasion_create(
        owner="t",
        title="Next week",
        starts_at=starts + timedelta(days=7),
        ends_at=starts + timedelta(days=7, hours=1),
        capacity=5,
    )
    booked = services.booking_create(occasion=tomorrow, email="booked@example.org", name="Booked")
    services.booking_create(occasion=tomorrow, email="waiting@example.org", name="Waiting")
    services.booking_create(occasion=later, email="later@example.org", name="Later")
    mail.outbox.clear()
    assert booking_reminders_queue.call() == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["booked@example.org"], "OpenQI: reminder: Tomorrow's huddle is tomorrow")
    ]
    booking_reminder_send.call(booked.pk)  # a retried task sends nothing more
    assert booking_reminders_queue.call() == 0
    assert len(mail.outbox) == 1
    assert Booking.objects.get(pk=booked.pk).reminded_at is not None


def test_a_calendar_file_is_valid_escaped_folded_and_in_utc() -> None:
    summer = datetime(2027, 7, 1, 10, 0, tzinfo=LONDON)
    winter = datetime(2027, 12, 1, 10, 0, tzinfo=LONDON)
    body = ics.calendar(
        [
            ics.CalendarEntry(
                uid="a@openqi",
                title="Huddle; flow, and safety",
                starts_at=summer,
                ends_at=summer + timedelta(hours=1),
                description="Line one\nLine two " + "x" * 200,
            ),
            ics.CalendarEntry(uid="b@openqi", title="Winter", starts_at=winter, ends_at=winter + timedelta(hours=1)),
        ],
        name="Network",
    )
    lines = body.split("\r\n")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20270701T090000Z" in lines  # 10:00 BST
    assert "DTSTART:20271201T100000Z" in lines  # 10:00 GMT
    assert "SUMMARY:Huddle\\; flow\\, and safety" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = body.replace("\r\n ", "")
    assert "DESCRIPTION:Line one\\nLine two " + "x" * 200 in unfolded
