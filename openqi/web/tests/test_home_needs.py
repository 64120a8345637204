"""The signed-in home says what needs each person, by role: ideas waiting for the QI team (QI coach
and up), ideas they own, PDSA cycles due to be studied, measures with a new signal, surveys, today's
check-in and events booked. Every link it offers opens for that person; nothing of another
organisation shows; the number of queries does not grow with the data."""

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openqi.accounts.models import User
from openqi.bookings import owners
from openqi.bookings.models import Booking, BookingStatus, Occasion
from openqi.conftest import client_for, give_totp
from openqi.factories import MembershipFactory, TeamFactory, UserFactory
from openqi.ideas.models import Idea, Identity, Moderation, Source, Status
from openqi.measures.models import Measure, MeasureFollow, Visibility
from openqi.organisations.models import Organisation, Role
from openqi.projects.models import PdsaCycle, PdsaStatus, Project, ProjectMember, ProjectRole
from openqi.vocabulary import MeasureType
from openqi.web.needs import COUNT_CAP

pytestmark = pytest.mark.django_db


def _idea(organisation: Organisation, title: str, **fields: Any) -> Idea:
    fields.setdefault("submitted_on", timezone.localdate() - datetime.timedelta(days=3))
    return Idea.objects.create(
        organisation=organisation,
        title=title,
        problem="The problem",
        suggestion="The suggestion",
        identity=Identity.NAMED,
        **fields,
    )


def _project_with_cycles(organisation: Organisation, user: User, role: str = ProjectRole.MEMBER) -> Project:
    project = Project.objects.create(organisation=organisation, title="Fewer falls", problem="Falls doubled")
    ProjectMember.objects.create(project=project, organisation=organisation, user=user, role=role)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    cycles = [
        (1, PdsaStatus.STUDYING, None, "Study the new handover"),
        (2, PdsaStatus.DOING, yesterday, "Test the bed rails checklist"),
        (3, PdsaStatus.DOING, tomorrow, "Not yet due cycle"),
        (4, PdsaStatus.PLANNED, yesterday, "Planned cycle only"),
        (5, PdsaStatus.ADOPTED, yesterday, "Finished cycle"),
    ]
    for number, status, when, objective in cycles:
        PdsaCycle.objects.create(
            project=project,
            organisation=organisation,
            number=number,
            status=status,
            plan_when=when,
            objective=objective,
            question="Q",
            prediction="P",
        )
    return project


def _measure(organisation: Organisation, name: str, point_type: str, **fields: Any) -> Measure:
    return Measure.objects.create(
        organisation=organisation,
        name=name,
        measure_type=MeasureType.OUTCOME,
        latest_point_type=point_type,
        variation_icon="concern_high" if point_type != "common_cause" else "common_cause",
        latest_period=timezone.localdate() - datetime.timedelta(days=30),
        **fields,
    )


@pytest.fixture
def work(personas: Any) -> dict[str, Any]:
    """Work waiting in organisation A for the member (staff) and the QI team, and some in B."""
    org_a, member = personas.org_a, personas.member.user
    found = {
        "new": _idea(org_a, "Quieter night ward"),
        "unanswered": _idea(org_a, "Water jugs at every bed", status=Status.IMPLEMENTED),
        "answered": _idea(org_a, "Answered idea", status=Status.IMPLEMENTED, public_answer="Done"),
        "owned": _idea(org_a, "Member's own idea", status=Status.UNDER_REVIEW, owner=member),
        "public": _idea(org_a, "Public idea to moderate", source=Source.PUBLIC, moderation=Moderation.PENDING),
        "other_org": _idea(personas.org_b, "Beta trust idea"),
        "project": _project_with_cycles(org_a, member),
        "signal": _measure(org_a, "Falls per 1,000 bed days", "special_cause_concern", owner=member),
        "quiet": _measure(org_a, "Quiet measure", "common_cause", owner=member),
        "followed": _measure(org_a, "Followed measure", "special_cause_improvement"),
    }
    MeasureFollow.objects.create(measure=found["followed"], organisation=org_a, user=member)
    return found


def _client(personas: Any, role: str) -> tuple[Client, User]:
    if role == "member":
        return client_for(personas.member.user), personas.member.user
    user = UserFactory(email=f"{role}.home@alpha.nhs.uk")
    MembershipFactory(organisation=personas.org_a, role=role, user=user)
    if role == Role.ORG_ADMIN:
        give_totp(user)  # admins must have two-factor set up
    return client_for(user), user


def _org_links(page: str) -> list[str]:
    return sorted(set(re.findall(r'href="(/o/[^"]+)"', page)))


def test_staff_see_their_ideas_cycles_and_measures_but_not_the_triage_list(personas: Any, work: dict) -> None:
    page = client_for(personas.member.user).get("/").content.decode()
    assert "What needs you" in page
    assert "Ideas waiting for the QI team" not in page
    assert work["new"].title not in page and "/moderation/" not in page
    assert f'href="/o/alpha/ideas/{work["owned"].pk}/"' in page and "Under review" in page
    project = work["project"]
    assert "PDSA 1, Study the new handover" in page and "PDSA 2, Test the bed rails checklist" in page
    assert "Not yet due cycle" not in page and "Planned cycle only" not in page and "Finished cycle" not in page
    assert f'href="/o/alpha/projects/{project.pk}/pdsa/' in page
    assert "Falls per 1,000 bed days" in page and "Special cause concern: higher" in page
    assert "Followed measure" in page and "Quiet measure" not in page


@pytest.mark.parametrize("role", [Role.QI_COACH, Role.LEAD, Role.ORG_ADMIN])
def test_the_qi_team_sees_new_ideas_to_triage_and_closed_ones_to_answer(personas: Any, work: dict, role: str) -> None:
    client, _ = _client(personas, role)
    page = client.get("/").content.decode()
    assert "Ideas waiting for the QI team" in page
    assert work["new"].title in page and "New: to triage" in page
    assert work["unanswered"].title in page and "Needs its “you said, we did” answer" in page
    assert work["answered"].title not in page
    assert work["other_org"].title not in page
    assert ("1 public idea waiting for moderation" in page) == (role != Role.QI_COACH)


def test_a_champion_is_not_offered_the_triage_list(personas: Any, work: dict) -> None:
    client, _ = _client(personas, Role.CHAMPION)
    page = client.get("/").content.decode()
    assert "Ideas waiting for the QI team" not in page and work["new"].title not in page
    assert "Ideas you own" in page


def test_a_partner_gets_no_staff_panels_and_no_links_into_staff_pages(personas: Any, work: dict) -> None:
    client, _ = _client(personas, Role.PARTNER)
    page = client.get("/").content.decode()
    assert "What needs you" not in page and "Quick actions" not in page
    assert "/ideas/" not in page and "/check-in/" not in page and "/measures/" not in page
    assert "Events you booked" in page


@pytest.mark.parametrize("role", ["member", Role.PARTNER, Role.CHAMPION, Role.QI_COACH, Role.LEAD, Role.ORG_ADMIN])
def test_every_organisation_link_on_the_home_opens_for_its_reader(personas: Any, work: dict, role: str) -> None:
    client, user = _client(personas, role)
    if role != "member":  # give the others a cycle and a measure of their own too
        _project_with_cycles(personas.org_a, user)
        _measure(personas.org_a, f"{role} measure", "special_cause_concern", owner=user)
    links = _org_links(client.get("/").content.decode())
    assert links  # at least the organisation itself
    for href in links:
        # A link may lead on to the reader's own page (a member's Dashboards is their team's): the page it ends on opens.
        assert client.get(href, follow=True).status_code == 200, href


def test_an_outsider_sees_nothing_of_another_organisation(personas: Any, work: dict, outsider_client: Client) -> None:
    page = outsider_client.get("/").content.decode()
    assert "Beta trust idea" in page  # their own organisation's triage list
    assert "/o/alpha/" not in page
    for key in ("new", "unanswered", "owned", "signal", "followed"):
        shown = work[key].name if key in ("signal", "followed") else work[key].title
        assert shown not in page


def test_a_newcomer_sees_an_empty_state_in_every_panel(personas: Any) -> None:
    client, _ = _client(personas, Role.LEAD)
    page = client.get("/").content.decode()
    assert "No ideas wait for the QI team" in page
    assert "No ideas are assigned to you." in page
    assert "No PDSA cycles of your projects are due to be studied." in page
    assert "None of the measures you own or follow shows special cause variation" in page
    assert "No surveys waiting for you" in page
    assert "You have no events booked." in page


def test_a_long_list_shows_five_with_its_count_and_a_see_all_link(personas: Any) -> None:
    for i in range(8):
        _idea(personas.org_a, f"Idea number {i}")
    page = client_for(personas.lead.user).get("/").content.decode()
    assert 'Ideas waiting for the QI team <span class="openqi-needs__count">(8)</span>' in page
    assert sum(f"Idea number {i}<" in page for i in range(8)) == 5
    assert 'href="/o/alpha/ideas/?status=submitted">See all new ideas (8)' in page


def test_a_very_long_list_is_counted_only_up_to_the_cap(personas: Any) -> None:
    for i in range(COUNT_CAP + 3):
        _idea(personas.org_a, f"Many {i}")
    page = client_for(personas.lead.user).get("/").content.decode()
    assert f'<span class="openqi-needs__count">({COUNT_CAP}+)</span>' in page
    assert f"See all new ideas ({COUNT_CAP}+)" in page


def test_staff_without_a_team_are_offered_the_check_in_page_not_one_tap(personas: Any) -> None:
    client, _ = _client(personas, Role.STAFF)
    page = client.get("/").content.decode()
    assert "Today’s check-in" in page and "You are not in a team yet" in page
    assert 'name="score"' not in page
    assert 'href="/o/alpha/check-in/"' in page


def test_one_tap_from_the_home_checks_in_and_the_home_then_says_so(personas: Any, member_client: Client) -> None:
    page = member_client.get("/").content.decode()
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*class="openqi-quick-checkin"', page)
    assert form is not None and form.group(1) == "/o/alpha/check-in/"
    assert member_client.post(form.group(1), {"score": "5"}).status_code == 200
    page = member_client.get("/").content.decode()
    assert "You have checked in today" in page and 'name="score"' not in page


def _occasion(title: str, *, days: int, owner: str = "test.session", cancelled: bool = False) -> Occasion:
    starts = timezone.now() + datetime.timedelta(days=days)
    return Occasion.objects.create(
        owner=owner,
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        capacity=10,
        cancelled_at=timezone.now() if cancelled else None,
    )


def test_events_booked_come_from_any_booking_owner_soonest_first(
    personas: Any, member_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def describe(occasion: Occasion, booking: Booking) -> owners.OccasionText:
        return owners.OccasionText(title=occasion.title, url=f"/sessions/{occasion.pk}/")

    monkeypatch.setitem(owners._owners, "test.session", describe)  # as an app's ready() would register
    user = personas.member.user
    soon = _occasion("Measurement for improvement", days=2)
    later = _occasion("Learning session", days=9, owner="test.unregistered")
    past = _occasion("Past session", days=-3)
    cancelled = _occasion("Cancelled session", days=4, cancelled=True)
    mine_by_email = _occasion("Booked by address", days=5)
    for occasion, status in ((soon, BookingStatus.CONFIRMED), (later, BookingStatus.WAITING), (past, "confirmed")):
        Booking.objects.create(occasion=occasion, email=user.email, name="M", user=user, status=status)
    Booking.objects.create(occasion=cancelled, email=user.email, name="M", user=user, status=BookingStatus.CONFIRMED)
    Booking.objects.create(occasion=mine_by_email, email=user.email, name="M", status=BookingStatus.OFFERED)
    Booking.objects.create(
        occasion=_occasion("Someone else's", days=3), email="x@y.nhs.uk", name="X", status="confirmed"
    )
    page = member_client.get("/").content.decode()
    section = page[page.index("Events you booked") :]
    assert f'<a href="/sessions/{soon.pk}/">Measurement for improvement</a>' in section
    assert section.index("Measurement for improvement") < section.index("Booked by address")
    assert section.index("Booked by address") < section.index("Learning session")
    assert "On the waiting list" in section and "A place is offered to you" in section
    assert "Past session" not in section and "Cancelled session" not in section and "Someone else" not in section


def _home_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["member", Role.LEAD])
def test_the_number_of_queries_does_not_grow_with_the_data(personas: Any, role: str) -> None:
    client, user = _client(personas, role)
    org = personas.org_a
    _idea(org, "One idea", owner=user)
    _project_with_cycles(org, user)
    _measure(org, "One measure", "special_cause_concern", owner=user)
    Booking.objects.create(
        occasion=_occasion("One session", days=2), email=user.email, name="M", user=user, status="confirmed"
    )
    client.get("/")  # warm per-process caches
    few = _home_queries(client)
    ward = TeamFactory(organisation=org)
    for i in range(30):
        _idea(org, f"More {i}", owner=user if i % 2 else None)
        _project_with_cycles(org, user)
        _measure(org, f"More measure {i}", "special_cause_concern", owner=user, team=ward)
        MembershipFactory(organisation=org, team=ward)
    for i in range(3):
        occasion = _occasion(f"More sessions {i}", days=3 + i)
        Booking.objects.create(occasion=occasion, email=user.email, name="M", user=user, status="confirmed")
    many = _home_queries(client)
    assert many <= few + 5  # a full list adds one (capped) count query, nothing per row
    assert many < 60


def test_a_team_only_measure_shows_only_to_its_team_or_champions_and_up(personas: Any) -> None:
    other_ward = TeamFactory(organisation=personas.org_a, name="Ward 2")
    measure = _measure(
        personas.org_a, "Ward 2 only", "special_cause_concern", team=other_ward, visibility=Visibility.TEAM
    )
    MeasureFollow.objects.create(measure=measure, organisation=personas.org_a, user=personas.member.user)
    MeasureFollow.objects.create(measure=measure, organisation=personas.org_a, user=personas.lead.user)
    assert "Ward 2 only" not in client_for(personas.member.user).get("/").content.decode()
    assert "Ward 2 only" in client_for(personas.lead.user).get("/").content.decode()
