"""Everyone who follows an idea hears about each change, in the app and by email as they choose;
the person who made the change does not, and an anonymous author is told through the code only."""

from typing import Any

import pytest
from django.core import mail

from openqi.factories import MembershipFactory
from openqi.ideas import services
from openqi.ideas.models import Status
from openqi.ideas.tests.helpers import share
from openqi.notifications.models import Notification
from openqi.notifications.tasks import notification_digests_send
from openqi.organisations.models import Role

pytestmark = pytest.mark.django_db


def _audience(personas: Any, *, identity: str = "named") -> tuple[Any, Any, Any]:
    idea, _ = share(personas.member, identity=identity)
    supporter = MembershipFactory(organisation=personas.org_a)
    follower = MembershipFactory(organisation=personas.org_a)
    services.idea_support_toggle(user=supporter.user, idea=idea)
    services.idea_follow_toggle(user=follower.user, idea=idea)
    return idea, supporter, follower


def _told(**filters: Any) -> set[int]:
    return set(Notification.objects.filter(**filters).values_list("user_id", flat=True))


@pytest.mark.parametrize(
    ("status", "extra"),
    [
        (Status.UNDER_REVIEW, {}),
        (Status.NEEDS_INFO, {"message": "Which side rooms?"}),
        (Status.ACCEPTED, {"accepted_as": "will_do"}),
        (Status.NOT_TAKEN_FORWARD, {"message": "No budget this year"}),
    ],
)
def test_every_status_change_reaches_the_submitter_supporters_and_followers(
    personas: Any, status: str, extra: dict[str, str]
) -> None:
    idea, supporter, follower = _audience(personas)
    mail.outbox.clear()
    services.idea_change_status(actor=personas.lead.user, idea=idea, status=status, **extra)
    assert _told() == {personas.member.user.pk, supporter.user.pk, follower.user.pk}
    assert personas.lead.user.pk not in _told()
    assert all(n.important for n in Notification.objects.all())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [personas.member.user.email, supporter.user.email, follower.user.email]
    )
    if extra.get("message"):
        assert all(extra["message"] in m.body for m in mail.outbox)


def test_the_person_who_makes_the_change_is_not_told_even_when_they_follow_it(personas: Any) -> None:
    idea, supporter, _ = _audience(personas)
    services.idea_change_status(actor=supporter.user, idea=idea, status=Status.UNDER_REVIEW)
    assert supporter.user.pk not in _told()
    assert personas.member.user.pk in _told()


def test_email_follows_each_persons_preference(personas: Any) -> None:
    idea, supporter, follower = _audience(personas)
    supporter.user.email_frequency = "daily"
    supporter.user.save()
    follower.user.email_frequency = "never"
    follower.user.save()
    mail.outbox.clear()
    services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.UNDER_REVIEW)
    assert [m.to for m in mail.outbox] == [[personas.member.user.email]]
    assert _told() == {personas.member.user.pk, supporter.user.pk, follower.user.pk}
    mail.outbox.clear()
    notification_digests_send.call()
    assert [m.to for m in mail.outbox] == [[supporter.user.email]]
    assert idea.title[:40] in mail.outbox[0].body


def test_the_answer_reaches_everyone_who_follows_the_idea(personas: Any) -> None:
    idea, supporter, follower = _audience(personas)
    services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.NOT_TAKEN_FORWARD, message="No")
    Notification.objects.all().delete()
    mail.outbox.clear()
    services.idea_answer(actor=personas.lead.user, idea=idea, answer="We could not find the money this year.")
    assert _told() == {personas.member.user.pk, supporter.user.pk, follower.user.pk}
    assert len(mail.outbox) == 3
    assert "You said, we did" in mail.outbox[0].subject


def test_merging_a_duplicate_tells_its_followers_and_points_them_at_the_original(personas: Any) -> None:
    original, _ = share(personas.lead, title="Clocks in side rooms")
    backer = MembershipFactory(organisation=personas.org_a)
    services.idea_support_toggle(user=backer.user, idea=original)
    duplicate, supporter, follower = _audience(personas)
    coach = MembershipFactory(organisation=personas.org_a, role=Role.QI_COACH)
    mail.outbox.clear()
    services.idea_change_status(
        actor=coach.user, idea=duplicate, status=Status.DUPLICATE, message="Same idea", duplicate_of=original
    )
    about_duplicate = Notification.objects.filter(title__contains="is a duplicate")
    assert {n.user_id for n in about_duplicate} == {personas.member.user.pk, supporter.user.pk, follower.user.pk}
    assert all(n.url == f"/o/alpha/ideas/{original.pk}/" for n in about_duplicate)
    assert all(f"idea {original.pk}" in n.body for n in about_duplicate)
    # The original's own audience hears of the merge once; the duplicate's audience is not told twice.
    merged = Notification.objects.filter(title__contains="was merged into")
    assert {n.user_id for n in merged} == {personas.lead.user.pk, backer.user.pk}
    assert len(mail.outbox) == 5


def test_an_anonymous_author_is_told_through_the_code_and_nothing_links_them(personas: Any) -> None:
    idea, supporter, follower = _audience(personas, identity="anonymous")
    mail.outbox.clear()
    services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.NEEDS_INFO, message="Which ward?")
    assert _told() == {supporter.user.pk, follower.user.pk}
    assert personas.member.user.pk not in _told()
    assert personas.member.user.email not in [m.to[0] for m in mail.outbox]
    for message in mail.outbox:
        assert personas.member.user.email not in message.body
        assert personas.member.user.full_name not in message.body
    # The message waits on the follow-up page, read with the code.
    assert idea.events.filter(message="Which ward?").exists()


def test_a_reply_through_the_code_notifies_nobody_so_no_time_of_day_is_kept(personas: Any) -> None:
    idea, _, _ = _audience(personas, identity="anonymous")
    services.idea_assign(actor=personas.lead.user, idea=idea, owner=personas.admin.user, team=None, response_due=None)
    Notification.objects.all().delete()
    services.idea_follow_up_reply(idea=idea, message="Ward 1, thank you")
    assert not Notification.objects.exists()


def test_people_who_left_the_organisation_are_not_told(personas: Any) -> None:
    idea, supporter, _ = _audience(personas)
    supporter.delete()
    services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.UNDER_REVIEW)
    assert supporter.user.pk not in _told()


def test_an_inactive_account_gets_no_email(personas: Any) -> None:
    idea, supporter, _ = _audience(personas)
    supporter.user.is_active = False
    supporter.user.save()
    mail.outbox.clear()
    services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.UNDER_REVIEW)
    assert supporter.user.email not in [m.to[0] for m in mail.outbox]


@pytest.mark.parametrize("site_url", ["http://127.0.0.1:8123", "http://127.0.0.1:8123/"])
def test_the_status_email_greets_the_person_and_says_which_idea_and_what_changed(
    personas: Any, settings: Any, site_url: str
) -> None:
    settings.SITE_URL = site_url
    settings.SITE_NAME = "Alpha OpenQI"
    idea, _ = share(personas.member, identity="named")
    mail.outbox.clear()
    services.idea_change_status(
        actor=personas.lead.user, idea=idea, status=Status.NEEDS_INFO, message="Which side rooms?"
    )
    [email] = mail.outbox
    assert email.to == [personas.member.user.email]
    assert email.subject == f"Alpha OpenQI: Idea “{idea.title[:80]}” is now {idea.status_text.lower()}"
    assert email.body.startswith(f"Hello {personas.member.user.display_name},\n\n")
    assert f"Idea: {idea.title}\nNew status: {idea.status_text}" in email.body
    assert "Message from the team:\nWhich side rooms?" in email.body
    assert f"http://127.0.0.1:8123/o/{personas.org_a.slug}/" in email.body
    assert "8123//" not in email.body and ":8000" not in email.body
