from typing import Any

import pytest
from django.test import Client

from openqi.checkins.models import CheckIn, CheckInMarker, KioskDevice
from openqi.checkins.services import kiosk_create

pytestmark = pytest.mark.django_db


def test_the_check_in_page_asks_how_work_is_today_with_labelled_answers(personas: Any, member_client: Client) -> None:
    html = member_client.get(f"/o/{personas.org_a.slug}/check-in/").content.decode()
    assert "How is work today?" in html
    for label in ("Very good", "Good", "Neither good nor bad", "Bad", "Very bad"):
        assert f">\n          {label}\n" in html or label in html
    assert "free text can identify you" in html
    assert "Staffing" in html


def test_the_navigation_offers_check_in_to_members(personas: Any, member_client: Client) -> None:
    html = member_client.get(f"/o/{personas.org_a.slug}/").content.decode()
    assert f'href="/o/{personas.org_a.slug}/check-in/"' in html


def test_a_member_checks_in_and_is_thanked_then_told_they_have_already_checked_in(
    personas: Any, member_client: Client
) -> None:
    url = f"/o/{personas.org_a.slug}/check-in/"
    response = member_client.post(url, {"score": "5"})
    assert "Thank you for checking in" in response.content.decode()
    assert CheckIn.objects.count() == 1
    again = member_client.get(url).content.decode()
    assert "You have already checked in today" in again
    member_client.post(url, {"score": "1"})
    assert CheckIn.objects.count() == 1


def test_no_answer_shows_the_error_summary(personas: Any, member_client: Client) -> None:
    response = member_client.post(f"/o/{personas.org_a.slug}/check-in/", {})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose how work is today" in html
    assert "<title>Error: " in html


def test_an_nhs_number_in_the_comment_is_refused_with_the_error_summary_and_nothing_saved(
    personas: Any, member_client: Client
) -> None:
    response = member_client.post(
        f"/o/{personas.org_a.slug}/check-in/", {"score": "3", "comment": "Mr X 9434765919 fell"}
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "looks like it contains an NHS number" in html
    assert 'href="#id_comment"' in html
    assert CheckIn.objects.count() == 0
    assert CheckInMarker.objects.count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "check-ins/",
        "check-ins/teams/{team}/",
        "check-ins/teams/{team}/export/",
        "check-ins/settings/",
        "check-ins/kiosks/",
    ],
)
def test_staff_are_refused_the_results_and_lead_pages(personas: Any, member_client: Client, path: str) -> None:
    url = f"/o/{personas.org_a.slug}/" + path.format(team=personas.member.team_id)
    assert member_client.get(url).status_code == 403


def test_a_partner_cannot_check_in(personas: Any) -> None:
    from openqi.conftest import client_for
    from openqi.factories import MembershipFactory

    partner = MembershipFactory(organisation=personas.org_a, role="partner")
    assert client_for(partner.user).get(f"/o/{personas.org_a.slug}/check-in/").status_code == 403


def test_staff_cannot_hide_a_comment(personas: Any, member_client: Client) -> None:
    checkin = CheckIn.objects.create(organisation=personas.org_a, date="2026-01-05", score=3, comment="x")
    response = member_client.post(f"/o/{personas.org_a.slug}/check-ins/comments/{checkin.pk}/hide/")
    assert response.status_code == 403
    checkin.refresh_from_db()
    assert not checkin.hidden


def test_a_lead_hides_a_comment(personas: Any, lead_client: Client) -> None:
    checkin = CheckIn.objects.create(organisation=personas.org_a, date="2026-01-05", score=3, comment="x")
    response = lead_client.post(
        f"/o/{personas.org_a.slug}/check-ins/comments/{checkin.pk}/hide/", {"team": str(personas.member.team_id)}
    )
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert checkin.hidden


def test_a_team_of_another_organisation_gives_404(personas: Any, lead_client: Client) -> None:
    from openqi.factories import TeamFactory

    other = TeamFactory(organisation=personas.org_b)
    assert lead_client.get(f"/o/{personas.org_a.slug}/check-ins/teams/{other.pk}/").status_code == 404


def test_a_lead_changes_the_settings_and_k_below_10_is_refused(personas: Any, lead_client: Client) -> None:
    url = f"/o/{personas.org_a.slug}/check-ins/settings/"
    refused = lead_client.post(url, {"reporting_k": "5", "reasons": "Rota"})
    assert "The reporting threshold must be 10 or more" in refused.content.decode()
    saved = lead_client.post(url, {"reporting_k": "12", "reasons": "Rota\nKit\n"})
    assert saved.status_code == 302
    assert personas.org_a.checkin_settings.reporting_k == 12


def test_a_lead_creates_a_kiosk_link_shown_once_and_switches_it_off(personas: Any, lead_client: Client) -> None:
    slug = personas.org_a.slug
    html = lead_client.post(
        f"/o/{slug}/check-ins/kiosks/new/", {"name": "Staff room", "team": str(personas.member.team_id)}
    ).content.decode()
    assert "Kiosk link created" in html
    device = KioskDevice.objects.get()
    link = html.split('<code class="openqi-kiosk-link">')[1].split("</code>")[0]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert KioskDevice.hash_token(token) == device.token_hash
    assert "Staff room" in lead_client.get(f"/o/{slug}/check-ins/kiosks/").content.decode()
    lead_client.post(f"/o/{slug}/check-ins/kiosks/{device.pk}/revoke/")
    assert Client().get(f"/k/{token}/").status_code == 404


def test_the_kiosk_takes_one_answer_per_tap_without_sign_in(personas: Any) -> None:
    _, token = kiosk_create(
        actor=personas.lead.user, organisation=personas.org_a, team=personas.member.team, name="Tablet"
    )
    client = Client()
    page = client.get(f"/k/{token}/")
    assert page.status_code == 200
    assert "Very bad" in page.content.decode()
    response = client.post(f"/k/{token}/", {"score": "4"}, follow=True)
    assert "Thank you. Your answer has been added." in response.content.decode()
    client.post(f"/k/{token}/", {"score": "2"})
    assert sorted(CheckIn.objects.values_list("score", flat=True)) == [2, 4]
    assert set(CheckIn.objects.values_list("team", flat=True)) == {personas.member.team_id}


def test_the_kiosk_refuses_too_many_answers_a_minute(personas: Any, settings: Any) -> None:
    settings.CHECKIN_KIOSK_RATE = 2
    _, token = kiosk_create(
        actor=personas.lead.user, organisation=personas.org_a, team=personas.member.team, name="Tablet"
    )
    client = Client()
    for _ in range(2):
        client.post(f"/k/{token}/", {"score": "4"})
    response = client.post(f"/k/{token}/", {"score": "4"})
    assert response.status_code == 429
    assert "Too many answers" in response.content.decode()
    assert CheckIn.objects.count() == 2


def test_an_unknown_kiosk_link_gives_404(db: Any) -> None:
    assert Client().get("/k/not-a-token/").status_code == 404


def test_the_navigation_offers_results_to_leads_but_not_to_staff(
    personas: Any, member_client: Client, lead_client: Client
) -> None:
    results = f'href="/o/{personas.org_a.slug}/check-ins/"'
    assert results not in member_client.get("/").content.decode()
    assert results not in member_client.get(f"/o/{personas.org_a.slug}/").content.decode()
    assert results in lead_client.get("/").content.decode()
    assert f'href="/o/{personas.org_a.slug}/check-in/"' in lead_client.get("/").content.decode()
