"""The leads' overview and CSV export: useful counts that never give anonymous people away."""

import csv
import io
from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.factories import MembershipFactory
from openqi.ideas import selectors, services
from openqi.ideas.tests.helpers import share

pytestmark = pytest.mark.django_db


def _csv(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))


def test_anonymous_counts_below_k_are_hidden_with_the_named_count_beside_them(personas: Any) -> None:
    ward = personas.member.team
    share(personas.member, team=ward)
    for _ in range(3):
        share(personas.member, identity="anonymous", team=ward)
    overview = selectors.idea_overview(organisation=personas.org_a)
    (row,) = overview.by_team
    assert (row.team, row.total, row.named, row.anonymous) == ("Ward 1", 4, None, None)
    assert overview.anonymous_total is None


def test_anonymous_counts_of_at_least_k_are_shown(personas: Any) -> None:
    for _ in range(11):
        share(personas.member, identity="anonymous")
    share(personas.member)
    overview = selectors.idea_overview(organisation=personas.org_a)
    (row,) = overview.by_team
    assert (row.team, row.total, row.named, row.anonymous) == ("No team", 12, 1, 11)
    assert overview.anonymous_total == 11
    assert dict(overview.by_status)["Submitted"] == 12


def test_overdue_first_responses_are_listed(personas: Any) -> None:
    import datetime

    idea, _ = share(personas.member)
    idea.response_due = idea.submitted_on - datetime.timedelta(days=1)
    idea.save()
    assert selectors.idea_overview(organisation=personas.org_a).overdue == [idea]


def test_the_export_carries_no_identity_for_anonymous_or_qi_team_ideas(lead_client: Client, personas: Any) -> None:
    share(personas.member, identity="anonymous", title="Anonymous idea")
    share(personas.member, identity="qi_team", title="Quiet idea")
    named = MembershipFactory(organisation=personas.org_a)
    share(named, title="Named idea")
    response = lead_client.get("/o/alpha/ideas/export/")
    assert response["Content-Type"].startswith("text/csv")
    rows = {row["title"]: row for row in _csv(response)}
    text = response.content.decode()
    assert personas.member.user.full_name not in text
    assert personas.member.user.email not in text
    assert (rows["Anonymous idea"]["identity"], rows["Anonymous idea"]["shared by"]) == ("Anonymous", "")
    assert rows["Quiet idea"]["shared by"] == "Name shared with the QI team"
    assert rows["Named idea"]["shared by"] == named.user.display_name
    assert AuditEvent.objects.filter(action="idea.export", actor=personas.lead.user).exists()


def test_the_export_is_formula_safe_and_follows_the_filters(lead_client: Client, personas: Any) -> None:
    idea, _ = share(personas.member, title='=HYPERLINK("http://evil.example")')
    share(personas.member, title="Still submitted")
    services.idea_change_status(actor=personas.lead.user, idea=idea, status="under_review")
    rows = _csv(lead_client.get("/o/alpha/ideas/export/?status=under_review"))
    assert [row["title"] for row in rows] == ['\'=HYPERLINK("http://evil.example")']


def test_staff_cannot_see_the_overview_or_export(member_client: Client, personas: Any) -> None:
    assert member_client.get("/o/alpha/ideas/overview/").status_code == 403
    assert member_client.get("/o/alpha/ideas/export/").status_code == 403


def test_the_overview_page_shows_hidden_counts(lead_client: Client, personas: Any) -> None:
    share(personas.member, identity="anonymous")
    page = lead_client.get("/o/alpha/ideas/overview/").content.decode()
    assert "We do not show how many were shared anonymously" in page
    assert "Hidden" in page


def test_the_total_is_hidden_when_it_would_give_away_a_small_hidden_team(personas: Any) -> None:
    from openqi.factories import TeamFactory

    big, small = personas.member.team, TeamFactory(organisation=personas.org_a, name="Ward 2")
    for _ in range(11):
        share(personas.member, identity="anonymous", team=big)
    share(personas.member, identity="anonymous", team=small)
    overview = selectors.idea_overview(organisation=personas.org_a)
    rows = {row.team: row for row in overview.by_team}
    assert rows["Ward 1"].anonymous == 11
    assert rows["Ward 2"].anonymous is None
    # 12 in all minus 11 shown would reveal the single anonymous idea in Ward 2
    assert overview.anonymous_total is None
