"""Mentioning colleagues in a comment: matched among the idea's organisation, told in the app and
by email, shown with the comment; never a way to reach or reveal an anonymous author."""

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.factories import MembershipFactory, UserFactory
from openqi.ideas import services
from openqi.ideas.models import IdeaComment, IdeaMention
from openqi.ideas.tests.helpers import share
from openqi.notifications.models import Notification
from openqi.organisations.models import Role

pytestmark = pytest.mark.django_db


def _colleague(personas: Any, name: str, email: str, **kwargs: Any) -> Any:
    return MembershipFactory(
        organisation=kwargs.pop("organisation", personas.org_a),
        user=UserFactory(full_name=name, email=email),
        **kwargs,
    ).user


def test_a_mention_by_name_or_email_tells_the_colleague_and_is_kept_with_the_comment(personas: Any) -> None:
    idea, _ = share(personas.member)
    sam = _colleague(personas, "Sam Jones", "sam.jones@alpha.nhs.uk")
    alex = _colleague(personas, "Alex Kay", "alex.kay@alpha.nhs.uk")
    mail.outbox.clear()
    comment = services.idea_comment_add(
        author=personas.lead.user,
        idea=idea,
        body="Could you look at this?",
        mentions="sam jones, @ALEX.KAY@alpha.nhs.uk",
    )
    assert {m.user for m in comment.mentions.all()} == {sam, alex}
    told = Notification.objects.filter(title__contains="mentioned you")
    assert {n.user for n in told} == {sam, alex}
    assert all(n.url == f"/o/alpha/ideas/{idea.pk}/#comment-{comment.pk}" for n in told)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([sam.email, alex.email])
    event = AuditEvent.objects.get(action="idea.comment")
    assert event.detail == {"mentioned": sorted([sam.pk, alex.pk])}


def test_an_unknown_or_ambiguous_name_is_refused_with_a_clear_message_and_nothing_is_saved(personas: Any) -> None:
    idea, _ = share(personas.member)
    _colleague(personas, "Sam Jones", "sam.jones@alpha.nhs.uk")
    _colleague(personas, "Sam Jones", "sam.jones2@alpha.nhs.uk")
    with pytest.raises(ValidationError) as error:
        services.idea_comment_add(author=personas.lead.user, idea=idea, body="See", mentions="Sam Jones, Pat Nobody")
    messages = error.value.message_dict["mentions"]
    assert "More than one person is called ‘Sam Jones’: use their email address instead" in messages
    assert any(m.startswith("No one called ‘Pat Nobody’ works in Alpha Hospitals NHS Trust") for m in messages)
    assert not IdeaComment.objects.exists()
    assert not Notification.objects.filter(title__contains="mentioned").exists()


def test_only_members_of_the_ideas_organisation_can_be_mentioned(personas: Any) -> None:
    idea, _ = share(personas.member)
    _colleague(personas, "Beth Outside", "beth@beta.nhs.uk", organisation=personas.org_b)
    _colleague(personas, "Pat Partner", "pat@alpha.example", role=Role.PARTNER)
    for name in ("Beth Outside", "beth@beta.nhs.uk", "Pat Partner"):
        with pytest.raises(ValidationError):
            services.idea_comment_add(author=personas.lead.user, idea=idea, body="See", mentions=name)
    assert not IdeaMention.objects.exists()


def test_mentioning_yourself_tells_nobody_and_too_many_names_are_refused(personas: Any) -> None:
    idea, _ = share(personas.member)
    comment = services.idea_comment_add(
        author=personas.lead.user, idea=idea, body="Note to self", mentions=personas.lead.user.email
    )
    assert not comment.mentions.exists()
    assert not Notification.objects.filter(title__contains="mentioned").exists()
    names = ", ".join(f"person{i}@alpha.nhs.uk" for i in range(11))
    with pytest.raises(ValidationError) as error:
        services.idea_comment_add(author=personas.lead.user, idea=idea, body="All", mentions=names)
    assert error.value.message_dict["mentions"] == ["Mention 10 colleagues or fewer"]


def test_the_page_shows_the_mention_and_explains_errors(personas: Any, lead_client: Client) -> None:
    idea, _ = share(personas.member)
    _colleague(personas, "Sam Jones", "sam.jones@alpha.nhs.uk")
    url = f"/o/alpha/ideas/{idea.pk}/comment/"
    response = lead_client.post(url, {"body": "Over to you", "mentions": "Sam Jonse"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "No one called ‘Sam Jonse’ works in Alpha Hospitals NHS Trust" in page
    assert 'href="#id_mentions"' in page
    response = lead_client.post(url, {"body": "Over to you", "mentions": "Sam Jones"})
    assert response.status_code == 302
    page = lead_client.get(f"/o/alpha/ideas/{idea.pk}/").content.decode()
    assert "Mentioned: @Sam Jones" in page
    assert "Mention colleagues (optional)" in page


def test_a_mention_on_an_anonymous_idea_never_reveals_or_reaches_its_author(personas: Any) -> None:
    idea, _ = share(personas.member, identity="anonymous")
    sam = _colleague(personas, "Sam Jones", "sam.jones@alpha.nhs.uk")
    mail.outbox.clear()
    services.idea_comment_add(author=personas.lead.user, idea=idea, body="Can you help?", mentions="Sam Jones")
    (notification,) = Notification.objects.filter(user=sam)
    (email,) = mail.outbox
    author = personas.member.user
    for text in (notification.title, notification.body, notification.url, email.subject, email.body):
        assert author.email not in text
        assert author.full_name not in text
    assert not Notification.objects.filter(user=author).exists()
    # The anonymous author's only voice is the reply through the code, which has no mention field.
    services.idea_follow_up_reply(idea=idea, message="@Sam Jones it is ward 1")
    assert Notification.objects.count() == 1
    assert not IdeaMention.objects.filter(user=author).exists()
