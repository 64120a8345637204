from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.bookings import services
from openqi.bookings.models import Booking, BookingStatus
from openqi.bookings.selectors import no_show_counts, places_get
from openqi.bookings.tests.helpers import an_occasion

pytestmark = pytest.mark.django_db


def test_bookings_fill_the_places_then_join_the_waiting_list_in_order() -> None:
    occasion = an_occasion(capacity=2)
    statuses = [
        services.booking_create(occasion=occasion, email=f"p{i}@example.org", name=f"P{i}").status for i in range(4)
    ]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    places = places_get(occasion=occasion)
    assert (places.held, places.waiting, places.free) == (2, 2, 0)


def test_booking_again_with_the_same_address_returns_the_same_booking() -> None:
    occasion = an_occasion()
    first = services.booking_create(occasion=occasion, email="Ann@Example.org", name="Ann")
    again = services.booking_create(occasion=occasion, email=" ann@example.org", name="Ann")
    assert again.pk == first.pk
    assert Booking.objects.filter(occasion=occasion).count() == 1


def test_a_started_or_cancelled_occasion_cannot_be_booked() -> None:
    started = an_occasion(days_ahead=-0.01)
    with pytest.raises(ValidationError, match="started"):
        services.booking_create(occasion=started, email="a@example.org", name="A")
    cancelled = an_occasion()
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    with pytest.raises(ValidationError, match="cancelled"):
        services.booking_create(occasion=cancelled, email="a@example.org", name="A")
    assert Booking.objects.count() == 0


def test_a_cancelled_place_is_offered_to_the_first_waiting_and_held_for_them() -> None:
    occasion = an_occasion(capacity=1)
    first = services.booking_create(occasion=occasion, email="first@example.org", name="First")
    second = services.booking_create(occasion=occasion, email="second@example.org", name="Second")
    third = services.booking_create(occasion=occasion, email="third@example.org", name="Third")
    mail.outbox.clear()
    services.booking_cancel(booking=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == BookingStatus.OFFERED
    assert second.offer_expires_at is not None
    assert third.status == BookingStatus.WAITING
    assert [m.to for m in mail.outbox] == [["second@example.org"]]
    assert "holding it for you" in mail.outbox[0].body
    # The offered place is held: a newcomer waits.
    late = services.booking_create(occasion=occasion, email="late@example.org", name="Late")
    assert late.status == BookingStatus.WAITING
    assert services.booking_offer_accept(booking=second).status == BookingStatus.CONFIRMED


def test_an_offer_nobody_takes_up_passes_to_the_next_person() -> None:
    occasion = an_occasion(capacity=1)
    first = services.booking_create(occasion=occasion, email="first@example.org", name="First")
    second = services.booking_create(occasion=occasion, email="second@example.org", name="Second")
    third = services.booking_create(occasion=occasion, email="third@example.org", name="Third")
    services.booking_cancel(booking=first)
    later = timezone.now() + timedelta(hours=49)
    assert services.booking_offers_expire(now=later) == 1
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == BookingStatus.CANCELLED
    assert third.status == BookingStatus.OFFERED
    with pytest.raises(ValidationError, match="offer has ended"):
        services.booking_offer_accept(booking=second)
    assert services.booking_offers_expire(now=later) == 0  # run again: nothing more to do


def test_more_places_are_offered_to_the_waiting_list() -> None:
    occasion = an_occasion(capacity=1)
    services.booking_create(occasion=occasion, email="a@example.org", name="A")
    waiting = services.booking_create(occasion=occasion, email="b@example.org", name="B")
    services.occasion_capacity_change(occasion=occasion, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.OFFERED


def test_attendance_marks_who_came_and_counts_no_shows(personas: Any) -> None:
    occasion = an_occasion(capacity=3, days_ahead=1)
    came = services.booking_create(occasion=occasion, email="came@example.org", name="Came")
    missed = services.booking_create(occasion=occasion, email="missed@example.org", name="Missed")
    with pytest.raises(ValidationError, match="once the event has started"):
        services.attendance_record(occasion=occasion, attended_ids={came.pk}, actor=personas.lead.user)
    occasion.starts_at = timezone.now() - timedelta(hours=1)
    occasion.save()
    assert services.attendance_record(occasion=occasion, attended_ids={came.pk}, actor=personas.lead.user) == 1
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attended, missed.attended) == (True, False)
    counts = no_show_counts(emails=["came@example.org", "missed@example.org"], owner="tests.occasion")
    assert counts == {"missed@example.org": 1}
    assert AuditEvent.objects.filter(action="occasion.attendance").count() == 1


def test_occasion_rules_refuse_bad_times_and_places() -> None:
    now = timezone.now()
    with pytest.raises(ValidationError):
        services.occasion_create(owner="t", title="x", starts_at=now, ends_at=now, capacity=1)
    with pytest.raises(ValidationError):
        services.occasion_create(owner="t", title="x", starts_at=now, ends_at=now + timedelta(hours=1), capacity=0)


def test_erasing_an_address_removes_its_bookings() -> None:
    occasion = an_occasion()
    services.booking_create(occasion=occasion, email="gone@example.org", name="Gone")
    services.booking_create(occasion=occasion, email="stays@example.org", name="Stays")
    assert services.booking_erase(email="GONE@example.org") == 1
    assert list(Booking.objects.values_list("email", flat=True)) == ["stays@example.org"]


def test_confirmation_and_waiting_emails_say_which() -> None:
    occasion = an_occasion(capacity=1, title="Huddle")
    services.booking_create(occasion=occasion, email="a@example.org", name="A")
    services.booking_create(occasion=occasion, email="b@example.org", name="B")
    subjects = [m.subject for m in mail.outbox]
    assert subjects == ["OpenQI: you are booked on Huddle", "OpenQI: you are on the waiting list for Huddle"]


def test_the_scheduled_command_ends_stale_offers_and_sends_tomorrows_reminders() -> None:
    from io import StringIO

    from django.core.management import call_command

    from openqi.bookings.tasks import tomorrow_window

    start, _ = tomorrow_window(timezone.now())
    tomorrow = services.occasion_create(
        owner="t", title="Huddle", starts_at=start + timedelta(hours=9), ends_at=start + timedelta(hours=10), capacity=1
    )
    first = services.booking_create(occasion=tomorrow, email="first@example.org", name="First")
    second = services.booking_create(occasion=tomorrow, email="second@example.org", name="Second")
    services.booking_cancel(booking=first)
    Booking.objects.filter(pk=second.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    third = services.booking_create(occasion=tomorrow, email="third@example.org", name="Third")
    mail.outbox.clear()
    out = StringIO()
    call_command("bookings_scheduled", stdout=out)
    assert "Expired 1 offer" in out.getvalue()
    third.refresh_from_db()
    assert third.status == BookingStatus.OFFERED
    assert [m.to for m in mail.outbox] == [["third@example.org"]]  # the offer; nobody confirmed to remind
