import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.bookings.models import Booking
from openqi.core import personal_data
from openqi.factories import UserFactory
from openqi.network import services
from openqi.network.models import Member
from openqi.network.tests.conftest import JOIN, Network, an_event, join_and_confirm, last_link, post

pytestmark = pytest.mark.django_db


def test_a_person_with_no_account_joins_confirms_and_is_signed_in(network: Network) -> None:
    client = Client()
    slug = network.system.slug
    response = post(client, f"/network/{slug}/join/", JOIN)
    assert "Check your email" in response.content.decode()
    member = Member.objects.get(email="pat@example.org")
    assert member.verified_at is None
    assert member.topics == ["coproduction", "mfi"]
    assert member.consent_wording == services.consent_wording(network.system)
    assert member.consented_at is not None
    assert mail.outbox[-1].to == ["pat@example.org"]
    link = last_link("/join/confirm/")
    # Opening the link changes nothing (mail scanners open links); the button confirms.
    assert client.get(link).status_code == 200
    member.refresh_from_db()
    assert member.verified_at is None
    response = post(client, link)
    assert response["Location"] == f"/network/{slug}/me/"
    member.refresh_from_db()
    assert member.verified_at is not None
    assert member.organisation is None  # a public member
    page = client.get(f"/network/{slug}/me/").content.decode()
    assert "Pat Public" in page and "Public member" in page
    assert not any("pat@example.org" in str(e.detail) for e in AuditEvent.objects.all())


def test_staff_are_linked_to_their_organisation_by_their_verified_email_domain(network: Network) -> None:
    join_and_confirm(Client(), network.system, email="nurse@alpha.nhs.uk", name="Nina Nurse")
    member = Member.objects.get(email="nurse@alpha.nhs.uk")
    assert member.organisation == network.personas.org_a


def test_a_domain_of_another_ics_does_not_link(network: Network, personas: Any) -> None:
    from openqi.factories import OrganisationFactory
    from openqi.network.models import PartnerDomain

    elsewhere = OrganisationFactory()
    PartnerDomain.objects.create(organisation=elsewhere, domain="elsewhere.nhs.uk")
    join_and_confirm(Client(), network.system, email="x@elsewhere.nhs.uk")
    assert Member.objects.get(email="x@elsewhere.nhs.uk").organisation is None


def test_joining_without_consent_or_with_bad_input_saves_nothing(network: Network) -> None:
    url = f"/network/{network.system.slug}/join/"
    response = post(Client(), url, {**JOIN, "consent": ""})
    assert response.status_code == 400
    assert "Confirm that you agree" in response.content.decode()
    response = post(Client(), url, {**JOIN, "email": "not-an-email", "name": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter your name" in page and "Enter an email address in the correct format" in page
    response = post(Client(), url, {**JOIN, "services": "Patient 943 476 5919 on ward 3"})
    assert "Remove the NHS number" in response.content.decode()
    assert Member.objects.count() == 0
    assert mail.outbox == []


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(network: Network) -> None:
    response = post(Client(), f"/network/{network.system.slug}/join/", {**JOIN, "website": "spam"})
    assert response.status_code == 200
    assert Member.objects.count() == 0


def test_joining_again_does_not_reveal_membership_and_sends_a_sign_in_link(network: Network) -> None:
    join_and_confirm(Client(), network.system)
    response = post(Client(), f"/network/{network.system.slug}/join/", {**JOIN, "name": "Someone else"})
    assert "Check your email" in response.content.decode()
    assert Member.objects.get().name == "Pat Public"  # an unconfirmed request changes nothing
    assert "/sign-in/" in mail.outbox[-1].body


def _page_text(response: Any, email: str) -> str:
    """The page without the address typed and without per-response secrets (nonces, tokens)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode().replace(email, "X"))


def test_sign_in_by_emailed_link_and_no_answer_for_strangers(network: Network) -> None:
    join_and_confirm(Client(), network.system)
    mail.outbox.clear()
    url = f"/network/{network.system.slug}/sign-in/"
    stranger = post(Client(), url, {"email": "nobody@example.org"})
    assert mail.outbox == []
    client = Client()
    known = post(client, url, {"email": "PAT@example.org"})
    assert _page_text(stranger, "nobody@example.org") == _page_text(known, "PAT@example.org")
    response = post(client, last_link("/sign-in/"))
    assert response.status_code == 302
    assert client.get(f"/network/{network.system.slug}/me/").status_code == 200


def test_a_tampered_link_is_refused(network: Network) -> None:
    response = post(Client(), f"/network/{network.system.slug}/join/confirm/abc:def/")
    assert response.status_code == 400
    assert "expired or is not valid" in response.content.decode()


def test_members_change_choices_and_withdraw_and_give_consent(network: Network) -> None:
    client = join_and_confirm(Client(), network.system)
    slug = network.system.slug
    response = post(
        client,
        f"/network/{slug}/me/choices/",
        {"name": "Pat P", "topics": ["lean"], "domains": [], "services": "", "contact": "events"},
    )
    assert response.status_code == 302
    member = Member.objects.get()
    assert (member.name, member.topics, member.contact) == ("Pat P", ["lean"], "events")
    assert client.get(f"/network/{slug}/me/consent/withdraw/").status_code == 200  # asks first
    post(client, f"/network/{slug}/me/consent/withdraw/")
    member.refresh_from_db()
    assert member.consent_withdrawn_at is not None and not member.may_be_contacted
    post(client, f"/network/{slug}/me/consent/give/")
    member.refresh_from_db()
    assert member.consent_withdrawn_at is None


def test_leaving_deletes_the_member_and_their_bookings(network: Network) -> None:
    client = join_and_confirm(Client(), network.system)
    event = an_event(network)
    services.event_book(event=event, member=Member.objects.get())
    slug = network.system.slug
    assert "Leave the network?" in client.get(f"/network/{slug}/me/leave/").content.decode()
    response = post(client, f"/network/{slug}/me/leave/")
    assert response["Location"] == f"/network/{slug}/"
    assert Member.objects.count() == 0
    assert Booking.objects.count() == 0
    assert client.get(f"/network/{slug}/me/").status_code == 302  # signed out


def test_erasing_an_account_erases_its_network_membership(network: Network) -> None:
    user = UserFactory(email="pat@example.org")
    join_and_confirm(Client(), network.system)
    member = Member.objects.get()
    assert member.user == user  # linked on confirming
    services.event_book(event=an_event(network), member=member)
    exported = {h.app: h.export(user=user) for h in personal_data.handlers()}
    assert exported["network"]["network_memberships"][0]["bookings"][0]["event"] == "Measurement for improvement"
    for handler in personal_data.handlers():
        if handler.app in ("bookings", "network"):
            handler.erase(user=user, pseudonym="p")
    assert Member.objects.count() == 0 and Booking.objects.count() == 0


def test_the_team_links_and_unlinks_partner_domains_with_clear_refusals(network: Network, team_client: Client) -> None:
    from openqi.factories import OrganisationFactory
    from openqi.network.models import PartnerDomain

    url = f"/network/{network.system.slug}/team/domains/"
    org_b = network.personas.org_b
    elsewhere = OrganisationFactory()  # another ICS
    for data, message in [
        ({"organisation": str(org_b.pk), "domain": "not a domain"}, "Enter a domain like"),
        ({"organisation": str(org_b.pk), "domain": "nhs.net"}, "shared by many organisations"),
        ({"organisation": str(org_b.pk), "domain": "alpha.nhs.uk"}, "already linked"),
        ({"organisation": str(elsewhere.pk), "domain": "x.nhs.uk"}, "Choose an organisation of this ICS"),
    ]:
        response = post(team_client, url, data)
        assert response.status_code == 400 and message in response.content.decode(), message
    assert PartnerDomain.objects.count() == 1
    post(team_client, url, {"organisation": str(org_b.pk), "domain": "@Beta.NHS.uk"})
    added = PartnerDomain.objects.get(domain="beta.nhs.uk")
    join_and_confirm(Client(), network.system, email="bo@beta.nhs.uk")
    assert Member.objects.get(email="bo@beta.nhs.uk").organisation == org_b
    remove = f"{url}{added.pk}/remove/"
    assert "Stop linking beta.nhs.uk" in team_client.get(remove).content.decode()
    post(team_client, remove)
    assert not PartnerDomain.objects.filter(domain="beta.nhs.uk").exists()
    assert Member.objects.get(email="bo@beta.nhs.uk").organisation == org_b  # stays linked


def test_anyone_contacts_the_cqi_team_and_gets_a_reference_the_team_answers(
    network: Network, team_client: Client
) -> None:
    from openqi.network.models import Enquiry

    url = f"/network/{network.system.slug}/contact/"
    bad = post(Client(), url, {"name": "", "email": "x", "message": "NHS number 943 476 5919"})
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "Enter your name" in page and "Remove the NHS number" in page
    assert Enquiry.objects.count() == 0
    done = post(Client(), url, {"name": "Cal Carer", "email": "Cal@Example.org", "message": "How do I join a huddle?"})
    enquiry = Enquiry.objects.get()
    assert enquiry.reference in done.content.decode()
    assert mail.outbox[-1].to == ["cal@example.org"] and enquiry.reference in mail.outbox[-1].subject
    inbox = team_client.get(f"/network/{network.system.slug}/team/enquiries/").content.decode()
    assert "How do I join a huddle?" in inbox
    post(team_client, f"/network/{network.system.slug}/team/enquiries/{enquiry.pk}/handled/")
    enquiry.refresh_from_db()
    assert enquiry.handled_at is not None and enquiry.handled_by == network.team_user
    assert (
        "How do I join a huddle?"
        not in team_client.get(f"/network/{network.system.slug}/team/enquiries/").content.decode()
    )
    # A robot filling the hidden field is thanked and nothing is kept.
    robot = post(Client(), url, {"name": "R", "email": "r@example.org", "message": "x", "website": "spam"})
    assert robot.status_code == 200 and Enquiry.objects.count() == 1


def test_sign_ups_never_confirmed_are_deleted_after_30_days(network: Network) -> None:
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    post(Client(), f"/network/{network.system.slug}/join/", JOIN)
    join_and_confirm(Client(), network.system, email="kept@example.org")
    Member.objects.update(created_at=timezone.now() - timedelta(days=31))
    call_command("network_scheduled")
    assert list(Member.objects.values_list("email", flat=True)) == ["kept@example.org"]
