"""Similar ideas from the other organisations of the ICS: only ideas taken forward, done or
answered; title, organisation and status only; a link only where the viewer works."""

from typing import Any

import pytest
from django.test import Client

from openqi.factories import MembershipFactory, OrganisationFactory
from openqi.ideas import selectors, services
from openqi.ideas.models import Status
from openqi.ideas.tests.helpers import share
from openqi.organisations.models import Role

pytestmark = pytest.mark.django_db

TEXT = "Put a clock in every side room so patients know the time"


def _beta_idea(personas: Any, *, status: str = Status.ACCEPTED, identity: str = "named", title: str = "") -> Any:
    beta_member = MembershipFactory(organisation=personas.org_b, role=Role.STAFF)
    idea, _ = share(beta_member, identity=identity, title=title or "Clocks for every side room")
    if status != Status.SUBMITTED:
        extra = {"accepted_as": "will_do"} if status == Status.ACCEPTED else {"message": "No room on the walls"}
        services.idea_change_status(actor=personas.outsider.user, idea=idea, status=status, **extra)
    return idea


def _shared(personas: Any, viewer: Any) -> list[Any]:
    return selectors.idea_similar_across_system(organisation=personas.org_a, viewer=viewer, text=TEXT)


def test_an_accepted_idea_elsewhere_in_the_ics_is_shown_with_its_organisation_and_status(personas: Any) -> None:
    _beta_idea(personas)
    (shared,) = _shared(personas, personas.member.user)
    assert shared.title == "Clocks for every side room"
    assert shared.organisation == "Beta Community NHS Trust"
    assert shared.status == "Accepted: we will do it"
    assert shared.url == ""  # the member does not work at Beta


def test_ideas_still_in_triage_unmoderated_or_from_another_ics_are_not_shared(personas: Any) -> None:
    _beta_idea(personas, status=Status.SUBMITTED)
    services.idea_public_submit(
        organisation=personas.org_b, title="Clocks in side rooms", problem="No clocks", suggestion="Add clocks"
    )
    elsewhere = OrganisationFactory()  # another system
    stranger = MembershipFactory(organisation=elsewhere, role=Role.LEAD)
    far_idea, _ = share(stranger, title="Clocks in side rooms")
    services.idea_change_status(actor=stranger.user, idea=far_idea, status=Status.ACCEPTED, accepted_as="will_do")
    assert _shared(personas, personas.member.user) == []


def test_the_viewer_s_own_organisation_is_not_repeated_in_the_ics_list(personas: Any) -> None:
    own, _ = share(personas.member, title="Clocks for every side room")
    services.idea_change_status(actor=personas.lead.user, idea=own, status=Status.ACCEPTED, accepted_as="will_do")
    assert _shared(personas, personas.member.user) == []


def test_a_link_is_given_only_where_the_viewer_is_a_member(personas: Any) -> None:
    idea = _beta_idea(personas)
    MembershipFactory(organisation=personas.org_b, user=personas.member.user, role=Role.STAFF)
    (shared,) = _shared(personas, personas.member.user)
    assert shared.url == f"/o/beta/ideas/{idea.pk}/"


def test_an_idea_that_goes_back_into_review_stops_being_shared_at_once(personas: Any) -> None:
    idea = _beta_idea(personas)
    assert _shared(personas, personas.member.user)
    services.idea_change_status(actor=personas.outsider.user, idea=idea, status=Status.UNDER_REVIEW)
    assert _shared(personas, personas.member.user) == []


def test_the_idea_page_shows_ics_ideas_without_identity(personas: Any, member_client: Client) -> None:
    beta_idea = _beta_idea(personas, identity="named")
    own, _ = share(personas.member, title="Clocks in side rooms", problem=TEXT)
    page = member_client.get(f"/o/alpha/ideas/{own.pk}/").content.decode()
    assert "Across the ICS" in page
    assert "Clocks for every side room" in page
    assert "Beta Community NHS Trust: Accepted: we will do it" in page
    assert beta_idea.submitted_by.full_name not in page
    assert beta_idea.submitted_by.email not in page
    assert f"/o/beta/ideas/{beta_idea.pk}/" not in page


def test_the_check_while_typing_includes_the_ics(personas: Any, member_client: Client) -> None:
    _beta_idea(personas)
    response = member_client.post(
        "/o/alpha/ideas/new/",
        {"action": "check", "title": "Clocks in side rooms", "problem": TEXT, "suggestion": ""},
        headers={"X-Requested-With": "fetch"},
    )
    page = response.content.decode()
    assert "Across the ICS" in page
    assert "Beta Community NHS Trust" in page
