"""After an event and at it: a feedback link emailed once to each attendee, one answer per booking
not linked to the person, results for the CQI team and a k-protected summary for everyone else;
recordings for the people who booked; QR-code attendance that works only during the event."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from openqi.bookings.models import Booking, Occasion
from openqi.conftest import client_for, give_totp
from openqi.network.models import Event
from openqi.network.resources import followup, services
from openqi.network.resources.models import Feedback, FeedbackRequest
from openqi.network.tests.conftest import Network, an_event, join_and_confirm, last_link, post
from openqi.network.tests.resource_files import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def url(network: Network, page: str = "") -> str:
    return f"/network/{network.system.slug}/{page}"


def move(event: Event, *, starts_in: timedelta, hours: float = 2) -> None:
    starts = timezone.now() + starts_in
    Occasion.objects.filter(pk=event.occasion_id).update(starts_at=starts, ends_at=starts + timedelta(hours=hours))
    event.occasion.refresh_from_db()


def booked(network: Network, event: Event, email: str) -> Client:
    client = join_and_confirm(Client(), network.system, email=email, name=email.split("@")[0].title())
    assert post(client, url(network, f"events/{event.pk}/book/")).status_code == 302
    return client


def past_event_with_bookings(network: Network, emails: list[str]) -> tuple[Event, dict[str, Client]]:
    event = an_event(network, capacity=20)
    clients = {email: booked(network, event, email) for email in emails}
    move(event, starts_in=-timedelta(hours=5))
    return event, clients


def test_the_followup_emails_a_feedback_link_once_to_everyone_not_marked_absent(network: Network) -> None:
    event, _ = past_event_with_bookings(network, ["ann@example.org", "bob@example.org", "cy@example.org"])
    Booking.objects.filter(email="cy@example.org").update(attended=False)
    upcoming = an_event(network, capacity=5)
    booked(network, upcoming, "dee@example.org")
    mail.outbox.clear()

    call_command("network_event_followup", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "bob@example.org"]
    assert "/feedback/" in mail.outbox[0].body and event.title in mail.outbox[0].subject
    call_command("network_event_followup", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2  # never twice
    assert FeedbackRequest.objects.count() == 2


def test_an_attendee_answers_once_and_the_answer_is_not_linked_to_them(network: Network) -> None:
    past_event_with_bookings(network, ["ann@example.org"])
    call_command("network_event_followup", stdout=open("/dev/null", "w"))  # noqa: SIM115
    link = last_link("/feedback/")
    visitor = Client()
    assert visitor.get(link).status_code == 200

    bad = post(visitor, link, {"went_well": "Good"})
    assert bad.status_code == 400 and "Choose how the event was" in bad.content.decode()
    assert not Feedback.objects.exists()

    good = post(visitor, link, {"rating": "5", "recommend": "yes", "went_well": "Clear examples"})
    assert good.status_code == 200 and "Thank you for your feedback" in good.content.decode()
    answer = Feedback.objects.get()
    assert (answer.rating, answer.recommend, answer.went_well) == (5, True, "Clear examples")
    booking = Booking.objects.get(email="ann@example.org")
    assert str(booking.pk) != answer.booking_key and "ann" not in answer.booking_key
    assert answer.answered_on == timezone.localdate()  # a date, not a time

    again = post(visitor, link, {"rating": "1", "recommend": "no"})
    assert "You have already given feedback" in again.content.decode()
    assert Feedback.objects.count() == 1


def test_a_forged_or_foreign_feedback_link_is_refused(network: Network) -> None:
    event, _ = past_event_with_bookings(network, ["ann@example.org"])
    other, _ = past_event_with_bookings(network, ["bob@example.org"])
    booking = Booking.objects.get(email="ann@example.org")
    token = followup.feedback_token(booking)
    assert Client().get(url(network, f"events/{event.pk}/feedback/nonsense/")).status_code == 400
    assert Client().get(url(network, f"events/{other.pk}/feedback/{token}/")).status_code == 400
    assert (
        post(
            Client(), url(network, f"events/{other.pk}/feedback/{token}/"), {"rating": "5", "recommend": "yes"}
        ).status_code
        == 400
    )
    assert not Feedback.objects.exists()


def test_feedback_before_the_end_or_from_someone_marked_absent_is_refused(network: Network) -> None:
    event = an_event(network, capacity=5)
    booked(network, event, "ann@example.org")
    booking = Booking.objects.get(email="ann@example.org")
    link = url(network, f"events/{event.pk}/feedback/{followup.feedback_token(booking)}/")
    early = post(Client(), link, {"rating": "4", "recommend": "yes"})
    assert early.status_code == 400 and "once the event is over" in early.content.decode()
    move(event, starts_in=-timedelta(hours=3))
    Booking.objects.filter(pk=booking.pk).update(attended=False)
    absent = post(Client(), link, {"rating": "4", "recommend": "yes"})
    assert "did not come" in absent.content.decode()
    assert not Feedback.objects.exists()


def _answers(event: Event, n: int, *, recommend_every: int = 1) -> None:
    for i in range(n):
        Feedback.objects.create(
            event=event, booking_key=f"k{i}", rating=4 + (i % 2), recommend=i % recommend_every == 0
        )


def test_the_team_sees_every_answer_and_the_public_only_k_or_more(network: Network, team_client: Client) -> None:
    event, _ = past_event_with_bookings(network, ["ann@example.org"])
    _answers(event, 10)
    results = team_client.get(url(network, f"team/events/{event.pk}/feedback/")).content.decode()
    assert "10 answers" in results and "Only the CQI team sees these results" in results
    assert "What attendees said" not in Client().get(url(network, f"events/{event.pk}/")).content.decode()

    Feedback.objects.create(event=event, booking_key="k10", rating=5, recommend=True)
    page = Client().get(url(network, f"events/{event.pk}/")).content.decode()
    assert "What attendees said" in page and "11 people answered: an average of 4.5 out of 5" in page
    assert "11 of 11 would recommend" in page


def test_a_small_group_who_would_not_recommend_is_not_shown_beyond_the_team(network: Network) -> None:
    event, _ = past_event_with_bookings(network, ["ann@example.org"])
    _answers(event, 12, recommend_every=4)  # 3 would, 9 would not: both below k
    summary = followup.feedback_summary(event=event)
    assert summary.shown_beyond_team and not summary.recommend_shown
    page = Client().get(url(network, f"events/{event.pk}/")).content.decode()
    assert "12 people answered" in page and "would recommend" not in page


@pytest.mark.parametrize("who", ["member", "lead", "admin", "outsider"])
def test_feedback_results_and_the_qr_code_are_for_the_cqi_team_only(network: Network, who: str) -> None:
    event = an_event(network)
    membership = getattr(network.personas, who)
    if who != "admin":
        give_totp(membership.user)
    client = client_for(membership.user)
    assert client.get(url(network, f"team/events/{event.pk}/feedback/")).status_code == 404
    assert client.get(url(network, f"team/events/{event.pk}/qr/")).status_code == 404
    assert Client().get(url(network, f"team/events/{event.pk}/qr/")).status_code == 302


def test_recordings_for_bookers_show_on_the_event_page_only_to_them(network: Network) -> None:
    event, clients = past_event_with_bookings(network, ["ann@example.org"])
    services.resource_create(
        actor=network.team_user,
        system=network.system,
        title="Recording of the session",
        summary="The whole session.",
        kind="recording",
        methods=["spc"],
        audiences=["everyone"],
        level="introductory",
        visibility="booked",
        link="https://video.example.org/session",
        event=event,
    )
    services.resource_create(
        actor=network.team_user,
        system=network.system,
        title="Slides",
        summary="The slides.",
        kind="slides",
        methods=["spc"],
        audiences=["everyone"],
        level="introductory",
        visibility="public",
        upload=upload("slides.pdf", PDF_BYTES),
        upload_name="slides.pdf",
        upload_size=len(PDF_BYTES),
        event=event,
    )
    mine = clients["ann@example.org"].get(url(network, f"events/{event.pk}/")).content.decode()
    assert "Recording of the session" in mine and "Slides" in mine
    other = join_and_confirm(Client(), network.system, email="zed@example.org")
    theirs = other.get(url(network, f"events/{event.pk}/")).content.decode()
    assert "Recording of the session" not in theirs and "available to people who booked" in theirs
    public = Client().get(url(network, f"events/{event.pk}/")).content.decode()
    assert "Recording of the session" not in public and "Slides" in public


def test_the_team_sees_a_qr_code_that_marks_a_booked_member_attended_during_the_event(
    network: Network, team_client: Client
) -> None:
    event = an_event(network, capacity=5)
    ann = booked(network, event, "ann@example.org")
    move(event, starts_in=-timedelta(minutes=10))
    page = team_client.get(url(network, f"team/events/{event.pk}/qr/")).content.decode()
    assert "<svg" in page and 'role="img"' in page and "0 of 1 people" in page
    token = followup.attendance_token(event)
    here = url(network, f"events/{event.pk}/here/{token}/")
    assert here in page

    assert Client().get(here).status_code == 302  # sign in first
    assert ann.get(here).status_code == 200
    assert Booking.objects.get(email="ann@example.org").attended is None  # opening the link changes nothing
    assert post(ann, here).status_code == 302
    assert Booking.objects.get(email="ann@example.org").attended is True
    assert "1 of 1 people" in team_client.get(url(network, f"team/events/{event.pk}/qr/")).content.decode()

    stranger = join_and_confirm(Client(), network.system, email="zed@example.org")
    refused = post(stranger, here)
    assert refused.status_code == 400 and "do not have a place" in refused.content.decode()


def test_the_qr_link_works_only_during_the_event_and_only_for_its_event(network: Network) -> None:
    event = an_event(network, capacity=5)
    other = an_event(network, capacity=5)
    ann = booked(network, event, "ann@example.org")
    here = url(network, f"events/{event.pk}/here/{followup.attendance_token(event)}/")
    early = post(ann, here)
    assert early.status_code == 400 and "only while the event is on" in early.content.decode()
    move(event, starts_in=-timedelta(hours=3))  # over an hour ago
    assert post(ann, here).status_code == 400
    assert Booking.objects.get(email="ann@example.org").attended is None
    move(event, starts_in=-timedelta(minutes=5))
    foreign = url(network, f"events/{other.pk}/here/{followup.attendance_token(event)}/")
    assert ann.get(foreign).status_code == 404
    assert ann.get(url(network, f"events/{event.pk}/here/forged/")).status_code == 404
