"""Writes for ideas: sharing, the triage workflow, support, follow, comments and answers."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openqi.audit.models import AuditEvent
from openqi.factories import MembershipFactory, TeamFactory
from openqi.ideas import selectors, services
from openqi.ideas.models import EventKind, Idea, IdeaFollow, IdeaSupport, Status
from openqi.ideas.tests.helpers import share
from openqi.notifications.models import Notification
from openqi.organisations.models import Role

pytestmark = pytest.mark.django_db


def test_a_named_idea_is_saved_with_its_author_and_audited(personas: Any) -> None:
    idea, code = share(personas.member, domains=["safe", "timely"])
    assert code == ""
    assert idea.submitted_by == personas.member.user
    assert idea.submitted_at is not None
    assert idea.domain_list == ["safe", "timely"]
    assert idea.status == Status.SUBMITTED
    assert idea.events.get().kind == EventKind.SUBMITTED
    assert IdeaFollow.objects.filter(idea=idea, user=personas.member.user).exists()
    event = AuditEvent.objects.get(action="idea.submit")
    assert event.actor == personas.member.user


def test_text_with_an_nhs_number_is_refused_and_nothing_is_saved(personas: Any) -> None:
    with pytest.raises(ValidationError) as error:
        share(personas.member, problem="Patient 943 476 5919 waited all night")
    assert "problem" in error.value.error_dict
    assert not Idea.objects.exists()


def test_a_team_from_another_organisation_is_refused(personas: Any) -> None:
    with pytest.raises(ValidationError):
        share(personas.member, team=TeamFactory(organisation=personas.org_b))


def test_the_workflow_moves_only_to_the_next_allowed_status(personas: Any) -> None:
    idea, _ = share(personas.member)
    with pytest.raises(ValidationError):
        services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.IMPLEMENTED)
    services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.UNDER_REVIEW)
    services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.ACCEPTED, accepted_as="being_tested")
    services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.IMPLEMENTED, message="Clocks fitted")
    idea.refresh_from_db()
    assert idea.status == Status.IMPLEMENTED
    assert [e.status for e in idea.events.filter(kind=EventKind.STATUS)] == [
        "under_review",
        "accepted",
        "implemented",
    ]
    assert AuditEvent.objects.filter(action="idea.status_change").count() == 3


def test_not_taking_an_idea_forward_needs_a_reason(personas: Any) -> None:
    idea, _ = share(personas.member)
    with pytest.raises(ValidationError) as error:
        services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.NOT_TAKEN_FORWARD)
    assert "message" in error.value.error_dict
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED


def test_accepting_an_idea_needs_to_say_how(personas: Any) -> None:
    idea, _ = share(personas.member)
    with pytest.raises(ValidationError) as error:
        services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.ACCEPTED)
    assert "accepted_as" in error.value.error_dict


def test_marking_a_duplicate_links_the_original_and_merges_supporters_and_followers(personas: Any) -> None:
    original, _ = share(personas.member, title="Clocks in side rooms")
    duplicate, _ = share(personas.lead, title="A clock for each side room")
    supporter = MembershipFactory(organisation=personas.org_a)
    services.idea_support_toggle(user=supporter.user, idea=duplicate)
    services.idea_change_status(
        actor=personas.lead.user, idea=duplicate, status=Status.DUPLICATE, duplicate_of=original
    )
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original
    assert IdeaSupport.objects.filter(idea=original, user=supporter.user).exists()
    assert IdeaFollow.objects.filter(idea=original, user=personas.lead.user).exists()


def test_an_idea_cannot_be_a_duplicate_of_itself_or_of_another_organisations_idea(personas: Any) -> None:
    idea, _ = share(personas.member)
    elsewhere, _ = share(personas.outsider)
    for target in (idea, elsewhere):
        with pytest.raises(ValidationError):
            services.idea_change_status(
                actor=personas.lead.user, idea=idea, status=Status.DUPLICATE, duplicate_of=target
            )


def test_a_status_change_notifies_the_submitter_supporters_and_followers_but_not_the_actor(personas: Any) -> None:
    idea, _ = share(personas.member)
    supporter = MembershipFactory(organisation=personas.org_a)
    follower = MembershipFactory(organisation=personas.org_a)
    services.idea_support_toggle(user=supporter.user, idea=idea)
    services.idea_follow_toggle(user=follower.user, idea=idea)
    services.idea_follow_toggle(user=personas.lead.user, idea=idea)
    services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.UNDER_REVIEW, message="Looking")
    notified = set(Notification.objects.values_list("user_id", flat=True))
    assert notified == {personas.member.user.pk, supporter.user.pk, follower.user.pk}
    # The notice names the idea and its new status, then the team's message (issue 21, defect 5).
    bodies = set(Notification.objects.values_list("body", flat=True))
    assert bodies == {f"Idea: {idea.title}\nNew status: Under review\n\nMessage from the team:\nLooking"}
    assert Notification.objects.count() == 3


def test_support_toggles_and_the_submitter_cannot_support_their_own_idea(personas: Any) -> None:
    idea, _ = share(personas.member)
    assert services.idea_support_toggle(user=personas.lead.user, idea=idea) is True
    assert services.idea_support_toggle(user=personas.lead.user, idea=idea) is False
    with pytest.raises(PermissionDenied):
        services.idea_support_toggle(user=personas.member.user, idea=idea)


def test_assigning_sets_owner_team_and_due_date_and_tells_the_owner(personas: Any) -> None:
    import datetime

    idea, _ = share(personas.member)
    coach = MembershipFactory(organisation=personas.org_a, role=Role.QI_COACH)
    team = TeamFactory(organisation=personas.org_a)
    due = idea.submitted_on + datetime.timedelta(days=14)
    services.idea_assign(actor=personas.lead.user, idea=idea, owner=coach.user, team=team, response_due=due)
    idea.refresh_from_db()
    assert (idea.owner, idea.team, idea.response_due) == (coach.user, team, due)
    assert Notification.objects.filter(user=coach.user).exists()


def test_an_owner_outside_the_organisation_is_refused(personas: Any) -> None:
    idea, _ = share(personas.member)
    with pytest.raises(ValidationError):
        services.idea_assign(
            actor=personas.lead.user, idea=idea, owner=personas.outsider.user, team=None, response_due=None
        )


def test_the_public_answer_is_written_only_once_the_loop_can_close(personas: Any) -> None:
    idea, _ = share(personas.member)
    with pytest.raises(ValidationError):
        services.idea_answer(actor=personas.lead.user, idea=idea, answer="Done")
    services.idea_change_status(actor=personas.lead.user, idea=idea, status=Status.NOT_TAKEN_FORWARD, message="Cost")
    services.idea_answer(actor=personas.lead.user, idea=idea, answer="Clocks cost too much; we added time to the board")
    answered = selectors.idea_answered_list(organisation=personas.org_a, domain="patient_centred")
    assert list(answered) == [idea]
    assert list(selectors.idea_answered_list(organisation=personas.org_a, domain="safe")) == []


def test_a_comment_is_saved_with_its_author(personas: Any) -> None:
    idea, _ = share(personas.member)
    comment = services.idea_comment_add(author=personas.lead.user, idea=idea, body="Good idea")
    assert comment.author == personas.lead.user
    with pytest.raises(ValidationError):
        services.idea_comment_add(author=personas.lead.user, idea=idea, body="   ")


def test_similar_ideas_come_from_the_same_organisation_only(personas: Any) -> None:
    mine, _ = share(personas.member, title="Clocks in side rooms")
    share(personas.outsider, title="Clocks in side rooms")
    share(personas.member, title="Faster discharge letters", problem="Letters are late", suggestion="Templates")
    similar = selectors.idea_similar(organisation=personas.org_a, text="a clock in each side room")
    assert [idea for idea, _ in similar] == [mine]
