"""Issue 15 in a browser: a person with no account shares an idea for system improvement (errors
first), follows it with the code; the CQI team answers it and it appears in the published "you
said, we did"; the collaborative page with every team's chart side by side; invitations by
interest. Axe (WCAG 2.2 AA) on every page."""

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openqi.conftest import TOTP_SECRET
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.measures.models import DataPoint, Measure
from openqi.network import collaboratives
from openqi.network.models import Member
from openqi.network.tests.conftest import Network, an_event
from openqi.organisations.models import Organisation
from openqi.projects.models import LinkKind, Project, ProjectLink

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_shares_a_system_idea_anonymously_and_reads_the_teams_answer(
    live_server: Any, page: Any, browser: Any, network: Network
) -> None:
    slug = network.system.slug
    page.goto(f"{live_server.url}/network/{slug}/")
    page.get_by_role("link", name="Share your idea for system improvement").click()
    check_accessibility(page, "system-idea-share")
    page.get_by_role("button", name="Share my idea").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    check_accessibility(page, "system-idea-share-errors")
    page.screenshot(path="/tmp/netsystem-share-errors.png", full_page=True)  # noqa: S108
    page.get_by_label("Your idea in a few words").fill("One discharge letter for GPs and community nurses")
    page.get_by_label("What is the problem, and where does it cross services or organisations?").fill(
        "Community nurses do not see the letter the GP gets."
    )
    page.get_by_label(network.personas.org_a.name).check()
    page.get_by_label(network.personas.org_b.name).check()
    page.get_by_role("button", name="Share my idea").click()
    expect(page.get_by_role("heading", name="Your idea has been shared")).to_be_visible()
    check_accessibility(page, "system-idea-done")
    code = page.locator("#follow-up-code").inner_text()

    team = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(team, live_server, network.team_user.email, TOTP_SECRET)
    team.goto(f"{live_server.url}/network/{slug}/team/system-ideas/")
    check_accessibility(team, "system-idea-inbox")
    team.get_by_role("link", name="One discharge letter for GPs and community nurses").click()
    check_accessibility(team, "system-idea-team")
    team.get_by_label("Accepted").check()
    team.get_by_role("button", name="Save the next step").click()
    team.get_by_label("Implemented").check()
    team.get_by_role("button", name="Save the next step").click()
    expect(team.locator(".nhsuk-error-summary")).to_be_visible()
    check_accessibility(team, "system-idea-team-errors")
    team.get_by_label("Implemented").check()
    team.get_by_label("You said, we did (needed to close the idea)").fill("Both now get the same letter.")
    team.get_by_role("button", name="Save the next step").click()
    expect(team.get_by_text("The idea is now ‘Implemented’.")).to_be_visible()

    page.goto(f"{live_server.url}/network/{slug}/system-ideas/follow-up/")
    check_accessibility(page, "system-idea-follow-up")
    page.get_by_label("Your follow-up code").fill(code)
    page.get_by_role("button", name="Show my idea").click()
    expect(page.get_by_text("Both now get the same letter.")).to_be_visible()
    check_accessibility(page, "system-idea-follow-up-found")
    page.goto(f"{live_server.url}/network/{slug}/")
    page.get_by_role("link", name="what we did about the ideas shared so far").click()
    expect(page.get_by_text("Both now get the same letter.")).to_be_visible()
    check_accessibility(page, "system-idea-answers")
    page.screenshot(path="/tmp/netsystem-answers.png", full_page=True)  # noqa: S108


def _team(network: Network, collaborative: Any, shared: Any, org: Organisation, level: float) -> None:
    project = Project.objects.create(
        organisation=org, title=f"Earlier discharge at {org.name}", problem="Late.", visibility="public"
    )
    measure = Measure.objects.create(
        organisation=org,
        name=f"Discharges before noon at {org.name}",
        measure_type="outcome",
        frequency="weekly",
        chart_type="i",
        improvement="increase",
        unit="%",
        visibility="organisation",
    )
    start = datetime.date(2026, 1, 5)
    for week in range(20):
        value = level + (week % 4) + (8 if week >= 12 else 0)
        DataPoint.objects.create(
            measure=measure, organisation=org, period=start + datetime.timedelta(weeks=week), value=value
        )
    link = ProjectLink.objects.create(
        project=project, organisation=org, kind=LinkKind.MEASURE, ref_id=measure.pk, label=measure.name
    )
    team = collaboratives.collaborative_team_add(
        actor=network.team_user, collaborative=collaborative, project_id=project.pk
    )
    collaboratives.team_measure_link(actor=network.team_user, team=team, shared_measure=shared, link_id=link.pk)


def test_the_collaborative_page_shows_every_teams_chart_and_the_team_invites_by_interest(
    live_server: Any, page: Any, network: Network
) -> None:
    slug = network.system.slug
    collaborative = collaboratives.collaborative_create(
        actor=network.team_user,
        system=network.system,
        title="Safer discharge",
        aim="Half of discharges home before noon by March 2027.",
    )
    shared = collaboratives.shared_measure_add(
        actor=network.team_user,
        collaborative=collaborative,
        name="Discharges home before noon (%)",
        definition="Discharges home before 12:00 as a share of all discharges home, weekly, from the PAS.",
    )
    _team(network, collaborative, shared, network.personas.org_a, 30)
    _team(network, collaborative, shared, network.personas.org_b, 22)
    event = an_event(network, capacity=40)
    collaboratives.learning_session_add(actor=network.team_user, collaborative=collaborative, event_id=event.pk)
    Member.objects.create(
        system=network.system,
        email="ann@example.org",
        name="Ann",
        topics=["mfi"],
        contact="events",
        consent_wording="I agree.",
        consented_at=timezone.now(),
        verified_at=timezone.now(),
    )

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, network.team_user.email, TOTP_SECRET)
    page.goto(f"{live_server.url}/network/{slug}/collaboratives/")
    check_accessibility(page, "collaborative-list")
    page.get_by_role("link", name="Safer discharge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safer discharge")
    expect(page.locator("svg.openqi-chart--wide")).to_have_count(2)
    check_accessibility(page, "collaborative-page")
    page.screenshot(path="/tmp/netsystem-collaborative.png", full_page=True)  # noqa: S108
    page.get_by_role("link", name="Set up this collaborative").click()
    check_accessibility(page, "collaborative-set-up")
    page.get_by_role("button", name="Add the shared measure").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    check_accessibility(page, "collaborative-set-up-errors")
    page.goto(f"{live_server.url}/network/{slug}/team/collaboratives/new/")
    check_accessibility(page, "collaborative-new")

    page.goto(f"{live_server.url}/network/{slug}/team/invitations/")
    check_accessibility(page, "network-invitations")
    page.get_by_label("Event").select_option(str(event.pk))
    page.get_by_label("Model for Improvement and PDSA").check()
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_text("The invitations are being sent.")).to_be_visible()
    expect(page.locator("table")).to_contain_text(re.compile(r"Model for Improvement"))
    check_accessibility(page, "network-invitations-sent")
