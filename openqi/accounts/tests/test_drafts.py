"""Issue 24: a person whose session ends while they type loses nothing, and an anonymous form
never leaves a draft that links its text to them."""

import re
import time
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from openqi.accounts.models import FormDraft
from openqi.accounts.privacy import export_personal_data
from openqi.accounts.services import form_draft_keep
from openqi.audit.models import AuditEvent
from openqi.factories import PASSWORD, UserFactory
from openqi.privacy.services import personal_data_erase

PREFERENCES = "/account/preferences/"


def signed_in(email: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def expire(client: Client, idle_minutes: int = 16) -> None:
    session = client.session
    session["last_seen"] = int(time.time()) - idle_minutes * 60
    session.save()


def sign_in_again(client: Client, next_url: str, email: str) -> str:
    response = client.post(f"/accounts/login/?next={next_url}", {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return response["Location"]


def test_an_expired_form_is_kept_and_restored_after_signing_in_again(personas: Any) -> None:
    user = personas.member.user
    client = signed_in(user.email)
    expire(client)
    response = client.post(PREFERENCES, {"full_name": "Ada Typed-For-Long", "email_frequency": "daily"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Faccount%2Fpreferences%2F"
    user.refresh_from_db()
    assert user.full_name != "Ada Typed-For-Long"  # nothing saved while signed out
    draft = FormDraft.objects.get(user=user, path=PREFERENCES)
    assert draft.data == {"full_name": ["Ada Typed-For-Long"], "email_frequency": ["daily"]}
    assert timedelta(hours=23) < draft.expires_at - timezone.now() <= timedelta(hours=24)
    login_page = client.get(response["Location"]).content.decode()
    assert "We kept what you typed" in login_page

    assert sign_in_again(client, PREFERENCES, user.email) == PREFERENCES
    page = client.get(PREFERENCES).content.decode()
    assert 'value="Ada Typed-For-Long"' in page
    assert "We kept what you typed before you were signed out. Check it and save." in page
    user.refresh_from_db()
    assert user.full_name != "Ada Typed-For-Long"  # opening the page saves nothing
    assert not FormDraft.objects.filter(user=user).exists()  # taken once
    assert 'value="Ada Typed-For-Long"' not in client.get(PREFERENCES).content.decode()

    client.post(PREFERENCES, {"full_name": "Ada Typed-For-Long", "email_frequency": "daily"})
    user.refresh_from_db()
    assert user.full_name == "Ada Typed-For-Long"
    actions = list(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))
    assert "form_draft.keep" in actions and "form_draft.restore" in actions


def test_only_the_same_person_gets_the_draft_back(personas: Any) -> None:
    client = signed_in(personas.member.user.email)
    expire(client)
    client.post(PREFERENCES, {"full_name": "Private words", "email_frequency": "daily"})
    assert sign_in_again(client, PREFERENCES, personas.lead.user.email) == PREFERENCES
    assert "Private words" not in client.get(PREFERENCES).content.decode()
    assert FormDraft.objects.filter(user=personas.member.user).exists()  # still the member's, until it expires


def test_a_draft_keeps_no_csrf_token_and_no_secret(personas: Any) -> None:
    client = signed_in(personas.member.user.email)
    expire(client)
    client.post(
        PREFERENCES,
        {"full_name": "X", "email_frequency": "daily", "csrfmiddlewaretoken": "t" * 64, "new_password": "p" * 14},
    )
    assert FormDraft.objects.get(user=personas.member.user).data == {"full_name": ["X"], "email_frequency": ["daily"]}


def test_a_form_sent_from_another_site_plants_no_draft(personas: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.member.user)
    expire(client)
    response = client.post(PREFERENCES, {"full_name": "Planted", "email_frequency": "daily"})
    assert response["Location"].startswith("/accounts/login/")
    assert not FormDraft.objects.exists()


def test_anonymous_forms_never_keep_a_draft(personas: Any) -> None:
    org = personas.org_a.slug
    anonymous = [
        (f"/o/{org}/check-in/", {"score": "2", "comment": "Short-staffed on nights again"}),
        (f"/o/{org}/surveys/1/answer/", {"q1": "Nobody listens on the late shift"}),
        (f"/o/{org}/ideas/follow-up/", {"code": "ABCD-EFGH", "message": "Any news?"}),
        (
            f"/o/{org}/ideas/new/",
            {"title": "Quiet nights", "problem": "Noise", "suggestion": "Soft-close bins", "identity": "anonymous"},
        ),
        (f"/o/{org}/ideas/new/", {"title": "Quiet nights", "problem": "Noise", "suggestion": "Soft-close bins"}),
    ]
    for path, data in anonymous:
        client = signed_in(personas.member.user.email)
        expire(client)
        response = client.post(path, data)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), path
        assert "We kept" not in client.get(response["Location"]).content.decode(), path
    assert not FormDraft.objects.exists()
    assert not AuditEvent.objects.filter(action="form_draft.keep").exists()


def test_a_named_idea_is_kept(personas: Any) -> None:
    client = signed_in(personas.member.user.email)
    expire(client)
    path = f"/o/{personas.org_a.slug}/ideas/new/"
    client.post(path, {"title": "Quiet nights", "problem": "Noise", "suggestion": "Bins", "identity": "qi_team"})
    assert FormDraft.objects.get(user=personas.member.user).path == path
    sign_in_again(client, path, personas.member.user.email)
    page = client.get(path).content.decode()
    assert 'value="Quiet nights"' in page and "Bins</textarea>" in page


def test_the_similar_ideas_panel_never_gets_the_sign_in_page(personas: Any) -> None:
    client = signed_in(personas.member.user.email)
    expire(client)
    path = f"/o/{personas.org_a.slug}/ideas/new/"
    data = {"action": "check", "title": "Quiet nights", "problem": "Noise", "suggestion": "Bins", "identity": "named"}
    response = client.post(path, data, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 401
    assert response.content.decode() == "You have been signed out. Sign in again to carry on."
    assert "_auth_user_id" in client.session  # the person's next real request ends the session…
    data["action"] = ""
    assert client.post(path, data)["Location"].startswith("/accounts/login/")
    assert FormDraft.objects.filter(user=personas.member.user, path=path).exists()  # …and keeps their idea


def test_a_script_signed_out_already_gets_401_not_the_sign_in_page(personas: Any) -> None:
    response = Client().post(
        f"/o/{personas.org_a.slug}/ideas/new/", {"action": "check"}, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 401 and b"<html" not in response.content
    assert Client().get("/account/session/", headers={"Accept": "application/json"}).status_code == 401


def test_a_draft_past_its_lifetime_is_not_restored_and_is_purged(personas: Any) -> None:
    user = personas.member.user
    form_draft_keep(user=user, path=PREFERENCES, data={"full_name": ["Old words"]})
    FormDraft.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client = signed_in(user.email)
    assert "Old words" not in client.get(PREFERENCES).content.decode()
    form_draft_keep(user=user, path="/elsewhere/", data={"x": ["y"]})
    FormDraft.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("form_drafts_purge")
    assert not FormDraft.objects.exists()


def test_session_status_tells_the_time_left_without_extending_it(personas: Any) -> None:
    client = signed_in(personas.member.user.email)
    session = client.session
    session["last_seen"] = int(time.time()) - 14 * 60
    session.save()
    left = client.get("/account/session/").json()["seconds_left"]
    assert 55 <= left <= 60
    assert client.session["last_seen"] <= int(time.time()) - 14 * 60  # asking is not activity
    stayed = client.post("/account/session/").json()["seconds_left"]
    assert stayed >= 15 * 60 - 5  # "Stay signed in" restarts the idle clock


def test_subject_access_and_erasure_cover_drafts(personas: Any) -> None:
    user = personas.member.user
    form_draft_keep(user=user, path=PREFERENCES, data={"full_name": ["Ada"]})
    exported = export_personal_data(user=user)["form_drafts"]
    assert exported[0]["path"] == PREFERENCES and exported[0]["data"] == {"full_name": ["Ada"]}
    superuser = UserFactory(is_superuser=True)
    report = personal_data_erase(actor=superuser, subject=user)
    assert report.counts["accounts"]["form_drafts"] == 1 and not FormDraft.objects.exists()


def test_signed_in_pages_carry_the_warning_and_signed_out_pages_do_not(personas: Any, settings: Any) -> None:
    settings.SESSION_IDLE_TIMEOUT = 900
    page = signed_in(personas.member.user.email).get("/").content.decode()
    assert '<dialog id="session-warning"' in page
    assert 'data-idle-timeout="900"' in page and 'data-warn-before="120"' in page
    assert 'data-status-url="/account/session/"' in page
    assert "data-draft-restored" not in page
    owner = page.split('data-owner="')[1].split('"')[0]
    lead_page = signed_in(personas.lead.user.email).get("/").content.decode()
    assert re.fullmatch(r"[0-9a-f]{24}", owner) and owner not in lead_page  # an opaque mark, one per person
    assert 'id="session-warning"' not in Client().get("/accounts/login/").content.decode()


def test_a_page_filled_from_a_kept_draft_says_so_to_the_browser(personas: Any) -> None:
    client = signed_in(personas.member.user.email)
    expire(client)
    client.post(PREFERENCES, {"full_name": "Ada", "email_frequency": "daily"})
    sign_in_again(client, PREFERENCES, personas.member.user.email)
    assert "data-draft-restored" in client.get(PREFERENCES).content.decode()


def test_a_button_sent_after_the_session_ended_leads_back_to_its_page_after_signing_in(personas: Any) -> None:
    client = signed_in(personas.member.user.email)
    expire(client)
    page = f"/o/{personas.org_a.slug}/ideas/"
    response = client.post(
        f"/o/{personas.org_a.slug}/ideas/1/support/", {}, headers={"Referer": f"http://testserver{page}?status=new"}
    )
    assert response["Location"] == "/accounts/login/?next=%2Fo%2Falpha%2Fideas%2F%3Fstatus%3Dnew"
    assert not FormDraft.objects.exists()  # nothing at that page would restore it


def test_a_referer_from_another_site_is_ignored(personas: Any) -> None:
    client = signed_in(personas.member.user.email)
    expire(client)
    response = client.post(
        PREFERENCES, {"full_name": "Ada"}, headers={"Referer": "https://evil.example/account/other/"}
    )
    assert response["Location"] == "/accounts/login/?next=%2Faccount%2Fpreferences%2F"
    assert FormDraft.objects.filter(path=PREFERENCES).exists()
