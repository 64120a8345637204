"""Who may open which training page: staff see the catalogue and their own record; course and
capability pages are for QI leads; another ICS's organisation's course is invisible."""

from typing import Any

import pytest
from django.test import Client

from openqi.conftest import client_for
from openqi.factories import MembershipFactory, OrganisationFactory, UserFactory
from openqi.organisations.models import Role
from openqi.training.tests.conftest import make_cohort

pytestmark = pytest.mark.django_db

LEAD_PAGES = [
    "courses/new/",
    "levels/",
    "capability/",
    "capability/ics/",
    "capability/ics/export.csv",
    "capability/export.csv",
    "capability/targets/",
    "imports/new/",
]


@pytest.mark.parametrize("page", ["", "me/"])
def test_staff_open_the_catalogue_and_their_record(personas: Any, member_client: Client, page: str) -> None:
    assert member_client.get(f"/o/alpha/training/{page}").status_code == 200


@pytest.mark.parametrize("page", LEAD_PAGES)
def test_staff_may_not_open_a_leads_page(personas: Any, member_client: Client, page: str) -> None:
    assert member_client.get(f"/o/alpha/training/{page}").status_code == 403


@pytest.mark.parametrize("page", LEAD_PAGES)
def test_a_lead_opens_every_leads_page(personas: Any, lead_client: Client, page: str) -> None:
    assert lead_client.get(f"/o/alpha/training/{page}").status_code == 200


def test_a_lead_manages_a_cohort_and_staff_may_not(
    personas: Any, lead_client: Client, member_client: Client, cohort: Any
) -> None:
    assert lead_client.get(f"/o/alpha/training/cohorts/{cohort.pk}/").status_code == 200
    assert member_client.get(f"/o/alpha/training/cohorts/{cohort.pk}/").status_code == 403
    session = cohort.sessions.first()
    assert lead_client.get(f"/o/alpha/training/sessions/{session.pk}/attendance/").status_code == 200


def test_a_lead_of_another_organisation_cannot_manage_this_cohort(personas: Any, cohort: Any) -> None:
    other_lead = MembershipFactory(organisation=personas.org_b, role=Role.LEAD, user=UserFactory())
    client = client_for(other_lead.user)
    assert client.get(f"/o/beta/training/cohorts/{cohort.pk}/").status_code == 404
    # ...but its staff may see and book the course, open to the whole ICS
    assert client.get(f"/o/beta/training/courses/{cohort.course_id}/").status_code == 200


def test_a_course_of_another_ics_is_invisible(personas: Any, cohort: Any) -> None:
    elsewhere = MembershipFactory(organisation=OrganisationFactory(slug="gamma"), role=Role.LEAD, user=UserFactory())
    client = client_for(elsewhere.user)
    assert client.get(f"/o/gamma/training/courses/{cohort.course_id}/").status_code == 404
    assert client.post(f"/o/gamma/training/cohorts/{cohort.pk}/book/").status_code == 404


def test_a_lead_sees_a_persons_record_and_staff_may_not(
    personas: Any, lead_client: Client, member_client: Client
) -> None:
    user_id = personas.member.user.pk
    assert lead_client.get(f"/o/alpha/training/people/{user_id}/").status_code == 200
    assert member_client.get(f"/o/alpha/training/people/{personas.lead.user.pk}/").status_code == 403
    assert lead_client.get(f"/o/alpha/training/people/{personas.outsider.user.pk}/").status_code == 404


def test_the_course_form_shows_errors_and_saves_nothing(personas: Any, lead_client: Client) -> None:
    response = lead_client.post("/o/alpha/training/courses/new/", {"title": ""})
    assert response.status_code == 400
    assert "Enter the course title" in response.content.decode()
    from openqi.training.models import Course

    assert not Course.objects.exists()


def test_a_cohort_with_a_badly_written_session_is_refused(personas: Any, lead_client: Client, course: Any) -> None:
    response = lead_client.post(
        f"/o/alpha/training/courses/{course.pk}/cohorts/new/", {"sessions": "next tuesday", "capacity": "10"}
    )
    assert response.status_code == 400
    assert "like 15/03/2027 09:30-12:30" in response.content.decode()
    response = lead_client.post(
        f"/o/alpha/training/courses/{course.pk}/cohorts/new/",
        {"sessions": "15/03/2030 09:30-12:30\n16/03/2030 09:30-12:30", "capacity": "12"},
    )
    assert response.status_code == 302
    assert course.cohorts.get().sessions.count() == 2


def test_booking_a_cohort_on_the_course_page(personas: Any, member_client: Client, course: Any) -> None:
    make_cohort(personas, course)
    page = member_client.get(f"/o/alpha/training/courses/{course.pk}/").content.decode()
    assert "Book a place" in page
