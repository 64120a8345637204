"""The involvement lead: who may see the register, onboarding, each organisation's own notes,
requests, the shortlist, invitations and answers, reports; erasure and the scheduled command."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from openqi.conftest import client_for
from openqi.coproduction import selectors
from openqi.coproduction.models import Offer, OfferStatus, Registration, Stage, Volunteer
from openqi.coproduction.tests.conftest import last_link, make_active, post, volunteer_and_confirm
from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Membership, Role
from openqi.projects.models import InvolvementEntry, ProjectMember, ProjectRole


@pytest.fixture
def pat(personas: Any, client: Client) -> Volunteer:
    return volunteer_and_confirm(client, personas, organisations=[personas.org_a.pk, personas.org_b.pk])


def _registration(volunteer: Volunteer, organisation: Any) -> Registration:
    return Registration.objects.get(volunteer=volunteer, organisation=organisation)


def test_the_lead_sees_the_register_and_staff_may_not(
    personas: Any, pat: Volunteer, lead_client: Client, member_client: Client
) -> None:
    slug = personas.org_a.slug
    page = lead_client.get(f"/o/{slug}/involvement/").content.decode()
    assert "Pat Public" in page
    assert member_client.get(f"/o/{slug}/involvement/").status_code == 403
    reg = _registration(pat, personas.org_a)
    assert member_client.get(f"/o/{slug}/involvement/people/{reg.pk}/").status_code == 403
    assert lead_client.get(f"/o/{slug}/involvement/people/{reg.pk}/").status_code == 200


def test_a_partner_of_the_organisation_may_not_see_the_register(personas: Any, pat: Volunteer) -> None:
    partner = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER)
    assert client_for(partner.user).get(f"/o/{personas.org_a.slug}/involvement/").status_code == 403


def test_an_organisation_the_person_did_not_choose_never_sees_them(
    personas: Any, client: Client, lead_client: Client
) -> None:
    volunteer = volunteer_and_confirm(client, personas, organisations=[personas.org_b.pk])
    assert "Pat Public" not in lead_client.get(f"/o/{personas.org_a.slug}/involvement/").content.decode()
    reg_b = _registration(volunteer, personas.org_b)
    assert lead_client.get(f"/o/{personas.org_a.slug}/involvement/people/{reg_b.pk}/").status_code == 404


def test_each_organisations_notes_are_its_own(personas: Any, pat: Volunteer, lead_client: Client) -> None:
    make_active(pat, personas.org_a, personas.lead.user)  # notes "Prefers mornings" at A
    lead_b = MembershipFactory(organisation=personas.org_b, role=Role.LEAD)
    reg_b = _registration(pat, personas.org_b)
    page = client_for(lead_b.user).get(f"/o/{personas.org_b.slug}/involvement/people/{reg_b.pk}/").content.decode()
    assert "Pat Public" in page and "Prefers mornings" not in page
    reg_a = _registration(pat, personas.org_a)
    assert (
        "Prefers mornings"
        in lead_client.get(f"/o/{personas.org_a.slug}/involvement/people/{reg_a.pk}/").content.decode()
    )


def test_the_lead_onboards_with_the_checklist_before_making_active(
    personas: Any, pat: Volunteer, lead_client: Client
) -> None:
    reg = _registration(pat, personas.org_a)
    url = f"/o/{personas.org_a.slug}/involvement/people/{reg.pk}/"
    response = post(lead_client, url, {"stage": "active", "notes": ""})
    assert response.status_code == 400
    assert "Hold the welcome conversation" in response.content.decode()
    reg.refresh_from_db()
    assert reg.stage == Stage.NEW
    response = post(
        lead_client,
        url,
        {"stage": "active", "conversation_held": "on", "induction_done": "on", "notes": "Met on 3 March"},
    )
    assert response.status_code == 302
    reg.refresh_from_db()
    assert reg.stage == Stage.ACTIVE and reg.conversation_held and not reg.payment_details_recorded
    response = post(lead_client, url, {"stage": "paused", "notes": "Asked for a break"})
    reg.refresh_from_db()
    assert reg.stage == Stage.PAUSED


def test_notes_refuse_an_nhs_number(personas: Any, pat: Volunteer, lead_client: Client) -> None:
    reg = _registration(pat, personas.org_a)
    url = f"/o/{personas.org_a.slug}/involvement/people/{reg.pk}/"
    response = post(lead_client, url, {"stage": "new", "notes": "NHS 9434765919"})
    assert response.status_code == 400
    reg.refresh_from_db()
    assert reg.notes == ""


def test_lapsed_and_unconfirmed_registrations_are_hidden(
    personas: Any, pat: Volunteer, client: Client, lead_client: Client
) -> None:
    Volunteer.objects.filter(pk=pat.pk).update(review_on=datetime.date(2020, 1, 1))
    assert not selectors.registration_list(organisation=personas.org_a).exists()
    post(Client(), f"/involve/{personas.org_a.system.slug}/volunteer/", {"name": "Unconfirmed"})
    assert "Pat Public" not in lead_client.get(f"/o/{personas.org_a.slug}/involvement/").content.decode()


def test_a_project_asks_and_the_shortlist_ranks_and_explains(
    personas: Any, client: Client, lead_client: Client, project: Any
) -> None:
    pat = volunteer_and_confirm(client, personas)
    sam = volunteer_and_confirm(
        Client(), personas, email="sam@example.org", name="Sam Carer", services=["maternity"], skills=["data"]
    )
    make_active(pat, personas.org_a, personas.lead.user)
    make_active(sam, personas.org_a, personas.lead.user)
    slug = personas.org_a.slug
    assert lead_client.get(f"/o/{slug}/involvement/requests/new/").status_code == 200
    response = post(lead_client, f"/o/{slug}/involvement/requests/new/", {"project": project.pk})
    assert response.status_code == 400
    assert "Choose what the involvement is for" in response.content.decode()
    response = post(
        lead_client,
        f"/o/{slug}/involvement/requests/new/",
        {
            "project": project.pk,
            "purpose": "codesign",
            "description": "Help us rewrite the discharge leaflet.",
            "experience": ["older_people"],
            "skills": ["reading"],
            "availability": ["online"],
            "when": "March",
            "where": "Online",
            "how_long": "2 hours",
            "payment": "voucher",
            "places": "2",
        },
    )
    assert response.status_code == 302
    detail = lead_client.get(response.url).content.decode()
    assert detail.index("Pat Public") < detail.index("Sam Carer")
    assert "Experience of: older people and frailty (+3)" in detail


def test_invite_accept_and_the_person_becomes_a_partner_on_the_project(
    personas: Any, client: Client, lead_client: Client, involvement_request: Any
) -> None:
    pat = volunteer_and_confirm(client, personas)
    reg = make_active(pat, personas.org_a, personas.lead.user)
    slug = personas.org_a.slug
    response = post(lead_client, f"/o/{slug}/involvement/requests/{involvement_request.pk}/invite/{reg.pk}/")
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert "/sign-in/" in mail.outbox[-1].body
    # the second invitation is refused, with a message
    post(lead_client, f"/o/{slug}/involvement/requests/{involvement_request.pk}/invite/{reg.pk}/")
    assert Offer.objects.count() == 1

    system_slug = personas.org_a.system.slug
    page = client.get(f"/involve/{system_slug}/me/").content.decode()
    assert "Home safely after discharge" in page
    url = f"/involve/{system_slug}/me/invitations/{offer.pk}/"
    assert post(client, url, {}).status_code == 400
    response = post(client, url, {"choice": "accept", "answer": "Happy to help, mornings suit me"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED and offer.answer.startswith("Happy")
    pat.refresh_from_db()
    user = pat.user
    assert user is not None and user.email == "pat@example.org" and not user.has_usable_password()
    assert Membership.objects.get(user=user, organisation=personas.org_a).role == Role.PARTNER
    assert ProjectMember.objects.get(project=involvement_request.project, user=user).role == ProjectRole.PARTNER
    assert "/password/reset/key/" in mail.outbox[-1].body
    # signed in, the partner opens the project's plain-language view
    assert client_for(user).get(f"/o/{slug}/projects/{involvement_request.project.pk}/").status_code == 200
    # the lead sees the answer in the person's words
    assert (
        "mornings suit me"
        in lead_client.get(f"/o/{slug}/involvement/requests/{involvement_request.pk}/").content.decode()
    )
    # a session logged on the project shows in their history
    InvolvementEntry.objects.create(
        project=involvement_request.project,
        organisation=personas.org_a,
        user=user,
        person_name="Pat Public",
        date=datetime.date(2026, 3, 1),
        activity="Leaflet workshop",
        hours=2,
    )
    assert "Leaflet workshop" in client.get(f"/involve/{system_slug}/me/").content.decode()


def test_a_staff_address_cannot_become_a_partner_by_accepting(
    personas: Any, client: Client, involvement_request: Any
) -> None:
    pat = volunteer_and_confirm(client, personas, email="member@alpha.nhs.uk")
    reg = make_active(pat, personas.org_a, personas.lead.user)
    from openqi.coproduction import services

    offer = services.offer_create(actor=personas.lead.user, request=involvement_request, registration=reg)
    response = post(client, f"/involve/{personas.org_a.system.slug}/me/invitations/{offer.pk}/", {"choice": "accept"})
    assert response.status_code == 400
    assert Membership.objects.get(user=personas.member.user).role == Role.STAFF
    offer.refresh_from_db()
    assert offer.status == OfferStatus.INVITED


def test_declining_keeps_the_persons_words_and_adds_them_to_nothing(
    personas: Any, client: Client, involvement_request: Any
) -> None:
    from openqi.coproduction import services

    pat = volunteer_and_confirm(client, personas)
    reg = make_active(pat, personas.org_a, personas.lead.user)
    offer = services.offer_create(actor=personas.lead.user, request=involvement_request, registration=reg)
    url = f"/involve/{personas.org_a.system.slug}/me/invitations/{offer.pk}/"
    assert post(client, url, {"choice": "decline", "answer": "Not this month"}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED and offer.answer == "Not this month"
    assert not ProjectMember.objects.filter(role=ProjectRole.PARTNER).exists()


def test_a_volunteer_cannot_open_anothers_invitation(personas: Any, client: Client, involvement_request: Any) -> None:
    from openqi.coproduction import services

    pat = volunteer_and_confirm(client, personas)
    offer = services.offer_create(
        actor=personas.lead.user,
        request=involvement_request,
        registration=make_active(pat, personas.org_a, personas.lead.user),
    )
    other = Client()
    volunteer_and_confirm(other, personas, email="sam@example.org")
    assert other.get(f"/involve/{personas.org_a.system.slug}/me/invitations/{offer.pk}/").status_code == 404


def test_erasing_the_account_removes_the_registration_everywhere_and_reports_drop_it(
    personas: Any, client: Client, involvement_request: Any
) -> None:
    from openqi.coproduction import services
    from openqi.core import personal_data

    pat = volunteer_and_confirm(client, personas, organisations=[personas.org_a.pk, personas.org_b.pk])
    reg = make_active(pat, personas.org_a, personas.lead.user)
    offer = services.offer_create(actor=personas.lead.user, request=involvement_request, registration=reg)
    services.offer_answer(offer=offer, accept=True, answer="Yes")
    pat.refresh_from_db()
    assert selectors.report(organisation=personas.org_a).matched == 1
    handler = next(h for h in personal_data.handlers() if h.app == "coproduction")
    exported = handler.export(user=pat.user)
    assert exported["volunteer_registrations"][0]["invitations"][0]["your_words"] == "Yes"
    counts = handler.erase(user=pat.user, pseudonym="x")
    assert counts == {
        "volunteers": 1,
        "volunteer_registrations": 2,
        "involvement_offers": 1,
        "survey_feeds_unlinked": 0,
    }
    assert not Volunteer.objects.exists() and not Registration.objects.exists() and not Offer.objects.exists()
    report = selectors.report(organisation=personas.org_a)
    assert report.registered == 0 and report.matched == 0


def test_the_report_counts_and_exports_csv(
    personas: Any, pat: Volunteer, lead_client: Client, member_client: Client, project: Any
) -> None:
    make_active(pat, personas.org_a, personas.lead.user)
    slug = personas.org_a.slug
    page = lead_client.get(f"/o/{slug}/involvement/report/").content.decode()
    assert "People registered" in page
    response = lead_client.get(f"/o/{slug}/involvement/report.csv")
    body = response.content.decode("utf-8-sig")
    assert "People registered,1" in body and "People active,1" in body
    assert "Projects at Diagnose: with partners / without,0 / 1" in body
    assert member_client.get(f"/o/{slug}/involvement/report.csv").status_code == 403


def test_the_scheduled_command_reminds_then_removes_lapsed_and_unconfirmed(personas: Any, pat: Volunteer) -> None:
    today = datetime.date.today()
    Volunteer.objects.filter(pk=pat.pk).update(review_on=today + datetime.timedelta(days=10))
    unconfirmed = Volunteer.objects.create(
        system=personas.org_a.system,
        email="old@example.org",
        name="Old",
        consent_wording="x",
        consented_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        review_on=today + datetime.timedelta(days=300),
        created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    sent = len(mail.outbox)
    call_command("coproduction_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == sent + 1 and "renew your consent" in mail.outbox[-1].body
    assert not Volunteer.objects.filter(pk=unconfirmed.pk).exists()
    call_command("coproduction_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == sent + 1  # once only
    Volunteer.objects.filter(pk=pat.pk).update(review_on=today - datetime.timedelta(days=91))
    call_command("coproduction_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Volunteer.objects.exists()


def test_a_reminder_link_signs_the_volunteer_in(personas: Any, pat: Volunteer) -> None:
    from openqi.coproduction.tasks import volunteer_reminder_send

    volunteer_reminder_send.call(pat.pk)
    other = Client()
    assert post(other, last_link("/sign-in/")).status_code == 302
    assert other.get(f"/involve/{personas.org_a.system.slug}/me/").status_code == 200


def test_a_user_with_an_existing_account_is_not_given_a_new_one(
    personas: Any, client: Client, involvement_request: Any
) -> None:
    from openqi.coproduction import services

    existing = UserFactory(email="pat@example.org")
    pat = volunteer_and_confirm(client, personas)
    offer = services.offer_create(
        actor=personas.lead.user,
        request=involvement_request,
        registration=make_active(pat, personas.org_a, personas.lead.user),
    )
    services.offer_answer(offer=offer, accept=True, answer="")
    pat.refresh_from_db()
    assert pat.user == existing and existing.has_usable_password()
    assert "Sign in to OpenQI with your usual account" in mail.outbox[-1].body
