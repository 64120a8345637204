"""System ideas (issue 15, ADR 0029): shared from the front door or by staff and members, into the
ICS CQI team's inbox, anonymous under ideas' rules, closed with a published "you said, we did"."""

import datetime
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from openqi.anonymity import UNORDERED_ID_FLOOR
from openqi.audit.models import AuditEvent
from openqi.conftest import client_for, give_totp
from openqi.core import personal_data
from openqi.factories import SystemFactory
from openqi.network import system_ideas
from openqi.network.system_models import SystemIdea, SystemIdeaEvent
from openqi.network.tests.conftest import Network, join_and_confirm, post

pytestmark = pytest.mark.django_db

IDEA = {
    "title": "One discharge letter for GPs and community nurses",
    "problem": "Community nurses do not get the hospital discharge letter the GP gets.",
    "suggestion": "Send the same letter to both, on the day of discharge.",
    "services": "Discharge, district nursing, general practice",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    cache.clear()


def _share_url(network: Network) -> str:
    return f"/network/{network.system.slug}/system-ideas/share/"


def _code(response: Any) -> str:
    found = re.search(r'id="follow-up-code">([A-Z0-9-]+)<', response.content.decode())
    assert found, response.content.decode()[:3000]
    return found.group(1)


def test_a_person_with_no_account_shares_an_anonymous_idea_that_names_the_organisations_it_touches(
    network: Network,
) -> None:
    org = network.personas.org_a
    response = post(Client(), _share_url(network), {**IDEA, "organisations": [str(org.pk)]})
    assert response.status_code == 200
    code = _code(response)
    idea = SystemIdea.objects.get()
    assert idea.system == network.system
    assert idea.organisation_ids == [org.pk]
    assert idea.is_anonymous and idea.source == "public"
    assert idea.submitted_by is None and idea.submitted_by_member is None and idea.submitted_at is None
    assert idea.pk >= UNORDERED_ID_FLOOR  # numbered at random, not in sequence
    assert code not in idea.follow_up_hash and len(idea.follow_up_hash) == 64
    event = SystemIdeaEvent.objects.get()
    assert event.actor is None and event.created_at is None and event.pk >= UNORDERED_ID_FLOOR
    assert not AuditEvent.objects.filter(action__startswith="network.system_idea").exists()


def test_an_anonymous_idea_from_a_signed_in_member_keeps_no_link_to_them(network: Network) -> None:
    client = join_and_confirm(Client(), network.system)
    before = AuditEvent.objects.count()
    response = post(client, _share_url(network), {**IDEA, "identity": "anonymous"})
    assert response.status_code == 200
    idea = SystemIdea.objects.get()
    assert idea.is_anonymous and idea.submitted_by_member is None and idea.submitted_by is None
    assert idea.submitted_at is None
    assert idea.source == "member"  # which form, never who: the source is one of three words
    assert AuditEvent.objects.count() == before


def test_staff_may_share_named_to_the_cqi_team_and_the_submission_is_audited(network: Network) -> None:
    user = network.personas.member.user
    give_totp(user)
    response = post(client_for(user), _share_url(network), {**IDEA, "identity": "named"})
    assert response.status_code == 200
    idea = SystemIdea.objects.get()
    assert idea.submitted_by == user and idea.submitted_at is not None and idea.source == "staff"
    assert AuditEvent.objects.filter(action="network.system_idea_submit", actor=user).exists()


def test_a_signed_out_person_cannot_claim_a_name(network: Network) -> None:
    post(Client(), _share_url(network), {**IDEA, "identity": "named"})
    assert SystemIdea.objects.get().is_anonymous


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Enter your idea in a few words"),
        ({"problem": ""}, "Describe the problem"),
        ({"problem": "Patient 943 476 5919 waited."}, "Remove the NHS number"),
        ({"organisations": ["999999"]}, "Choose organisations from the list"),
        ({"title": "x" * 151}, "150 characters or fewer"),
    ],
)
def test_bad_input_answers_clearly_and_saves_nothing(network: Network, change: dict[str, Any], message: str) -> None:
    response = post(Client(), _share_url(network), {**IDEA, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "nhsuk-error-summary" in response.content.decode()
    assert not SystemIdea.objects.exists()


def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_kept(network: Network) -> None:
    response = post(Client(), _share_url(network), {**IDEA, "website": "http://spam.example"})
    assert response.status_code == 200
    assert not SystemIdea.objects.exists()


def test_too_many_ideas_from_one_address_are_refused(network: Network) -> None:
    client = Client()
    for _ in range(20):
        post(client, _share_url(network), IDEA)
    response = post(client, _share_url(network), IDEA)
    assert response.status_code == 429
    assert SystemIdea.objects.count() == 20


def _an_idea(network: Network) -> SystemIdea:
    idea, _code = system_ideas.system_idea_submit(
        system=network.system,
        title=IDEA["title"],
        problem=IDEA["problem"],
        suggestion="",
        services="",
        organisation_ids=[],
        anonymous=True,
    )
    return idea


def test_the_cqi_team_moves_an_idea_on_and_closes_it_with_a_published_answer(
    network: Network, team_client: Client
) -> None:
    idea = _an_idea(network)
    url = f"/network/{network.system.slug}/team/system-ideas/{idea.pk}/"
    inbox = team_client.get(f"/network/{network.system.slug}/team/system-ideas/")
    assert IDEA["title"] in inbox.content.decode()
    response = post(team_client, url, {"status": "accepted", "message": "We will take this to the discharge group."})
    assert response.status_code == 302
    response = post(team_client, url, {"status": "implemented"})
    assert response.status_code == 400 and "Write the public answer" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == "accepted"
    response = post(team_client, url, {"status": "implemented", "public_answer": "Both now get the same letter."})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == "implemented" and idea.answered_on is not None
    assert AuditEvent.objects.filter(action="network.system_idea_status", actor=network.team_user).count() == 2
    public = Client().get(f"/network/{network.system.slug}/system-ideas/you-said-we-did/").content.decode()
    assert "Both now get the same letter." in public and IDEA["title"] in public


def test_a_step_the_workflow_does_not_allow_is_refused(network: Network, team_client: Client) -> None:
    idea = _an_idea(network)
    response = post(
        team_client, f"/network/{network.system.slug}/team/system-ideas/{idea.pk}/", {"status": "submitted"}
    )
    assert response.status_code == 400
    idea.refresh_from_db()
    assert idea.status == "submitted"


def test_the_author_follows_their_idea_with_the_code_and_reads_the_teams_message(
    network: Network, team_client: Client
) -> None:
    response = post(Client(), _share_url(network), IDEA)
    code = _code(response)
    idea = SystemIdea.objects.get()
    system_ideas.system_idea_status_change(actor=network.team_user, idea=idea, status="under_review", message="Thanks!")
    url = f"/network/{network.system.slug}/system-ideas/follow-up/"
    page = Client().post(url, {"code": code}).content.decode()
    assert IDEA["title"] in page and "Thanks!" in page and "Under review" in page
    wrong = Client().post(url, {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert wrong.status_code == 400 and "No idea matches this code" in wrong.content.decode()


def test_answers_never_show_an_author_and_only_answered_ideas_are_published(network: Network) -> None:
    user = network.personas.member.user
    named, _ = system_ideas.system_idea_submit(
        system=network.system,
        title="Named idea",
        problem="A problem",
        suggestion="",
        services="",
        organisation_ids=[],
        anonymous=False,
        user=user,
    )
    _an_idea(network)
    system_ideas.system_idea_status_change(actor=network.team_user, idea=named, status="accepted")
    system_ideas.system_idea_status_change(
        actor=network.team_user, idea=named, status="implemented", public_answer="Done."
    )
    page = Client().get(f"/network/{network.system.slug}/system-ideas/you-said-we-did/").content.decode()
    assert "Named idea" in page and IDEA["title"] not in page
    assert user.email not in page and (user.get_full_name() or "@@") not in page


def test_anonymous_ideas_are_counted_in_the_audit_trail_once_their_day_is_over(network: Network) -> None:
    idea = _an_idea(network)
    today = idea.submitted_on + datetime.timedelta(days=1)
    assert system_ideas.system_idea_anonymous_audit(today=today) == 1
    assert system_ideas.system_idea_anonymous_audit(today=today) == 0  # once
    entry = AuditEvent.objects.get(action=f"network.system_idea_submit_anonymous.{network.system.slug}")
    assert entry.actor is None and entry.object_id == "" and entry.detail == {"count": 1}


TEAM_PAGES = ["team/system-ideas/", "team/system-ideas/{idea}/"]


@pytest.mark.parametrize("page", TEAM_PAGES)
@pytest.mark.parametrize("who", ["member", "lead", "admin", "outsider"])
def test_the_inbox_is_404_for_everyone_but_the_ics_cqi_team(network: Network, page: str, who: str) -> None:
    idea = _an_idea(network)
    user = getattr(network.personas, who).user
    if who != "admin":
        give_totp(user)
    url = f"/network/{network.system.slug}/" + page.format(idea=idea.pk)
    assert client_for(user).get(url).status_code == 404
    assert client_for(user).post(url, {"status": "accepted"}).status_code == 404
    idea.refresh_from_db()
    assert idea.status == "submitted"


@pytest.mark.parametrize("page", TEAM_PAGES)
def test_the_inbox_sends_a_signed_out_visitor_to_sign_in_and_opens_for_the_team(
    network: Network, team_client: Client, page: str
) -> None:
    idea = _an_idea(network)
    url = f"/network/{network.system.slug}/" + page.format(idea=idea.pk)
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert team_client.get(url).status_code == 200


def test_another_systems_idea_is_404_for_this_systems_team(network: Network, team_client: Client) -> None:
    other = SystemFactory()
    idea, _ = system_ideas.system_idea_submit(
        system=other, title="t", problem="p", suggestion="", services="", organisation_ids=[], anonymous=True
    )
    assert team_client.get(f"/network/{network.system.slug}/team/system-ideas/{idea.pk}/").status_code == 404


@pytest.mark.parametrize("page", ["system-ideas/share/", "system-ideas/follow-up/", "system-ideas/you-said-we-did/"])
def test_the_public_pages_open_without_an_account(network: Network, page: str) -> None:
    assert Client().get(f"/network/{network.system.slug}/{page}").status_code == 200


def test_a_named_idea_is_in_subject_access_and_erasure_unlinks_it(network: Network) -> None:

    user = network.personas.member.user
    named, _ = system_ideas.system_idea_submit(
        system=network.system,
        title="Named idea",
        problem="A problem",
        suggestion="",
        services="",
        organisation_ids=[],
        anonymous=False,
        user=user,
    )
    _an_idea(network)
    handler = next(h for h in personal_data.handlers() if h.app == "network_system_ideas")
    exported = handler.export(user=user)
    assert [i["title"] for i in exported["system_ideas"]] == ["Named idea"]
    assert handler.erase(user=user, pseudonym="x") == {"system_ideas_unlinked": 1}
    named.refresh_from_db()
    assert named.submitted_by is None and SystemIdea.objects.count() == 2
