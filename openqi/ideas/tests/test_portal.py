"""The public portal: no account, a honeypot, a rate limit per address, and moderation."""

import re
from typing import Any

import pytest
from django.test import Client

from openqi.ideas.models import Idea, Moderation, Source
from openqi.ideas.views import follow_up as follow_up_views

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Clearer signs to outpatients",
    "problem": "I got lost finding the outpatient clinic.",
    "suggestion": "Coloured lines on the floor.",
    "website": "",
}


def test_a_member_of_the_public_shares_an_idea_and_gets_a_follow_up_code(personas: Any) -> None:
    response = Client().post("/p/alpha/", FORM, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Test browser 1.0")
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="follow-up-code">[A-Z0-9-]+<', page)
    idea = Idea.objects.get()
    assert (idea.source, idea.moderation, idea.submitted_by, idea.submitted_at) == (
        Source.PUBLIC,
        Moderation.PENDING,
        None,
        None,
    )
    row = str([getattr(idea, f.attname) for f in Idea._meta.concrete_fields])
    assert "203.0.113.9" not in row
    assert "Test browser" not in row


def test_the_portal_page_shows_the_form(personas: Any) -> None:
    page = Client().get("/p/alpha/").content.decode()
    assert "Share an idea or feedback" in page
    assert Client().get("/p/no-such-trust/").status_code == 404


def test_the_honeypot_thanks_a_robot_and_keeps_nothing(personas: Any) -> None:
    response = Client().post("/p/alpha/", FORM | {"website": "http://spam.example"})
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert not Idea.objects.exists()


def test_bad_input_shows_the_error_summary_and_saves_nothing(personas: Any) -> None:
    page = Client().post("/p/alpha/", {"title": "", "problem": "NHS 943 476 5919"}).content.decode()
    assert "There is a problem" in page
    assert "Remove the NHS number" in page
    assert not Idea.objects.exists()


def test_too_many_submissions_from_one_address_are_refused(personas: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(follow_up_views, "PORTAL_RATE_LIMIT", (2, 3600))
    client = Client()
    for _ in range(2):
        assert client.post("/p/alpha/", FORM, REMOTE_ADDR="198.51.100.1").status_code == 200
    response = client.post("/p/alpha/", FORM, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert Idea.objects.count() == 2
    # another address is not held back
    assert client.post("/p/alpha/", FORM, REMOTE_ADDR="198.51.100.2").status_code == 200


def test_a_public_idea_stays_hidden_from_staff_until_a_lead_approves_it(
    member_client: Client, lead_client: Client, personas: Any
) -> None:
    Client().post("/p/alpha/", FORM)
    idea = Idea.objects.get()
    assert FORM["title"] not in member_client.get("/o/alpha/ideas/").content.decode()
    assert member_client.get(f"/o/alpha/ideas/{idea.pk}/").status_code == 404
    assert FORM["title"] in lead_client.get("/o/alpha/ideas/moderation/").content.decode()
    lead_client.post(f"/o/alpha/ideas/{idea.pk}/moderate/", {"decision": "approve"})
    page = member_client.get(f"/o/alpha/ideas/{idea.pk}/").content.decode()
    assert "A patient or member of the public" in page


def test_a_rejected_public_idea_never_appears(member_client: Client, lead_client: Client, personas: Any) -> None:
    Client().post("/p/alpha/", FORM)
    idea = Idea.objects.get()
    lead_client.post(f"/o/alpha/ideas/{idea.pk}/moderate/", {"decision": "reject"})
    assert member_client.get(f"/o/alpha/ideas/{idea.pk}/").status_code == 404
    assert "Nothing is waiting" in lead_client.get("/o/alpha/ideas/moderation/").content.decode()


def test_the_public_follow_up_page_works_with_the_code(personas: Any) -> None:
    page = Client().post("/p/alpha/", FORM).content.decode()
    code = re.search(r'id="follow-up-code">([A-Z0-9-]+)<', page).group(1)  # type: ignore[union-attr]
    follow = Client().post("/p/alpha/follow-up/", {"code": code}).content.decode()
    assert FORM["title"] in follow


def test_leads_see_the_portal_address_to_share(lead_client: Client, member_client: Client, personas: Any) -> None:
    assert "http://testserver/p/alpha/" in lead_client.get("/o/alpha/ideas/").content.decode()
    assert "/p/alpha/" not in member_client.get("/o/alpha/ideas/").content.decode()
