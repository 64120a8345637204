"""An anonymous idea cannot be traced to the person who shared it: not through any column, page,
audit entry, notification or session."""

import datetime
import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.utils import timezone

from openqi.anonymity import UNORDERED_ID_CEILING, UNORDERED_ID_FLOOR
from openqi.audit.models import AuditEvent
from openqi.ideas import services
from openqi.ideas.models import Idea, IdeaEvent, IdeaFollow, IdeaSupport, Status
from openqi.ideas.tests.helpers import share
from openqi.notifications.models import Notification

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Quieter night-time observations",
    "problem": "Patients are woken for every observation round.",
    "suggestion": "Group the night observations together.",
    "domains": ["patient_centred"],
    "identity": "anonymous",
    "action": "share",
}


def _traces(user: Any) -> list[str]:
    return [str(user.pk), user.email, user.full_name, user.display_name]


def _share_anonymously(member_client: Client, personas: Any) -> tuple[Idea, str, Any]:
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = member_client.post(f"/o/{personas.org_a.slug}/ideas/new/", FORM)
    assert response.status_code == 200
    code = re.search(r'id="follow-up-code">([A-Z0-9-]+)<', response.content.decode())
    assert code is not None
    new_audit = AuditEvent.objects.exclude(pk__in=before)
    return Idea.objects.get(), code.group(1), new_audit


def test_no_column_of_an_anonymous_idea_links_it_to_its_author(member_client: Client, personas: Any) -> None:
    idea, _, _ = _share_anonymously(member_client, personas)
    user = personas.member.user
    for field in Idea._meta.concrete_fields:
        value = getattr(idea, field.attname)
        if isinstance(field, models.ForeignKey) and field.related_model is type(user):
            assert value is None, field.name
        if isinstance(field, models.DateTimeField):
            assert value is None, f"{field.name} keeps a time of day"
        if isinstance(value, str) and value and field.name not in ("title", "problem", "suggestion"):
            assert all(trace not in value for trace in _traces(user)[1:]), field.name
    assert isinstance(idea.submitted_on, datetime.date)
    assert len(idea.follow_up_hash) == 64


def test_the_history_of_an_anonymous_idea_has_no_actor_and_no_time(member_client: Client, personas: Any) -> None:
    idea, _, _ = _share_anonymously(member_client, personas)
    (event,) = IdeaEvent.objects.filter(idea=idea)
    assert event.actor_id is None
    assert event.created_at is None


def test_sharing_an_anonymous_idea_writes_no_audit_entry_that_could_be_placed_among_the_authors_own(
    member_client: Client, personas: Any
) -> None:
    """Issue 11, defect 7: the entry was numbered straight after the author's own sign-in."""
    _, _, audit = _share_anonymously(member_client, personas)
    assert list(audit) == []


def test_an_anonymous_ideas_number_and_its_events_are_drawn_at_random_not_from_a_sequence(personas: Any) -> None:
    """Issue 11, defect 7: the number sat between named ideas with exact times."""
    before, _ = share(personas.member, title="Named before")
    anonymous, _ = share(personas.member, identity="anonymous", title="Anonymous")
    public, _ = services.idea_public_submit(
        organisation=personas.org_a, title="From the public", problem="Long wait.", suggestion="A rota."
    )
    after, _ = share(personas.member, title="Named after")
    for idea in (before, anonymous, public, after):
        assert UNORDERED_ID_FLOOR <= idea.pk <= UNORDERED_ID_CEILING  # fits projects' 32-bit links
        (event,) = IdeaEvent.objects.filter(idea=idea)
        assert event.pk > UNORDERED_ID_FLOOR
    reply = services.idea_follow_up_reply(idea=anonymous, message="Thank you")
    assert reply.pk > UNORDERED_ID_FLOOR


def test_a_random_number_already_taken_is_drawn_again(personas: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = share(personas.member, identity="anonymous")
    draws = iter([first.pk, UNORDERED_ID_FLOOR + 7, UNORDERED_ID_FLOOR + 8])
    monkeypatch.setattr("openqi.ideas.models.unordered_id", lambda: next(draws))
    second, _ = share(personas.member, identity="anonymous", title="Another")
    assert second.pk == UNORDERED_ID_FLOOR + 7  # the taken number was drawn again
    assert IdeaEvent.objects.get(idea=second).pk == UNORDERED_ID_FLOOR + 8


def test_a_reply_and_a_public_idea_write_no_audit_entry_at_the_time(personas: Any) -> None:
    idea, _ = share(personas.member, identity="anonymous")
    before = AuditEvent.objects.count()
    services.idea_follow_up_reply(idea=idea, message="More detail")
    services.idea_public_submit(organisation=personas.org_a, title="Parking", problem="Full.", suggestion="More.")
    assert AuditEvent.objects.count() == before


def test_a_finished_days_anonymous_actions_are_audited_as_counts_at_midnight(
    personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    idea, _ = share(personas.member, identity="anonymous")
    share(personas.member, identity="anonymous", title="Another")
    services.idea_follow_up_reply(idea=idea, message="More detail")
    services.idea_public_submit(organisation=personas.org_a, title="Parking", problem="Full.", suggestion="More.")
    day = idea.submitted_on
    with pytest.raises(ValueError, match="once their day is over"):
        services.ideas_anonymous_audit(organisation=personas.org_a, day=day)
    monkeypatch.setattr(timezone, "localdate", lambda: day + datetime.timedelta(days=1))
    call_command("ideas_anonymous_audit", days=2, stdout=io.StringIO())
    call_command("ideas_anonymous_audit", days=2, stdout=io.StringIO())  # a second run adds nothing
    entries = {e.action: e for e in AuditEvent.objects.filter(action__in=services.sharing.ANONYMOUS_ACTIONS)}
    assert {action: e.detail["count"] for action, e in entries.items()} == {
        "idea.submit_anonymous": 2,
        "idea.submit_public": 1,
        "idea.reply_anonymous": 1,
    }
    for event in entries.values():
        assert event.actor_id is None
        assert (event.actor_label, event.object_type, event.object_id, event.object_label) == ("", "", "", "")
        assert event.created_at == datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def test_the_author_does_not_follow_or_support_the_idea_and_is_not_notified(
    member_client: Client, personas: Any
) -> None:
    idea, _, _ = _share_anonymously(member_client, personas)
    assert not IdeaFollow.objects.filter(idea=idea).exists()
    assert not IdeaSupport.objects.filter(idea=idea).exists()
    services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.UNDER_REVIEW, message="Looking")
    assert not Notification.objects.filter(user=personas.member.user).exists()


def test_the_session_keeps_nothing_about_the_anonymous_idea(member_client: Client, personas: Any) -> None:
    idea, code, _ = _share_anonymously(member_client, personas)
    session = str(dict(member_client.session))
    assert code not in session
    assert idea.follow_up_hash not in session
    assert "idea" not in session.lower()


def test_nobody_sees_the_name_on_the_pages_not_even_the_qi_team_or_an_admin(
    member_client: Client, lead_client: Client, admin_client_a: Client, personas: Any
) -> None:
    idea, _, _ = _share_anonymously(member_client, personas)
    user = personas.member.user
    for client in (lead_client, admin_client_a, member_client):
        # (the audit log page lists people's own sign-ins; its idea entry is checked in the database above)
        for path in (f"/o/alpha/ideas/{idea.pk}/", "/o/alpha/ideas/"):
            response = client.get(path)
            assert response.status_code == 200
            page = response.content.decode()
            assert user.email not in page
            # the member's own name is in their own header, so check it on other people's pages
            if client is not member_client:
                assert user.full_name not in page
    page = lead_client.get(f"/o/alpha/ideas/{idea.pk}/").content.decode()
    assert "Anonymous" in page


def test_named_to_the_qi_team_only_hides_the_name_from_other_staff(
    member_client: Client, lead_client: Client, personas: Any
) -> None:
    from openqi.conftest import client_for
    from openqi.factories import MembershipFactory

    idea, _ = share(personas.member, identity="qi_team")
    colleague = client_for(MembershipFactory(organisation=personas.org_a).user)
    colleague_page = colleague.get(f"/o/alpha/ideas/{idea.pk}/").content.decode()
    assert "Name shared with the QI team" in colleague_page
    assert personas.member.user.full_name not in colleague_page
    lead_page = lead_client.get(f"/o/alpha/ideas/{idea.pk}/").content.decode()
    assert personas.member.user.full_name in lead_page


def test_no_notification_email_or_mention_leads_back_to_the_anonymous_author(
    member_client: Client, personas: Any
) -> None:
    from django.core import mail

    from openqi.factories import MembershipFactory
    from openqi.ideas.models import IdeaMention

    idea, _, _ = _share_anonymously(member_client, personas)
    user = personas.member.user
    watcher = MembershipFactory(organisation=personas.org_a).user
    services.idea_follow_toggle(user=watcher, idea=idea)
    mail.outbox.clear()
    services.idea_comment_add(author=personas.lead.user, idea=idea, body="Thoughts?", mentions=watcher.email)
    services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.NEEDS_INFO, message="Which ward?")
    assert mail.outbox
    texts = [m.subject + m.body + " ".join(m.to) for m in mail.outbox]
    texts += [n.title + n.body + n.url for n in Notification.objects.all()]
    for text in texts:
        assert all(trace not in text for trace in _traces(user)[1:])
    assert not Notification.objects.filter(user=user).exists()
    assert not IdeaMention.objects.filter(user=user).exists()
