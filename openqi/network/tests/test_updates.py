"""Quarterly updates: composing from what happened, the preview, sending once to each consenting
member in batches with retries, the RFC 8058 headers, unsubscribing by POST, and the archive."""

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for, give_totp
from openqi.factories import MembershipFactory, UserFactory
from openqi.ideas.models import Idea, Moderation, Source
from openqi.network import system_ideas, update_sending, updates
from openqi.network.models import Contact, Member, RecipientStatus, Update, UpdateRecipient, UpdateStatus
from openqi.network.resources import services as resources
from openqi.network.resources.models import Resource
from openqi.network.tests.conftest import Network, an_event, post
from openqi.organisations.models import Role
from openqi.projects import services as projects
from openqi.projects.services import stories
from openqi.recognition import services as recognition
from openqi.recognition.models import Nomination, NominationCategory

pytestmark = pytest.mark.django_db


def _member(network: Network, email: str, *, contact: str = Contact.EVERYTHING, verified: bool = True) -> Member:
    return Member.objects.create(
        system=network.system,
        email=email,
        name=email.split("@")[0].title(),
        contact=contact,
        consent_wording="I agree.",
        consented_at=timezone.now(),
        verified_at=timezone.now() if verified else None,
    )


def _story(network: Network) -> Any:
    personas = network.personas
    project = projects.project_create(
        actor=personas.lead.user, organisation=personas.org_a, title="Fewer falls", problem="Falls.", domains=["safe"]
    )
    story = stories.story_create(
        actor=personas.lead.user,
        project=project,
        title="Falls halved on Ward 9",
        problem="Falls.",
        tried="A cohort bay.",
        results="Falls with harm halved in six months.",
        lessons="Small steps.",
        chart_link=None,
    )
    stories.story_submit(actor=personas.lead.user, story=story)
    return stories.story_publish(actor=personas.admin.user, story=story)


def _answer(network: Network, *, source: str = Source.PUBLIC) -> Idea:
    return Idea.objects.create(
        organisation=network.personas.org_a,
        title="Clearer signs to outpatients" if source == Source.PUBLIC else "Staff rota app",
        problem="Lost.",
        suggestion="Coloured lines.",
        source=source,
        moderation=Moderation.APPROVED if source == Source.PUBLIC else Moderation.NOT_NEEDED,
        public_answer="We painted coloured lines from the main entrance.",
        answered_on=timezone.localdate(),
        submitted_on=timezone.localdate(),
    )


def _compose(network: Network) -> Update:
    return updates.update_compose(
        actor=network.team_user,
        system=network.system,
        subject="Winter update",
        intro="Hello everyone.\n\nA busy quarter <b>indeed</b>.",
        since=timezone.localdate() - datetime.timedelta(days=30),
    )


def _compose_page_data(since: datetime.date, **changes: Any) -> dict[str, Any]:
    return {
        "subject": "Winter update",
        "intro": "Hello everyone.",
        "since-day": since.day,
        "since-month": since.month,
        "since-year": since.year,
        **changes,
    }


def test_the_team_composes_from_stories_answers_and_events_and_previews_it(
    network: Network, team_client: Client
) -> None:
    _story(network)
    _answer(network)
    _answer(network, source=Source.STAFF)  # written for colleagues: never in a public update
    an_event(network)
    base = f"/network/{network.system.slug}/team/updates/"
    since = timezone.localdate() - datetime.timedelta(days=30)
    response = post(team_client, base + "new/", _compose_page_data(since))
    assert response.status_code == 302
    update = Update.objects.get()
    assert response["Location"] == f"{base}{update.pk}/"
    assert update.status == UpdateStatus.DRAFT
    assert [i["title"] for i in update.content["stories"]] == ["Falls halved on Ward 9"]
    assert [i["title"] for i in update.content["answers"]] == ["Clearer signs to outpatients"]
    assert [i["title"] for i in update.content["events"]] == ["Measurement for improvement"]
    page = team_client.get(response["Location"]).content.decode()
    assert "Preview: Winter update" in page
    assert "Falls halved on Ward 9" in page and "Clearer signs to outpatients" in page
    assert "The plain-text version" in page and "* Falls halved on Ward 9 (Alpha Hospitals NHS Trust)" in page
    assert "Staff rota app" not in page
    assert not mail.outbox


def _resource(network: Network, title: str, *, visibility: str = "public", **changes: Any) -> Resource:
    return resources.resource_create(
        actor=network.team_user,
        system=network.system,
        title=title,
        summary=f"About {title.lower()}.",
        kind="guide",
        methods=["spc"],
        audiences=["everyone"],
        level="introductory",
        visibility=visibility,
        link="https://example.org/guide",
        **changes,
    )


def test_the_update_brings_new_resources_and_the_networks_own_answered_system_ideas(network: Network) -> None:
    guide = _resource(network, "Run chart guide")
    _resource(network, "Members' SPC workbook", visibility="members")
    _resource(network, "Recording of the huddle", visibility="booked", event=an_event(network))
    old = _resource(network, "An old guide")
    Resource.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=100))
    idea, _code = system_ideas.system_idea_submit(
        system=network.system,
        title="One discharge letter for every trust",
        problem="Three formats.",
        suggestion="",
        services="",
        organisation_ids=[],
        anonymous=True,
    )
    system_ideas.system_idea_status_change(actor=network.team_user, idea=idea, status="accepted")
    system_ideas.system_idea_status_change(
        actor=network.team_user, idea=idea, status="implemented", public_answer="One template from April."
    )
    unanswered, _code = system_ideas.system_idea_submit(
        system=network.system,
        title="Shared parking permits",
        problem="Parking.",
        suggestion="",
        services="",
        organisation_ids=[],
        anonymous=True,
    )

    update = _compose(network)
    listed = {item["title"]: item for item in update.content["resources"]}
    # Bookers-only recordings stay on their event's page; an old resource is not news.
    assert set(listed) == {"Run chart guide", "Members' SPC workbook"}
    assert listed["Members' SPC workbook"]["where"] == "For members of the network"
    assert listed["Run chart guide"]["url"].endswith(f"/network/{network.system.slug}/resources/{guide.pk}/")
    [answer] = update.content["answers"]
    assert answer["title"] == "One discharge letter for every trust" and answer["text"] == "One template from April."
    assert answer["url"].endswith(f"/network/{network.system.slug}/system-ideas/you-said-we-did/")
    assert unanswered.title not in str(update.content)
    text = updates.email_text(update, unsubscribe="https://example.test/u")
    assert "New in the resources library" in text and "* Run chart guide" in text


def test_a_story_older_than_the_date_is_left_out(network: Network) -> None:
    story = _story(network)
    story.published_at = timezone.now() - datetime.timedelta(days=100)
    story.save()
    assert _compose(network).content["stories"] == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"subject": ""}, "Enter a subject"),
        ({"intro": "Call about 943 476 5919"}, "Remove the NHS number"),
        ({"since-year": str(timezone.localdate().year + 1)}, "The date must be today or in the past"),
        ({"since-day": "31", "since-month": "2"}, "must be a real date"),
    ],
)
def test_bad_input_answers_clearly_and_saves_nothing(
    network: Network, team_client: Client, changes: dict[str, str], message: str
) -> None:
    since = timezone.localdate() - datetime.timedelta(days=30)
    response = post(
        team_client, f"/network/{network.system.slug}/team/updates/new/", _compose_page_data(since, **changes)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not Update.objects.exists()


def test_sending_reaches_each_consenting_member_once_with_the_one_click_headers(
    network: Network, team_client: Client
) -> None:
    wants = _member(network, "ann@example.org")
    _member(network, "ben@example.org", contact=Contact.EVENTS)
    _member(network, "cat@example.org", contact=Contact.NOTHING)
    _member(network, "dev@example.org", verified=False)
    withdrawn = _member(network, "eve@example.org")
    withdrawn.consent_withdrawn_at = timezone.now()
    withdrawn.save()
    update = _compose(network)
    url = f"/network/{network.system.slug}/team/updates/{update.pk}/send/"
    assert "Send ‘Winter update’?" in team_client.get(url).content.decode()
    response = team_client.post(url)  # queued on commit; the test task backend runs it at once
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "Winter update"
    assert "A busy quarter <b>indeed</b>." in message.body  # plain text: as written
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "A busy quarter &lt;b&gt;indeed&lt;/b&gt;." in html  # escaped
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link.startswith("http") and "/updates/unsubscribe/" in link
    assert link in message.body and link in html  # the visible link too
    update.refresh_from_db()
    assert update.status == UpdateStatus.SENT
    assert UpdateRecipient.objects.get().member == wants
    # pressing send again, or the queue task running again, sends nothing more
    assert team_client.get(url)["Location"] == f"/network/{network.system.slug}/team/updates/{update.pk}/"
    assert "already been sent" in team_client.post(url).content.decode()
    preview = team_client.get(f"/network/{network.system.slug}/team/updates/{update.pk}/").content.decode()
    assert re.search(r"Delivered</dt>\s*<dd[^>]*>1<", preview)
    update_sending.update_queue.call(update.pk)
    recipient = UpdateRecipient.objects.get()
    update_sending.update_send_batch.call(update.pk, [recipient.pk])
    assert len(mail.outbox) == 1
    assert UpdateRecipient.objects.filter(status=RecipientStatus.SENT).count() == 1


def test_sending_goes_in_batches(network: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(5):
        _member(network, f"m{n}@example.org")
    batches: list[list[int]] = []
    real = update_sending.update_send_batch

    class Recording:
        def enqueue(self, update_id: int, ids: list[int]) -> None:
            batches.append(ids)
            real.call(update_id, ids)

    monkeypatch.setattr(update_sending, "BATCH", 2)
    monkeypatch.setattr(update_sending, "update_send_batch", Recording())
    updates.update_send(actor=network.team_user, update=_compose(network))  # queues on commit
    assert [len(b) for b in batches] == [2, 2, 1]
    assert sorted(m.to[0] for m in mail.outbox) == [f"m{n}@example.org" for n in range(5)]


def test_a_failed_send_is_retried_then_given_up(network: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    _member(network, "flaky@example.org")
    _member(network, "dead@example.org")
    tries: dict[str, int] = {}
    original = update_sending.EmailMultiAlternatives.send

    def send(self: Any, fail_silently: bool = False) -> int:
        to = self.to[0]
        tries[to] = tries.get(to, 0) + 1
        if to == "dead@example.org" or tries[to] == 1:
            raise OSError("SMTP down")
        return original(self, fail_silently)

    monkeypatch.setattr(update_sending.EmailMultiAlternatives, "send", send)
    update = updates.update_send(actor=network.team_user, update=_compose(network))  # queues on commit
    assert tries == {"flaky@example.org": 2, "dead@example.org": update_sending.MAX_ATTEMPTS}
    assert [m.to for m in mail.outbox] == [["flaky@example.org"]]
    dead = UpdateRecipient.objects.get(email="dead@example.org")
    assert (dead.status, dead.attempts, dead.error) == (RecipientStatus.FAILED, 3, "OSError")
    update.refresh_from_db()
    assert update.status == UpdateStatus.SENT


@pytest.mark.parametrize("change", ["unsubscribe", "events_only"])
def test_someone_who_opts_out_after_queueing_gets_nothing(network: Network, change: str) -> None:
    member = _member(network, "ann@example.org")
    update = _compose(network)
    Update.objects.filter(pk=update.pk).update(status=UpdateStatus.SENDING)  # queued, not yet sent
    UpdateRecipient.objects.create(update=update, member=member, email=member.email)
    if change == "unsubscribe":
        updates.unsubscribe(member=member)
    else:
        Member.objects.filter(pk=member.pk).update(contact=Contact.EVENTS)
    recipient = UpdateRecipient.objects.get()
    update_sending.update_send_batch.call(update.pk, [recipient.pk])
    assert not mail.outbox
    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.FAILED


def _unsubscribe_link(network: Network, member: Member) -> str:
    return re.sub(r"^https?://[^/]+", "", updates.unsubscribe_url(member))


def test_one_click_unsubscribe_by_post_without_sign_in_records_the_withdrawal(network: Network) -> None:
    member = _member(network, "ann@example.org")
    link = _unsubscribe_link(network, member)
    client = Client(enforce_csrf_checks=True)
    page = client.get(link).content.decode()
    assert "Unsubscribe from network emails?" in page
    member.refresh_from_db()
    assert member.consent_withdrawn_at is None  # opening the link changes nothing
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    member.refresh_from_db()
    assert member.consent_withdrawn_at is not None and member.contact == Contact.NOTHING
    assert AuditEvent.objects.filter(action="network.update_unsubscribe").count() == 1
    first = member.consent_withdrawn_at
    assert client.post(link).status_code == 200  # twice is fine; the first date stands
    member.refresh_from_db()
    assert member.consent_withdrawn_at == first
    assert "already unsubscribed" in client.get(link).content.decode()


def test_a_forged_or_stale_unsubscribe_link_changes_nothing(network: Network) -> None:
    member = _member(network, "ann@example.org")
    link = _unsubscribe_link(network, member)
    assert Client().post(link[:-3] + "xyz/").status_code == 404
    member.email = "ann.new@example.org"  # the address changed: the old link proves nothing
    member.save()
    assert Client().post(link).status_code == 404
    member.refresh_from_db()
    assert member.consent_withdrawn_at is None


def test_past_updates_are_public_and_drafts_are_not(network: Network) -> None:
    draft = _compose(network)
    sent = updates.update_send(actor=network.team_user, update=_compose(network))
    base = f"/network/{network.system.slug}/updates/"
    page = Client().get(base).content.decode()
    assert f"{base}{sent.pk}/" in page and f"{base}{draft.pk}/" not in page
    assert "A busy quarter" in Client().get(f"{base}{sent.pk}/").content.decode()
    assert Client().get(f"{base}{draft.pk}/").status_code == 404


def test_leaving_the_network_removes_the_record_of_updates_sent(network: Network) -> None:
    from openqi.network.services import member_erase

    member = _member(network, "ann@example.org")
    updates.update_send(actor=network.team_user, update=_compose(network))  # queues and sends on commit
    assert UpdateRecipient.objects.filter(email="ann@example.org").exists()
    member_erase(member=member)
    assert not UpdateRecipient.objects.filter(email="ann@example.org").exists()


TEAM_PAGES = ["team/updates/", "team/updates/new/", "team/updates/{update}/", "team/updates/{update}/send/"]


@pytest.mark.parametrize("page", TEAM_PAGES)
@pytest.mark.parametrize("who", ["member", "lead", "admin", "outsider"])
def test_update_team_pages_are_404_for_everyone_but_the_ics_cqi_team(network: Network, page: str, who: str) -> None:
    update = _compose(network)
    user = getattr(network.personas, who).user
    if who != "admin":
        give_totp(user)
    url = f"/network/{network.system.slug}/" + page.format(update=update.pk)
    assert client_for(user).get(url).status_code == 404
    assert client_for(user).post(url).status_code == 404
    update.refresh_from_db()
    assert update.status == UpdateStatus.DRAFT


@pytest.mark.parametrize("page", TEAM_PAGES)
def test_update_team_pages_send_the_signed_out_to_sign_in(network: Network, page: str) -> None:
    url = f"/network/{network.system.slug}/" + page.format(update=_compose(network).pk)
    response = Client().get(url)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("page", TEAM_PAGES)
def test_update_team_pages_open_for_the_team(network: Network, team_client: Client, page: str) -> None:
    url = f"/network/{network.system.slug}/" + page.format(update=_compose(network).pk)
    assert team_client.get(url).status_code == 200


def test_the_update_announces_the_award_winners_decided_since_the_date_with_a_public_link(network: Network) -> None:
    personas = network.personas
    winner = MembershipFactory(
        organisation=personas.org_a, role=Role.STAFF, user=UserFactory(full_name="Chris Colleague")
    ).user
    category = NominationCategory.objects.filter(organisation=personas.org_a).order_by("pk").first() or (
        NominationCategory.objects.create(organisation=personas.org_a, name="Star of the month")
    )
    nomination = recognition.nomination_submit(
        actor=personas.member.user,
        organisation=personas.org_a,
        category=category,
        nominee=winner,
        reason="Taught the new starters the huddle board.",
    )
    recognition.nomination_shortlist(actor=personas.lead.user, nomination=nomination)
    recognition.nomination_decide(
        actor=personas.lead.user, nomination=nomination, citation="For teaching new starters."
    )
    shortlisted_only = recognition.nomination_submit(
        actor=personas.member.user,
        organisation=personas.org_a,
        category=category,
        nominee=personas.lead.user,
        reason="x",
    )
    update = _compose(network)
    [item] = update.content["winners"]
    assert item["title"].endswith(": Chris Colleague") and category.name in item["title"]
    assert item["text"] == "For teaching new starters." and item["where"] == "Alpha Hospitals NHS Trust"
    # The link is the organisation's public page, never a staff-only one.
    assert item["url"].endswith(f"/p/{personas.org_a.slug}/you-said-we-did/")
    assert shortlisted_only.nominee_label not in str(update.content)
    assert ("Award winners", update.content["winners"]) in updates.sections(update)
    assert "Award winners" in updates.email_text(update, unsubscribe="https://example.test/u")
    # A winner decided before the update's start date is left out.
    Nomination.objects.filter(pk=nomination.pk).update(decided_at=timezone.now() - datetime.timedelta(days=90))
    assert _compose(network).content["winners"] == []
