"""The idea pages: sharing, checking for similar ideas, bad input, triage and answers."""

from typing import Any

import pytest
from django.test import Client

from openqi.ideas.models import Idea, IdeaComment, Status
from openqi.ideas.tests.helpers import share

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Put a clock in every side room",
    "problem": "Patients in side rooms lose track of time.",
    "suggestion": "Fit a clock in each side room.",
    "domains": ["patient_centred", "safe"],
    "identity": "named",
    "action": "share",
}


def test_a_member_shares_a_named_idea_and_lands_on_its_page(member_client: Client, personas: Any) -> None:
    response = member_client.post("/o/alpha/ideas/new/", FORM)
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/o/alpha/ideas/{idea.pk}/"
    page = member_client.get(response["Location"]).content.decode()
    assert "Put a clock in every side room" in page
    assert "Safe, Patient-centred" in page


def test_missing_answers_show_the_error_summary_and_save_nothing(member_client: Client, personas: Any) -> None:
    response = member_client.post("/o/alpha/ideas/new/", {"action": "share"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "<title>Error: " in page
    for message in ("Enter your idea in a few words", "Describe the problem", "Choose who can see your name"):
        assert message in page
    assert not Idea.objects.exists()


def test_an_nhs_number_in_the_text_is_refused_with_a_clear_message(member_client: Client, personas: Any) -> None:
    response = member_client.post("/o/alpha/ideas/new/", FORM | {"suggestion": "Like for 943 476 5919"})
    page = response.content.decode()
    assert "Remove the NHS number" in page
    assert 'href="#id_suggestion"' in page
    assert not Idea.objects.exists()


def test_checking_for_similar_ideas_lists_them_keeps_the_answers_and_saves_nothing(
    member_client: Client, personas: Any
) -> None:
    existing, _ = share(personas.lead, title="Clocks for side rooms on Ward 1")
    response = member_client.post("/o/alpha/ideas/new/", FORM | {"action": "check"})
    page = response.content.decode()
    assert "Similar ideas already shared" in page
    assert f"Idea {existing.pk}: Clocks for side rooms on Ward 1" in page
    assert 'value="Put a clock in every side room"' in page
    assert "There is a problem" not in page
    assert Idea.objects.count() == 1


def test_the_idea_page_shows_similar_ideas(member_client: Client, personas: Any) -> None:
    first, _ = share(personas.lead, title="Clocks for side rooms")
    second, _ = share(personas.member)
    page = member_client.get(f"/o/alpha/ideas/{second.pk}/").content.decode()
    assert f"Idea {first.pk}: Clocks for side rooms" in page


def test_the_list_filters_by_status_and_search(member_client: Client, personas: Any) -> None:
    share(personas.member, title="Clocks")
    share(personas.member, title="Discharge letters", problem="Late letters", suggestion="Templates")
    page = member_client.get("/o/alpha/ideas/?q=discharge").content.decode()
    assert "Discharge letters" in page
    assert "Clocks</a>" not in page
    assert "No ideas match" in member_client.get("/o/alpha/ideas/?status=implemented").content.decode()


def test_support_follow_and_comment_from_the_idea_page(lead_client: Client, personas: Any) -> None:
    idea, _ = share(personas.member)
    lead_client.post(f"/o/alpha/ideas/{idea.pk}/support/")
    lead_client.post(f"/o/alpha/ideas/{idea.pk}/follow/")
    response = lead_client.post(f"/o/alpha/ideas/{idea.pk}/comment/", {"body": "Great idea"})
    assert response.status_code == 302
    page = lead_client.get(f"/o/alpha/ideas/{idea.pk}/").content.decode()
    assert "Stop supporting" in page
    assert "Stop following" in page
    assert "Great idea" in page


def test_an_empty_comment_shows_the_error_summary(lead_client: Client, personas: Any) -> None:
    idea, _ = share(personas.member)
    page = lead_client.post(f"/o/alpha/ideas/{idea.pk}/comment/", {"body": ""}).content.decode()
    assert "There is a problem" in page
    assert "Write your comment" in page
    assert not IdeaComment.objects.exists()


def test_a_lead_triages_assigns_and_answers(lead_client: Client, personas: Any) -> None:
    idea, _ = share(personas.member)
    response = lead_client.post(f"/o/alpha/ideas/{idea.pk}/status/", {"status": "not_taken_forward"})
    assert "Give the reason the idea is not being taken forward" in response.content.decode()
    lead_client.post(f"/o/alpha/ideas/{idea.pk}/status/", {"status": "accepted", "accepted_as": "will_do"})
    lead_client.post(
        f"/o/alpha/ideas/{idea.pk}/assign/",
        {
            "owner": str(personas.lead.user.pk),
            "team": "",
            "response_due-day": "1",
            "response_due-month": "1",
            "response_due-year": "2099",
        },
    )
    lead_client.post(f"/o/alpha/ideas/{idea.pk}/status/", {"status": "implemented", "message": "Done"})
    response = lead_client.post(f"/o/alpha/ideas/{idea.pk}/answer/", {"answer": "Clocks are up in all side rooms"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Status.IMPLEMENTED
    assert idea.owner == personas.lead.user
    page = lead_client.get("/o/alpha/ideas/you-said-we-did/").content.decode()
    assert "Clocks are up in all side rooms" in page


def test_marking_a_duplicate_by_number(lead_client: Client, personas: Any) -> None:
    original, _ = share(personas.member, title="Original")
    duplicate, _ = share(personas.member, title="Duplicate")
    response = lead_client.post(
        f"/o/alpha/ideas/{duplicate.pk}/status/", {"status": "duplicate", "duplicate_of": "999"}
    )
    assert "Enter the number of an idea in this organisation" in response.content.decode()
    lead_client.post(
        f"/o/alpha/ideas/{duplicate.pk}/status/", {"status": "duplicate", "duplicate_of": str(original.pk)}
    )
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original


def test_you_said_we_did_filters_by_team_and_domain(lead_client: Client, personas: Any) -> None:
    from openqi.ideas import services

    idea, _ = share(personas.member, domains=["safe"])
    services.idea_change_status(actor=personas.lead.user, idea=idea, status="not_taken_forward", message="No budget")
    services.idea_answer(actor=personas.lead.user, idea=idea, answer="We could not fund it this year")
    assert "We could not fund it" in lead_client.get("/o/alpha/ideas/you-said-we-did/?domain=safe").content.decode()
    assert "No answers yet" in lead_client.get("/o/alpha/ideas/you-said-we-did/?domain=timely").content.decode()
    assert "No answers yet" in lead_client.get("/o/alpha/ideas/you-said-we-did/?team=999").content.decode()


def test_the_script_gets_only_the_similar_ideas_panel(member_client: Client, personas: Any) -> None:
    existing, _ = share(personas.lead, title="Clocks for side rooms on Ward 1")
    response = member_client.post("/o/alpha/ideas/new/", FORM | {"action": "check"}, HTTP_X_REQUESTED_WITH="fetch")
    page = response.content.decode()
    assert f"Idea {existing.pk}: Clocks for side rooms on Ward 1" in page
    assert "<html" not in page
    assert Idea.objects.count() == 1


def test_the_answer_page_offers_no_form_for_an_idea_that_cannot_be_answered_yet(
    lead_client: Client, personas: Any
) -> None:
    idea, _ = share(personas.member)
    page = lead_client.get(f"/o/alpha/ideas/{idea.pk}/answer/").content.decode()
    assert "This idea cannot be answered yet" in page
    assert "implemented or not taken forward" in page
    assert 'name="answer"' not in page
    assert "Publish answer" not in page
    assert f"/o/alpha/ideas/{idea.pk}/status/" in page
