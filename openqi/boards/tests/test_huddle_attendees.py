"""The huddle log's attendees: who came is recorded only when the team chooses names, from the
team's current members; the count follows the names; names show to the board's readers only, never
on a ward screen; and the choice made last is the team's default."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.boards import services
from openqi.boards.models import HuddleLog, ScreenLink
from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Role, Team

GOOD = {"date-day": "1", "date-month": "12", "date-year": "2026", "discussed": "Falls last night"}


@pytest.fixture
def ward(personas: Any) -> Team:
    return personas.member.team


@pytest.fixture
def nurse(personas: Any, ward: Team) -> Any:
    return MembershipFactory(
        organisation=personas.org_a, role=Role.STAFF, team=ward, user=UserFactory(full_name="Nadia Nurse")
    ).user


def _url(personas: Any, ward: Team) -> str:
    return f"/o/{personas.org_a.slug}/boards/{ward.pk}/huddles/"


def test_the_form_offers_the_teams_members_and_starts_with_a_count_only(
    personas: Any, ward: Team, nurse: Any, lead_client: Client
) -> None:
    page = lead_client.get(f"{_url(personas, ward)}new/").content.decode()
    assert "Nadia Nurse" in page and personas.member.user.display_name in page
    assert personas.admin.user.display_name not in page  # in the organisation, not in this team
    assert 'value="count" checked' in page
    assert 'value="names" checked' not in page


def test_a_lead_ticks_who_came_and_the_count_is_the_number_of_names_and_audited(
    personas: Any, ward: Team, nurse: Any, lead_client: Client
) -> None:
    response = lead_client.post(
        f"{_url(personas, ward)}new/",
        {**GOOD, "record": "names", "attended": "12", "attendees": [str(nurse.pk), str(personas.member.user.pk)]},
    )
    assert response.status_code == 302
    log = HuddleLog.objects.get()
    assert log.names_recorded and log.attended == 2
    assert set(log.attendees.all()) == {nurse, personas.member.user}
    event = AuditEvent.objects.get(action="boards.huddle_log")
    assert event.detail == {"attended": 2, "names_recorded": True}
    assert event.actor_id == personas.lead.user.pk
    listing = lead_client.get(_url(personas, ward)).content.decode()
    assert "Nadia Nurse" in listing
    detail = lead_client.get(f"{_url(personas, ward)}{log.pk}/")
    assert detail.status_code == 200 and "Nadia Nurse" in detail.content.decode()
    # The team's choice is now names: the next log's form starts there.
    again = lead_client.get(f"{_url(personas, ward)}new/").content.decode()
    assert 'value="names" checked' in again


def test_a_count_only_keeps_no_names_even_if_some_were_ticked(
    personas: Any, ward: Team, nurse: Any, lead_client: Client
) -> None:
    url = f"{_url(personas, ward)}new/"
    refused = lead_client.post(url, {**GOOD, "record": "count", "attended": "5", "attendees": [str(nurse.pk)]})
    assert "untick the names" in refused.content.decode()
    missing = lead_client.post(url, {**GOOD, "record": "names", "attended": "5"})
    assert "Tick who came, or choose to record a count only" in missing.content.decode()
    no_count = lead_client.post(url, {**GOOD, "record": "count"})
    assert "Enter how many people came" in no_count.content.decode()
    assert not HuddleLog.objects.exists()
    assert lead_client.post(url, {**GOOD, "record": "count", "attended": "5"}).status_code == 302
    log = HuddleLog.objects.get()
    assert (log.attended, log.names_recorded, log.attendees.count()) == (5, False, 0)
    detail = lead_client.get(f"{_url(personas, ward)}{log.pk}/").content.decode()
    assert "A count only was recorded" in detail and "Nadia Nurse" not in detail


def test_someone_outside_the_team_or_organisation_cannot_be_recorded_as_attending(
    personas: Any, ward: Team, lead_client: Client
) -> None:
    url = f"{_url(personas, ward)}new/"
    for person in (personas.outsider.user, personas.lead.user):
        response = lead_client.post(url, {**GOOD, "record": "names", "attendees": [str(person.pk)]})
        assert "Choose only people who are members of this team" in response.content.decode()
    assert not HuddleLog.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.huddle_log_create(
            actor=personas.lead.user,
            organisation=personas.org_a,
            team=ward,
            date=datetime.date(2026, 12, 1),
            discussed="Falls",
            attendees=[personas.member.user, personas.outsider.user],
        )
    assert services.ATTENDEE_REFUSED in str(refused.value)
    assert not HuddleLog.objects.exists()


def test_outsiders_cannot_read_a_huddle_and_another_teams_huddle_is_not_found(
    personas: Any, ward: Team, nurse: Any, outsider_client: Client, member_client: Client
) -> None:
    log = services.huddle_log_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        team=ward,
        date=datetime.date(2026, 12, 1),
        discussed="Falls",
        attendees=[nurse],
    )
    assert outsider_client.get(f"{_url(personas, ward)}{log.pk}/").status_code == 404
    assert outsider_client.get(_url(personas, ward)).status_code == 404
    other = Team.objects.create(organisation=personas.org_a, name="Ward 2")
    assert member_client.get(f"{_url(personas, other)}{log.pk}/").status_code == 404
    assert "Nadia Nurse" in member_client.get(f"{_url(personas, ward)}{log.pk}/").content.decode()


def test_a_ward_screen_shows_no_huddle_attendees(personas: Any, ward: Team, nurse: Any, lead_client: Client) -> None:
    lead_client.post(
        f"{_url(personas, ward)}new/",
        {**GOOD, "record": "names", "attendees": [str(nurse.pk), str(personas.member.user.pk)]},
    )
    assert HuddleLog.objects.get().attendees.count() == 2
    response = lead_client.post(f"/o/{personas.org_a.slug}/boards/{ward.pk}/screens/new/", {"name": "TV"})
    token = response.content.decode().split("/b/")[1].split("/")[0]
    assert ScreenLink.objects.get().token_hash == ScreenLink.hash_token(token)
    page = Client().get(f"/b/{token}/").content.decode()
    for person in (nurse, personas.member.user):
        assert person.display_name not in page and person.email not in page
