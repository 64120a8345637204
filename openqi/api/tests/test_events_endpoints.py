"""Network events of the token's ICS, its members' bookings (leads), and booking through the API
with capacity held: a full event puts the next person on the waiting list."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from openqi.api.tests.conftest import ApiClient, Issue
from openqi.factories import MembershipFactory, OrganisationFactory, SystemFactory, UserFactory
from openqi.network import services
from openqi.network.models import Event, Member
from openqi.organisations.models import Role


def _event(
    personas: Any, *, capacity: int = 1, title: str = "Measurement for improvement", system: Any = None
) -> Event:
    starts = timezone.now() + datetime.timedelta(days=7)
    return services.event_create(
        actor=personas.admin.user,
        system=system or personas.org_a.system,
        title=title,
        description="Run charts.",
        kind="learning",
        mode="online",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        capacity=capacity,
        online_link="https://meet.example.org/secret-room",
    )


def _member(membership: Any) -> Member:
    now = timezone.now()
    return Member.objects.create(
        system=membership.organisation.system,
        email=membership.user.email,
        name=membership.user.display_name,
        organisation=membership.organisation,
        consent_wording="Yes",
        consented_at=now,
        verified_at=now,
        user=membership.user,
    )


def test_events_of_the_tokens_ics_are_listed_without_joining_links(personas: Any, issue: Issue) -> None:
    event = _event(personas, capacity=3)
    _event(personas, title="Elsewhere", system=SystemFactory())
    body = ApiClient(issue(personas.member)).get("/o/alpha/events").json()
    assert body["count"] == 1
    [item] = body["items"]
    assert (item["id"], item["capacity"], item["places_free"], item["waiting"]) == (event.pk, 3, 3, 0)
    assert "secret-room" not in str(body)


def test_booking_through_the_api_holds_capacity_and_then_waits(personas: Any, issue: Issue) -> None:
    event = _event(personas, capacity=1)
    _member(personas.member)
    _member(personas.lead)
    first = ApiClient(issue(personas.member, access="write")).post(f"/o/alpha/events/{event.pk}/bookings", {})
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    again = ApiClient(issue(personas.member, access="write", name="again")).post(
        f"/o/alpha/events/{event.pk}/bookings", {}
    )
    assert again.json()["id"] == first.json()["id"]  # booking again returns the place held
    second = ApiClient(issue(personas.lead, access="write")).post(f"/o/alpha/events/{event.pk}/bookings", {})
    assert second.status_code == 201 and second.json()["status"] == "waiting"

    listing = ApiClient(issue(personas.lead, role="lead")).get("/o/alpha/events/bookings").json()
    assert {(b["email"], b["status"]) for b in listing["items"]} == {
        (personas.member.user.email, "confirmed"),
        (personas.lead.user.email, "waiting"),
    }


def test_booking_needs_a_write_token_network_membership_and_an_event_of_this_ics(personas: Any, issue: Issue) -> None:
    event = _event(personas)
    other = _event(personas, system=SystemFactory())
    path = f"/o/alpha/events/{event.pk}/bookings"
    assert ApiClient(issue(personas.member)).post(path, {}).status_code == 403  # read-only token
    refused = ApiClient(issue(personas.member, access="write", name="w")).post(path, {})
    assert refused.status_code == 409 and refused["Content-Type"] == "application/problem+json"
    assert "Join the QI network" in refused.json()["detail"]
    _member(personas.member)
    elsewhere = ApiClient(issue(personas.member, access="write", name="w2")).post(
        f"/o/alpha/events/{other.pk}/bookings", {}
    )
    assert elsewhere.status_code == 404  # another ICS's event: nothing this token can book


@pytest.mark.parametrize("role", [Role.STAFF, Role.CHAMPION])
def test_members_bookings_are_for_leads_only(personas: Any, issue: Issue, role: str) -> None:
    membership = MembershipFactory(organisation=personas.org_a, role=role)
    assert ApiClient(issue(membership, role=role)).get("/o/alpha/events/bookings").status_code == 403


def test_bookings_of_people_from_another_organisation_are_not_listed(personas: Any, issue: Issue) -> None:
    event = _event(personas, capacity=5)
    neighbour = MembershipFactory(
        organisation=OrganisationFactory(system=personas.org_a.system), user=UserFactory(email="n@gamma.nhs.uk")
    )
    services.event_book(event=event, member=_member(neighbour))
    services.event_book(event=event, member=_member(personas.member))
    listing = ApiClient(issue(personas.lead, role="lead")).get("/o/alpha/events/bookings").json()
    assert [b["email"] for b in listing["items"]] == [personas.member.user.email]
