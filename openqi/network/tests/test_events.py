from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from openqi.bookings.models import Booking, BookingStatus
from openqi.factories import OrganisationFactory
from openqi.network.models import Event, Member
from openqi.network.tests.conftest import Network, an_event, join_and_confirm, post

pytestmark = pytest.mark.django_db

EVENT = {
    "title": "Spring network meeting",
    "description": "Share what your teams are testing.",
    "kind": "meeting",
    "day-day": "28",
    "day-month": "3",
    "day-year": "2030",
    "start": "10:00",
    "end": "12:30",
    "capacity": "40",
    "mode": "in_person",
    "venue": "Riverside Education Centre",
    "accessibility": "Step-free access.",
    "online_link": "",
}


def test_the_cqi_team_adds_an_event_in_uk_time_across_the_clock_change(network: Network, team_client: Client) -> None:
    slug = network.system.slug
    response = post(team_client, f"/network/{slug}/team/events/new/", EVENT)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.occasion.starts_at == datetime(2030, 3, 28, 10, 0, tzinfo=UTC)  # GMT
    post(team_client, f"/network/{slug}/team/events/new/", {**EVENT, "day-day": "4", "day-month": "4"})
    summer = Event.objects.order_by("-pk").first()
    assert summer is not None
    assert summer.occasion.starts_at == datetime(2030, 4, 4, 9, 0, tzinfo=UTC)  # 10:00 BST
    assert summer.when == "Thursday 4 April 2030, 10:00 to 12:30"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": "25:00"}, "Enter the start time as a 24-hour time"),
        ({"end": "09:00"}, "The end time must be after the start time"),
        ({"day-day": "31", "day-month": "3", "start": "01:30"}, "the clocks go forward"),
        ({"venue": ""}, "Enter the venue of an event in person"),
        ({"mode": "online"}, "Enter the joining link of an online event"),
        ({"capacity": "0"}, "Places must be 1 or more"),
        ({"title": ""}, "Enter a title"),
    ],
)
def test_bad_event_input_answers_clearly_and_saves_nothing(
    network: Network, team_client: Client, changes: dict[str, str], message: str
) -> None:
    response = post(team_client, f"/network/{network.system.slug}/team/events/new/", {**EVENT, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Event.objects.count() == 0


def test_events_are_public_and_the_online_link_is_shown_only_to_booked_members(network: Network) -> None:
    event = an_event(network, capacity=1)
    slug = network.system.slug
    page = Client().get(f"/network/{slug}/events/").content.decode()
    assert "Measurement for improvement" in page and "1 place left" in page
    detail = Client().get(f"/network/{slug}/events/{event.pk}/").content.decode()
    assert "secret-room" not in detail and "Join the network" in detail
    ics = Client().get(f"/network/{slug}/events/{event.pk}/calendar.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"secret-room" not in ics.content
    client = join_and_confirm(Client(), network.system)
    mail.outbox.clear()
    response = post(client, f"/network/{slug}/events/{event.pk}/book/")
    assert response.status_code == 302
    assert "secret-room" in client.get(f"/network/{slug}/events/{event.pk}/").content.decode()
    assert b"secret-room" in client.get(f"/network/{slug}/events/{event.pk}/calendar.ics").content
    assert "secret-room" in mail.outbox[-1].body  # the confirmation email carries the link
    member = Member.objects.get()
    feed = Client().get(f"/network/calendar/{member.feed_token}.ics")
    assert feed.status_code == 200 and b"SUMMARY:Measurement for improvement" in feed.content
    assert Client().get("/network/calendar/not-a-token.ics").status_code == 404


def test_a_full_event_puts_the_next_member_on_the_waiting_list_and_offers_a_freed_place(network: Network) -> None:
    event = an_event(network, capacity=1)
    slug = network.system.slug
    first = join_and_confirm(Client(), network.system, email="first@example.org")
    second = join_and_confirm(Client(), network.system, email="second@example.org")
    post(first, f"/network/{slug}/events/{event.pk}/book/")
    post(second, f"/network/{slug}/events/{event.pk}/book/")
    assert "waiting list" in second.get(f"/network/{slug}/events/{event.pk}/").content.decode()
    assert "Cancel your place" in first.get(f"/network/{slug}/events/{event.pk}/cancel/").content.decode()
    post(first, f"/network/{slug}/events/{event.pk}/cancel/")
    offered = Booking.objects.get(email="second@example.org")
    assert offered.status == BookingStatus.OFFERED
    assert "Accept the place" in second.get(f"/network/{slug}/events/{event.pk}/").content.decode()
    post(second, f"/network/{slug}/events/{event.pk}/accept/")
    offered.refresh_from_db()
    assert offered.status == BookingStatus.CONFIRMED


def test_booking_is_for_members_only(network: Network) -> None:
    event = an_event(network)
    response = post(Client(), f"/network/{network.system.slug}/events/{event.pk}/book/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert Booking.objects.count() == 0


def test_the_team_books_guests_and_takes_attendance(network: Network, team_client: Client) -> None:
    event = an_event(network, capacity=5)
    slug = network.system.slug
    member_client = join_and_confirm(Client(), network.system)
    post(member_client, f"/network/{slug}/events/{event.pk}/book/")
    response = post(team_client, f"/network/{slug}/team/events/{event.pk}/guests/", {"name": "Gus", "email": "bad"})
    assert response.status_code == 400 and Booking.objects.filter(guest=True).count() == 0
    post(
        team_client,
        f"/network/{slug}/team/events/{event.pk}/guests/",
        {"name": "Gus Guest", "email": "gus@example.org"},
    )
    guest = Booking.objects.get(guest=True)
    assert guest.status == BookingStatus.CONFIRMED and mail.outbox[-1].to == ["gus@example.org"]
    event.occasion.starts_at = timezone.now() - timedelta(minutes=5)
    event.occasion.save()
    page = team_client.get(f"/network/{slug}/team/events/{event.pk}/").content.decode()
    assert "Save attendance" in page and "Pat Public" in page
    pat = Booking.objects.get(email="pat@example.org")
    post(team_client, f"/network/{slug}/team/events/{event.pk}/attendance/", {"attended": [str(pat.pk)]})
    pat.refresh_from_db()
    guest.refresh_from_db()
    assert (pat.attended, guest.attended) == (True, False)
    assert "Attended" in member_client.get(f"/network/{slug}/me/").content.decode()


def test_the_member_directory_counts_by_organisation_and_interest(network: Network, team_client: Client) -> None:
    join_and_confirm(Client(), network.system, email="nurse@alpha.nhs.uk", name="Nina Nurse", topics=["lean"])
    join_and_confirm(Client(), network.system)
    page = team_client.get(f"/network/{network.system.slug}/team/members/").content.decode()
    assert "2 confirmed members" in page
    assert "Alpha Hospitals NHS Trust" in page and "Public members" in page
    filtered = team_client.get(f"/network/{network.system.slug}/team/members/?topic=lean").content.decode()
    assert "Nina Nurse" in filtered and "Pat Public" not in filtered


def test_the_member_directory_counts_by_role_whatever_the_case_and_only_confirmed_members(
    network: Network, team_client: Client
) -> None:
    from openqi.network.selectors import ROLES_SHOWN, member_role_counts

    def member(email: str, role: str, *, confirmed: bool = True) -> None:
        Member.objects.create(
            system=network.system,
            email=email,
            name=email,
            job_role=role,
            consent_wording="I agree.",
            consented_at=timezone.now(),
            verified_at=timezone.now() if confirmed else None,
        )

    member("a@example.org", "Staff nurse")
    member("b@example.org", " staff NURSE ")
    member("c@example.org", "Carer")
    member("d@example.org", "")
    member("e@example.org", "Carer", confirmed=False)
    for n in range(ROLES_SHOWN - 1):  # with the two above, one role more than are shown
        member(f"role{n}@example.org", f"Role {n:02}")
    counts = member_role_counts(system=network.system)
    assert counts[0][0].lower() == "staff nurse" and counts[0][1] == 2
    assert ("Carer", 1) in counts and len(counts) == ROLES_SHOWN + 2
    assert counts[-2:] == [("Other roles", 1), ("Not given", 1)]
    page = team_client.get(f"/network/{network.system.slug}/team/members/").content.decode()
    assert "By role" in page and counts[0][0] in page and "Other roles" in page


def test_the_front_door_links_to_the_network(network: Network) -> None:
    page = Client().get("/").content.decode()
    assert f"/network/{network.system.slug}/" in page or "/network/" in page
    home = Client().get(f"/network/{network.system.slug}/")
    assert home.status_code == 200 and "Join the network" in home.content.decode()


def test_the_network_home_offers_every_way_in_without_an_account(network: Network) -> None:
    slug = network.system.slug
    org_a = network.personas.org_a
    page = Client().get(f"/network/{slug}/").content.decode()
    for href in (
        f"/network/{slug}/join/",
        f"/network/{slug}/events/",
        f"/network/{slug}/resources/",
        f"/network/{slug}/updates/",
        f"/network/{slug}/system-ideas/share/",
        f"/network/{slug}/system-ideas/you-said-we-did/",
        f"/network/{slug}/contact/",
        f"/p/{org_a.slug}/stories/",
        f"/p/{org_a.slug}/you-said-we-did/",
        f"/involve/{slug}/",
    ):
        assert f'href="{href}"' in page, href
    # Only the ICS's own organisations: another ICS's stories are not this network's.
    elsewhere = OrganisationFactory()
    assert f"/p/{elsewhere.slug}/stories/" not in Client().get(f"/network/{slug}/").content.decode()


def test_the_events_page_pages_through_many_events_soonest_first(network: Network) -> None:
    for day in range(35, 0, -1):
        an_event(network, days_ahead=day)
    slug = network.system.slug
    first = Client().get(f"/network/{slug}/events/").content.decode()
    assert first.count("Measurement for improvement") == 30
    assert "?page=2" in first
    second = Client().get(f"/network/{slug}/events/?page=2").content.decode()
    assert second.count("Measurement for improvement") == 5
    soonest = Event.objects.order_by("occasion__starts_at").first()
    assert soonest is not None and first.index(soonest.when) < first.index("?page=2")
