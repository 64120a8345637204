"""Issue 24, point 3: every form that creates something in ideas, sent twice with one submission
token (Back and send again, a double click, a retried request), creates it once."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openqi.core.models import SubmissionRecord
from openqi.core.submission import FIELD_NAME, new_token
from openqi.core.tests.resubmit import send_twice
from openqi.ideas.models import Campaign, EventKind, Idea, IdeaComment, IdeaEvent, Status
from openqi.ideas.tests.helpers import share

pytestmark = pytest.mark.django_db

IDEA = {
    "title": "Put a clock in every side room",
    "problem": "Patients in side rooms lose track of time.",
    "suggestion": "Fit a clock in each side room.",
    "domains": ["patient_centred"],
    "identity": "named",
    "action": "share",
}


def test_a_named_idea_sent_twice_is_shared_once(member_client: Client) -> None:
    first, _ = send_twice(member_client, "/o/alpha/ideas/new/", IDEA, count=Idea.objects.count)
    assert first["Location"] == f"/o/alpha/ideas/{Idea.objects.get().pk}/"


def test_an_idea_for_the_qi_team_only_sent_twice_is_shared_once(member_client: Client) -> None:
    send_twice(member_client, "/o/alpha/ideas/new/", IDEA | {"identity": "qi_team"}, count=Idea.objects.count)


def test_an_anonymous_idea_sent_twice_is_shared_once_with_one_follow_up_code(member_client: Client) -> None:
    first, second = send_twice(
        member_client, "/o/alpha/ideas/new/", IDEA | {"identity": "anonymous"}, count=Idea.objects.count
    )
    assert 'id="follow-up-code"' in first.content.decode()
    page = second.content.decode()
    assert "You already sent this" in page
    assert 'id="follow-up-code"' not in page
    # The record keeps neither the code nor the idea's address: nothing that leads to the idea.
    (record,) = SubmissionRecord.objects.all()
    assert record.result_url == ""


def test_a_public_idea_sent_twice_is_shared_once(personas: Any) -> None:
    data = {k: IDEA[k] for k in ("title", "problem", "suggestion")} | {"website": ""}
    first, second = send_twice(Client(), "/p/alpha/", data, count=Idea.objects.count)
    assert 'id="follow-up-code"' in first.content.decode()
    assert "You already sent this" in second.content.decode()


@pytest.fixture
def idea(personas: Any) -> Idea:
    return share(personas.member)[0]


def test_a_comment_sent_twice_is_added_once(lead_client: Client, idea: Idea) -> None:
    send_twice(
        lead_client, f"/o/alpha/ideas/{idea.pk}/comment/", {"body": "Great idea"}, count=IdeaComment.objects.count
    )


def test_an_answer_sent_twice_is_given_once(lead_client: Client, idea: Idea) -> None:
    idea.status = Status.IMPLEMENTED
    idea.save(update_fields=["status"])
    send_twice(
        lead_client,
        f"/o/alpha/ideas/{idea.pk}/answer/",
        {"answer": "We fitted clocks in all four side rooms."},
        count=IdeaEvent.objects.filter(kind=EventKind.ANSWERED).count,
    )


def test_a_follow_up_reply_sent_twice_is_sent_once(member_client: Client, personas: Any) -> None:
    _idea, code = share(personas.member, identity="anonymous")
    _, second = send_twice(
        member_client,
        "/o/alpha/ideas/follow-up/",
        {"code": code, "message": "The four side rooms on Ward 1"},
        count=IdeaEvent.objects.filter(kind=EventKind.REPLY).count,
    )
    assert "You already sent this" in second.content.decode()


def test_a_campaign_sent_twice_is_started_once(lead_client: Client) -> None:
    today = timezone.localdate()
    end = today + datetime.timedelta(days=14)
    data = {"title": "Safer handovers", "question": "How?", "team": "", "target": "5"}
    data |= {"starts_on-day": today.day, "starts_on-month": today.month, "starts_on-year": today.year}
    data |= {"ends_on-day": end.day, "ends_on-month": end.month, "ends_on-year": end.year}
    send_twice(lead_client, "/o/alpha/ideas/campaigns/new/", data, count=Campaign.objects.count)


def test_checking_for_similar_ideas_uses_no_token(member_client: Client) -> None:
    token = new_token()
    member_client.post("/o/alpha/ideas/new/", IDEA | {"action": "check", FIELD_NAME: token})
    assert member_client.post("/o/alpha/ideas/new/", IDEA | {FIELD_NAME: token}).status_code == 302
    assert Idea.objects.count() == 1
