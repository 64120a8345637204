"""Booking a cohort goes through the shared bookings machinery: places, waiting list, offers,
cancellation, calendar file; and who may book."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openqi.bookings.models import Booking, BookingStatus
from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Role
from openqi.training import services
from openqi.training.models import Enrolment
from openqi.training.tests.conftest import make_cohort, make_course

pytestmark = pytest.mark.django_db


def _staff(personas: Any, n: int) -> Any:
    return MembershipFactory(
        organisation=personas.org_a, role=Role.STAFF, user=UserFactory(email=f"staff{n}@alpha.nhs.uk")
    )


def _book(personas: Any, membership: Any, cohort: Any, challenge: str = "") -> Enrolment:
    return services.enrolment_book(
        actor=membership.user,
        organisation=membership.organisation,
        role=membership.role,
        cohort=cohort,
        challenge=challenge,
    )


def test_a_cohort_is_one_bookable_occasion_with_its_sessions(personas: Any) -> None:
    cohort = make_cohort(personas, make_course(personas, title="QI Leaders", level_name="Leader"), sessions=4)
    assert cohort.sessions.count() == 4
    assert cohort.occasion.owner == "training.cohort"
    assert cohort.occasion.starts_at == cohort.sessions.first().starts_at
    assert cohort.occasion.ends_at == cohort.sessions.last().ends_at


def test_the_last_place_is_booked_and_the_next_person_waits_then_is_offered_a_freed_place(personas: Any) -> None:
    cohort = make_cohort(personas, make_course(personas), capacity=1)
    first = _book(personas, personas.member, cohort, challenge="Falls at night on Ward 1")
    second = _book(personas, _staff(personas, 2), cohort)
    assert first.booking.status == BookingStatus.CONFIRMED
    assert first.challenge == "Falls at night on Ward 1"
    assert second.booking.status == BookingStatus.WAITING

    services.enrolment_cancel(actor=personas.member.user, enrolment=first)
    second.booking.refresh_from_db()
    assert second.booking.status == BookingStatus.OFFERED
    services.enrolment_offer_accept(actor=second.user, enrolment=second)
    second.booking.refresh_from_db()
    assert second.booking.status == BookingStatus.CONFIRMED


def test_booking_twice_keeps_one_place(personas: Any, cohort: Any) -> None:
    _book(personas, personas.member, cohort)
    _book(personas, personas.member, cohort)
    assert Booking.objects.filter(occasion=cohort.occasion).count() == 1
    assert Enrolment.objects.filter(cohort=cohort).count() == 1


def test_a_course_open_to_one_organisation_refuses_staff_of_another(personas: Any) -> None:
    course = make_course(personas, open_to=[personas.org_a])
    cohort = make_cohort(personas, course)
    with pytest.raises(PermissionDenied):
        services.enrolment_book(
            actor=personas.outsider.user, organisation=personas.org_b, role=Role.ORG_ADMIN, cohort=cohort
        )


def test_partners_may_book_only_where_the_course_allows(personas: Any, cohort: Any) -> None:
    partner = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER, user=UserFactory())
    with pytest.raises(PermissionDenied):
        _book(personas, partner, cohort)
    open_course = make_course(personas, title="Experts by experience in QI", partners_may_book=True)
    assert _book(personas, partner, make_cohort(personas, open_course)).pk


def test_a_prerequisite_must_be_completed_first(personas: Any, course: Any) -> None:
    leaders = make_course(personas, title="QI Leaders", level_name="Leader", prerequisites=[course])
    with pytest.raises(ValidationError):
        _book(personas, personas.member, make_cohort(personas, leaders))


def test_the_calendar_file_has_every_session(personas: Any, member_client: Any) -> None:
    cohort = make_cohort(personas, make_course(personas, title="QI Leaders", level_name="Leader"), sessions=4)
    enrolment = _book(personas, personas.member, cohort)
    response = member_client.get(f"/o/alpha/training/places/{enrolment.pk}/calendar.ics")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 4
    assert "QI Leaders (session 4 of 4)" in body


def test_booking_through_the_page_and_cancelling(personas: Any, member_client: Any, cohort: Any) -> None:
    response = member_client.post(f"/o/alpha/training/cohorts/{cohort.pk}/book/", {"challenge": "Discharge delays"})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(cohort=cohort, user=personas.member.user)
    assert enrolment.challenge == "Discharge delays"
    page = member_client.get(f"/o/alpha/training/places/{enrolment.pk}/cancel/")
    assert page.status_code == 200
    member_client.post(f"/o/alpha/training/places/{enrolment.pk}/cancel/")
    enrolment.booking.refresh_from_db()
    assert enrolment.booking.status == BookingStatus.CANCELLED


def test_someone_else_cannot_open_or_cancel_my_place(personas: Any, lead_client: Any, cohort: Any) -> None:
    enrolment = _book(personas, personas.member, cohort)
    assert lead_client.get(f"/o/alpha/training/places/{enrolment.pk}/cancel/").status_code == 404
    assert lead_client.get(f"/o/alpha/training/places/{enrolment.pk}/calendar.ics").status_code == 404
