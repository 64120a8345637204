"""The public front door: volunteer, confirm, and the volunteer's own pages."""

import json
from typing import Any

from django.core import mail
from django.test import Client, override_settings

from openqi.audit.models import AuditEvent
from openqi.coproduction.models import Registration, Volunteer
from openqi.coproduction.tests.conftest import last_link, post, volunteer_and_confirm, volunteer_data


def test_the_front_door_explains_and_offers_to_volunteer(personas: Any, client: Client) -> None:
    response = client.get(f"/involve/{personas.org_a.system.slug}/")
    assert response.status_code == 200
    assert "Help us improve services" in response.content.decode()
    assert client.get("/involve/no-such-system/").status_code == 404


def test_an_empty_form_shows_the_error_summary_and_saves_nothing(personas: Any, client: Client) -> None:
    response = post(client, f"/involve/{personas.org_a.system.slug}/volunteer/", {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Enter your name" in page and "Enter your email address" in page
    assert "Choose at least one organisation that may contact you" in page
    assert not Volunteer.objects.exists()


def test_volunteering_without_consent_is_refused(personas: Any, client: Client) -> None:
    data = volunteer_data(personas)
    del data["consent"]
    response = post(client, f"/involve/{personas.org_a.system.slug}/volunteer/", data)
    assert response.status_code == 400
    assert "Confirm that you agree" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_an_nhs_number_in_free_text_is_refused(personas: Any, client: Client) -> None:
    data = volunteer_data(personas, adjustments="My NHS number is 943 476 5919")
    response = post(client, f"/involve/{personas.org_a.system.slug}/volunteer/", data)
    assert response.status_code == 400
    assert "Remove the NHS number" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_an_organisation_of_another_care_system_cannot_be_chosen(personas: Any, client: Client) -> None:
    from openqi.factories import OrganisationFactory

    elsewhere = OrganisationFactory()
    data = volunteer_data(personas, organisations=[elsewhere.pk])
    response = post(client, f"/involve/{personas.org_a.system.slug}/volunteer/", data)
    assert response.status_code == 400
    assert not Volunteer.objects.exists()


def test_a_phone_contact_needs_a_phone_number(personas: Any, client: Client) -> None:
    data = volunteer_data(personas, contact_by="text")
    response = post(client, f"/involve/{personas.org_a.system.slug}/volunteer/", data)
    assert response.status_code == 400
    assert "Enter a phone number" in response.content.decode()


def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_kept(personas: Any, client: Client) -> None:
    data = volunteer_data(personas, website="http://spam.example")
    response = post(client, f"/involve/{personas.org_a.system.slug}/volunteer/", data)
    assert response.status_code == 200
    assert not Volunteer.objects.exists() and not mail.outbox


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_many_sign_ups_from_one_address_are_limited(personas: Any, client: Client, monkeypatch: Any) -> None:
    import dataclasses

    from openqi.coproduction.views import public

    monkeypatch.setattr(public, "SIGN_IN", dataclasses.replace(public.SIGN_IN, rate_limit=1))
    url = f"/involve/{personas.org_a.system.slug}/volunteer/"
    assert post(client, url, volunteer_data(personas)).status_code == 200
    assert post(client, url, volunteer_data(personas, email="two@example.org")).status_code == 429
    assert Volunteer.objects.count() == 1


def test_volunteering_records_consent_wording_date_and_review_and_needs_the_emailed_link(
    personas: Any, client: Client
) -> None:
    slug = personas.org_a.system.slug
    response = post(client, f"/involve/{slug}/volunteer/", volunteer_data(personas))
    assert response.status_code == 200
    volunteer = Volunteer.objects.get()
    assert volunteer.verified_at is None
    assert personas.org_a.system.name in volunteer.consent_wording
    assert (volunteer.review_on - volunteer.consented_at.date()).days >= 360
    assert volunteer.services == ["carer", "older_people"]
    assert Registration.objects.filter(volunteer=volunteer, organisation=personas.org_a).exists()
    # not confirmed: their own page sends them to sign in
    assert client.get(f"/involve/{slug}/me/").status_code == 302
    link = last_link("/confirm/")
    assert client.get(link).status_code == 200  # a link scanner's visit changes nothing
    volunteer.refresh_from_db()
    assert volunteer.verified_at is None
    assert post(client, link).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.verified_at is not None
    page = client.get(f"/involve/{slug}/me/").content.decode()
    assert "Pat Public" in page and "Step-free access" in page
    # the trail holds a pseudonym, never the address
    assert not AuditEvent.objects.filter(detail__icontains="pat@example.org").exists()


def test_a_tampered_link_is_refused(personas: Any, client: Client) -> None:
    response = post(client, f"/involve/{personas.org_a.system.slug}/confirm/not-a-token/")
    assert response.status_code == 400


def test_volunteering_again_says_the_same_and_sends_a_sign_in_link(personas: Any, client: Client) -> None:
    volunteer_and_confirm(client, personas)
    other = Client()
    response = post(other, f"/involve/{personas.org_a.system.slug}/volunteer/", volunteer_data(personas, name="Else"))
    assert response.status_code == 200
    assert "/sign-in/" in mail.outbox[-1].body
    assert Volunteer.objects.get().name == "Pat Public"


def test_a_volunteer_signs_in_by_emailed_link(personas: Any, client: Client) -> None:
    volunteer_and_confirm(client, personas)
    other = Client()
    slug = personas.org_a.system.slug
    assert post(other, f"/involve/{slug}/sign-in/", {"email": "PAT@example.org"}).status_code == 200
    assert post(other, last_link("/sign-in/")).status_code == 302
    assert other.get(f"/involve/{slug}/me/").status_code == 200
    # an unknown address gets the same answer and no email
    sent = len(mail.outbox)
    assert post(Client(), f"/involve/{slug}/sign-in/", {"email": "nobody@example.org"}).status_code == 200
    assert len(mail.outbox) == sent


def test_a_volunteer_changes_their_details_and_organisations(personas: Any, client: Client) -> None:
    volunteer = volunteer_and_confirm(client, personas, organisations=[personas.org_a.pk, personas.org_b.pk])
    slug = personas.org_a.system.slug
    data = volunteer_data(personas, organisations=[personas.org_b.pk], name="Pat P", adjustments="Large print")
    del data["email"], data["consent"]
    response = post(client, f"/involve/{slug}/me/change/", data)
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.name == "Pat P" and volunteer.adjustments == "Large print"
    assert list(volunteer.registrations.values_list("organisation_id", flat=True)) == [personas.org_b.pk]


def test_a_volunteer_renews_consent(personas: Any, client: Client) -> None:
    import datetime

    volunteer = volunteer_and_confirm(client, personas)
    Volunteer.objects.filter(pk=volunteer.pk).update(review_on=datetime.date(2020, 1, 1))
    response = post(client, f"/involve/{personas.org_a.system.slug}/me/renew/")
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert not volunteer.lapsed()


def test_a_volunteer_downloads_everything_held_about_them(personas: Any, client: Client) -> None:
    volunteer_and_confirm(client, personas)
    response = client.get(f"/involve/{personas.org_a.system.slug}/me/export/")
    data = json.loads(response.content)
    assert data["email"] == "pat@example.org"
    assert data["organisations"][0]["organisation"] == personas.org_a.name
    assert "Caring for someone" in data["services_used"]


def test_a_volunteer_deletes_their_registration_and_every_organisations_notes(personas: Any, client: Client) -> None:
    from openqi.coproduction.tests.conftest import make_active

    volunteer = volunteer_and_confirm(client, personas)
    make_active(volunteer, personas.org_a, personas.lead.user)
    slug = personas.org_a.system.slug
    assert client.get(f"/involve/{slug}/me/delete/").status_code == 200
    assert post(client, f"/involve/{slug}/me/delete/").status_code == 302
    assert not Volunteer.objects.exists() and not Registration.objects.exists()
    assert client.get(f"/involve/{slug}/me/").status_code == 302


def test_the_sites_front_door_links_to_volunteering(personas: Any, client: Client) -> None:
    page = client.get("/").content.decode()
    assert f'href="/involve/{personas.org_a.system.slug}/"' in page
