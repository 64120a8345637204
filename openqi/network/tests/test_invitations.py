"""Invitations to members by interest (issue 15, ADR 0029): only consenting members with the
interest, by the task worker in batches, never twice; and no member sees another's details."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for, give_totp
from openqi.network import invitations
from openqi.network.models import Contact, Member
from openqi.network.system_models import Invitation, InvitationRecipient
from openqi.network.tests.conftest import JOIN, Network, an_event, join_and_confirm, post

pytestmark = pytest.mark.django_db


def _member(network: Network, email: str, *, topics: list[str], contact: str = Contact.EVENTS, **kw: object) -> Member:
    return Member.objects.create(
        system=network.system,
        email=email,
        name=email.split("@")[0].title(),
        topics=topics,
        contact=contact,
        consent_wording="I agree.",
        consented_at=timezone.now(),
        verified_at=kw.get("verified_at", timezone.now()),
        consent_withdrawn_at=kw.get("withdrawn_at"),
    )


def _url(network: Network) -> str:
    return f"/network/{network.system.slug}/team/invitations/"


def test_members_with_the_interest_who_consented_are_invited_and_nobody_else(
    network: Network, team_client: Client
) -> None:
    event = an_event(network)
    _member(network, "ann@example.org", topics=["mfi", "lean"])
    _member(network, "bob@example.org", topics=["mfi"], contact=Contact.EVERYTHING)
    _member(network, "cat@example.org", topics=["lean"])  # another interest
    _member(network, "dan@example.org", topics=["mfi"], contact=Contact.NOTHING)  # only booked events
    _member(network, "eve@example.org", topics=["mfi"], withdrawn_at=timezone.now())  # withdrew consent
    _member(network, "fay@example.org", topics=["mfi"], verified_at=None)  # never confirmed
    response = post(team_client, _url(network), {"event": str(event.pk), "topic": "mfi"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "bob@example.org"]
    message = mail.outbox[0]
    assert message.subject == f"Invitation: {event.title}"
    assert f"/events/{event.pk}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert AuditEvent.objects.filter(action="network.invitation_create", actor=network.team_user).exists()
    page = team_client.get(_url(network)).content.decode()
    assert event.title in page and "Model for Improvement" in page


def test_nobody_is_invited_to_one_event_twice_whatever_the_interest_or_reruns(
    network: Network, team_client: Client
) -> None:
    event = an_event(network)
    _member(network, "ann@example.org", topics=["mfi", "lean"])
    post(team_client, _url(network), {"event": str(event.pk), "topic": "mfi"})
    post(team_client, _url(network), {"event": str(event.pk), "topic": "lean"})
    first = Invitation.objects.order_by("pk").first()
    assert first is not None
    invitations.invitation_queue.call(first.pk)  # the worker runs a task again
    ids = list(InvitationRecipient.objects.values_list("pk", flat=True))
    invitations.invitation_send_batch.call(first.pk, ids)
    assert len(mail.outbox) == 1
    assert InvitationRecipient.objects.count() == 1


def test_a_member_who_withdrew_before_the_batch_ran_gets_nothing(network: Network) -> None:
    event = an_event(network)
    ann = _member(network, "ann@example.org", topics=["mfi"])
    invitation = Invitation.objects.create(system=network.system, event=event, topic="mfi")
    row = InvitationRecipient.objects.create(invitation=invitation, event=event, member=ann)
    Member.objects.filter(pk=ann.pk).update(consent_withdrawn_at=timezone.now())
    invitations.invitation_send_batch.call(invitation.pk, [row.pk])
    assert not mail.outbox
    row.refresh_from_db()
    assert row.sent_at is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"topic": "mfi"}, "Choose an event"),
        ({"event": "999999", "topic": "mfi"}, "Choose an upcoming event from the list"),
        ({"event": "EVENT", "topic": "astrology"}, "Choose an interest from the list"),
        ({"event": "PAST", "topic": "mfi"}, "Choose an upcoming event from the list"),
    ],
)
def test_bad_input_answers_clearly_and_invites_nobody(
    network: Network, team_client: Client, data: dict[str, str], message: str
) -> None:
    event = an_event(network)
    past = an_event(network, days_ahead=-3)
    _member(network, "ann@example.org", topics=["mfi"])
    filled = {k: v.replace("EVENT", str(event.pk)).replace("PAST", str(past.pk)) for k, v in data.items()}
    response = post(team_client, _url(network), filled)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


@pytest.mark.parametrize("who", ["member", "lead", "admin", "outsider"])
def test_the_invitations_page_is_404_for_everyone_but_the_cqi_team(network: Network, who: str) -> None:
    event = an_event(network)
    _member(network, "ann@example.org", topics=["mfi"])
    user = getattr(network.personas, who).user
    if who != "admin":
        give_totp(user)
    client = client_for(user)
    assert client.get(_url(network)).status_code == 404
    assert post(client, _url(network), {"event": str(event.pk), "topic": "mfi"}).status_code == 404
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_booked_member_never_sees_another_attendees_details(network: Network) -> None:
    event = an_event(network, capacity=5)
    slug = network.system.slug
    other = join_and_confirm(Client(), network.system, email="olu@example.org", name="Olu Other")
    post(other, f"/network/{slug}/events/{event.pk}/book/")
    me = join_and_confirm(Client(), network.system)
    post(me, f"/network/{slug}/events/{event.pk}/book/")
    assert event.occasion.bookings.count() == 2
    feed_token = Member.objects.get(email=JOIN["email"]).feed_token
    for url in (
        f"/network/{slug}/events/{event.pk}/",
        f"/network/{slug}/events/{event.pk}/calendar.ics",
        f"/network/{slug}/me/",
        f"/network/{slug}/events/",
        f"/network/calendar/{feed_token}.ics",
    ):
        body = me.get(url).content.decode()
        assert "olu@example.org" not in body and "Olu Other" not in body, url


def test_an_invitation_names_no_other_invited_member(network: Network) -> None:
    event = an_event(network, days_ahead=timedelta(days=3).days)
    _member(network, "ann@example.org", topics=["mfi"])
    _member(network, "bob@example.org", topics=["mfi"])
    invitations.invitation_create(actor=network.team_user, system=network.system, event_id=event.pk, topic="mfi")
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        others = {"ann@example.org", "bob@example.org"} - set(message.to)
        assert not any(o in message.body for o in others)
