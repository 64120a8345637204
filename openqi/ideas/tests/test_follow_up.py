"""The private follow-up code: an anonymous submitter reads the history and replies."""

import re
from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.ideas import services
from openqi.ideas.models import EventKind, IdeaEvent, Status, hash_code, new_follow_up_code
from openqi.ideas.tests.helpers import share

pytestmark = pytest.mark.django_db


def test_a_follow_up_code_is_readable_and_only_its_hash_is_kept(personas: Any) -> None:
    code, code_hash = new_follow_up_code()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
    assert code_hash == hash_code(code.lower().replace("-", " "))
    idea, shown = share(personas.member, identity="anonymous")
    assert shown
    assert shown not in idea.follow_up_hash
    assert idea.follow_up_hash == hash_code(shown)


def test_the_code_shows_the_status_history_and_messages(member_client: Client, personas: Any) -> None:
    idea, code = share(personas.member, identity="anonymous")
    services.idea_change_status(
        actor=personas.lead.user, idea=idea, status=Status.NEEDS_INFO, message="Which side rooms do you mean?"
    )
    page = member_client.post("/o/alpha/ideas/follow-up/", {"code": code.lower()}).content.decode()
    assert idea.title in page
    assert "Needs more information" in page
    assert "Which side rooms do you mean?" in page
    assert personas.lead.user.full_name not in page.split("</header>")[1]


def test_a_wrong_code_shows_an_error_and_reveals_nothing(member_client: Client, personas: Any) -> None:
    share(personas.member, identity="anonymous")
    page = member_client.post("/o/alpha/ideas/follow-up/", {"code": "AAAA-BBBB-CCCC-DDDD"}).content.decode()
    assert "There is a problem" in page
    assert "No idea matches this code" in page
    assert "Put a clock" not in page


def test_a_code_from_another_organisation_does_not_work_here(member_client: Client, personas: Any) -> None:
    _, code = share(personas.outsider, identity="anonymous")
    page = member_client.post("/o/alpha/ideas/follow-up/", {"code": code}).content.decode()
    assert "No idea matches this code" in page


def test_the_submitter_answers_a_question_without_being_identified(member_client: Client, personas: Any) -> None:
    idea, code = share(personas.member, identity="anonymous")
    before = AuditEvent.objects.count()
    page = member_client.post(
        "/o/alpha/ideas/follow-up/", {"code": code, "message": "The four side rooms on Ward 1"}
    ).content.decode()
    assert "Your reply has been sent to the QI team" in page
    reply = IdeaEvent.objects.get(idea=idea, kind=EventKind.REPLY)
    assert (reply.actor_id, reply.created_at, reply.message) == (None, None, "The four side rooms on Ward 1")
    # Audited later, as the day's count of replies: no entry now that could be placed in time.
    assert AuditEvent.objects.count() == before


def test_an_empty_reply_shows_the_error_summary(member_client: Client, personas: Any) -> None:
    _idea, code = share(personas.member, identity="anonymous")
    page = member_client.post("/o/alpha/ideas/follow-up/", {"code": code, "message": ""}).content.decode()
    assert "There is a problem" in page
    assert "Write your reply" in page
    assert not IdeaEvent.objects.filter(kind=EventKind.REPLY).exists()


def test_a_reply_with_a_bad_code_is_not_found(member_client: Client, personas: Any) -> None:
    response = member_client.post("/o/alpha/ideas/follow-up/", {"code": "nope", "message": "Hello"})
    assert response.status_code == 404
