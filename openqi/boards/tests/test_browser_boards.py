"""Issue 18's journey in headless Chromium: three members score a project's sustainability on
their own, the lead agrees, the chart names strengths and weaknesses, a weak factor becomes an
action on the huddle board, and a ward screen opened by its token updates when a card moves.
axe on every page."""

import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openqi.boards.models import Card
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Role
from openqi.projects import services as project_services
from openqi.projects.models import ProjectRole
from openqi.sustainability.scoring import sustainability_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _score(page: Any, level: int, low: dict[str, int]) -> None:
    for factor in sustainability_model().factors:
        chosen = low.get(factor.key, level)
        page.locator(f'input[name="{factor.key}"][value="{chosen}"]').check()
    page.get_by_label("Why this level? (optional)").first.fill("Saves time on every shift")
    page.get_by_role("button", name="Save my scores").click()


def test_three_members_score_the_team_agrees_and_a_weak_factor_reaches_the_ward_screen(
    live_server: Any, browser: Any, personas: Any
) -> None:
    org = personas.org_a
    ward = personas.member.team
    project = project_services.project_create(
        actor=personas.lead.user, organisation=org, title="Fewer falls on Ward 1", problem="Falls doubled.", team=ward
    )
    scorers = []
    for i in range(3):
        membership = MembershipFactory(
            organisation=org, role=Role.STAFF, team=ward, user=UserFactory(email=f"scorer{i}@alpha.nhs.uk")
        )
        project_services.project_member_add(
            actor=personas.lead.user, project=project, user=membership.user, role=ProjectRole.MEMBER
        )
        scorers.append(membership.user.email)
    base = f"{live_server.url}/o/{org.slug}/projects/{project.pk}/sustainability/"

    lead = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(lead, live_server, personas.lead.user.email)
    lead.goto(base)
    check_accessibility(lead, "sustainability-list-empty")
    lead.get_by_role("button", name="Start a new assessment").click()
    check_accessibility(lead, "sustainability-start")
    lead.get_by_role("button", name="Start assessment").click()
    expect(lead.get_by_role("heading", name=re.compile("Sustainability assessment, started"))).to_be_visible()
    check_accessibility(lead, "sustainability-open")
    assessment_url = lead.url

    for i, email in enumerate(scorers):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in(page, live_server, email)
        page.goto(assessment_url)
        page.get_by_role("button", name="Score on my own").click()
        if i == 0:
            page.get_by_role("button", name="Save my scores").click()  # nothing chosen: the error summary
            expect(page.locator(".nhsuk-error-summary")).to_be_visible()
            assert page.title().startswith("Error: ")
            check_accessibility(page, "sustainability-score-errors")
        _score(page, 4 if i < 2 else 3, {"monitoring": [1, 3, 2][i]})
        expect(page.get_by_text("Your scores are saved")).to_be_visible()
        check_accessibility(page, "sustainability-scored")
        context.close()

    lead.reload()
    expect(lead.get_by_text("3 people have scored so far")).to_be_visible()
    expect(lead.get_by_text("Disagree: 2 levels")).to_be_visible()
    lead.get_by_role("button", name="Agree the team's scores").click()
    check_accessibility(lead, "sustainability-agree")
    lead.locator('input[name="monitoring"][value="1"]').check()
    lead.get_by_role("button", name="Agree the team's scores").click()
    expect(lead.get_by_text("The team's scores are agreed")).to_be_visible()
    expect(lead.locator("#summary")).to_contain_text("Weaknesses: Effectiveness of the system to monitor progress")
    check_accessibility(lead, "sustainability-result")
    lead.goto(base)
    check_accessibility(lead, "sustainability-history")
    lead.goto(f"{live_server.url}/o/{org.slug}/projects/{project.pk}/")
    expect(lead.locator("#sustainability")).to_contain_text("Weakest: Effectiveness of the system to monitor progress")
    check_accessibility(lead, "project-with-sustainability")
    lead.goto(f"{live_server.url}/o/{org.slug}/boards/")
    check_accessibility(lead, "board-list")

    # The weak factor becomes an action on the team's huddle board.
    lead.goto(assessment_url)
    lead.get_by_role("link", name=re.compile("Add an action to the huddle board")).click()
    check_accessibility(lead, "board-card-create")
    lead.get_by_role("button", name="Add to the board").click()
    expect(
        lead.get_by_role("heading", name="Sustain: improve Effectiveness of the system to monitor progress")
    ).to_be_visible()
    check_accessibility(lead, "board")
    card = Card.objects.get()
    assert card.project == project
    # The project page lists the open action, and leads back to it on the board.
    lead.goto(f"{live_server.url}/o/{org.slug}/projects/{project.pk}/")
    actions = lead.locator("#board-actions")
    expect(actions).to_contain_text("Actions on huddle boards")
    expect(actions).to_contain_text("New, no owner yet, no due date, on the Ward 1 board")
    check_accessibility(lead, "project-with-board-actions")
    actions.get_by_role("link", name=card.title).click()
    expect(lead.locator(f"#card-{card.pk}")).to_be_visible()

    # A process control count, updated in one tap.
    lead.get_by_role("link", name="Add a count").click()
    check_accessibility(lead, "board-count-create")
    lead.get_by_label("What do you count?").fill("Discharges")
    lead.get_by_role("button", name="Add count").click()
    lead.get_by_role("button", name="+1 required: Discharges").click()
    expect(lead.locator("#control")).to_contain_text("Discharges")
    check_accessibility(lead, "board-with-count")

    # The huddle log: record today's huddle as a count, and read it back with the daily counts.
    lead.get_by_role("link", name="Huddle log and daily counts").click()
    check_accessibility(lead, "board-huddles-empty")
    lead.get_by_role("button", name="Record a huddle").click()
    check_accessibility(lead, "board-huddle-create")
    lead.get_by_role("button", name="Save huddle").click()
    expect(lead.locator(".nhsuk-error-summary")).to_be_visible()
    check_accessibility(lead, "board-huddle-errors")
    today = timezone.localdate()
    lead.get_by_label("Day").fill(str(today.day))
    lead.get_by_label("Month").fill(str(today.month))
    lead.get_by_label("Year").fill(str(today.year))
    # Starts as a count only (the team's default); this time the lead ticks who came instead.
    expect(lead.get_by_label("Record a count only")).to_be_checked()
    lead.get_by_label("Tick who came from the team's members").check()
    lead.get_by_label(personas.member.user.display_name, exact=True).check()
    lead.get_by_label("What was discussed?").fill("Monitoring falls data weekly")
    lead.get_by_role("button", name="Save huddle").click()
    expect(lead.get_by_text("Monitoring falls data weekly")).to_be_visible()
    expect(lead.locator("table").first).to_contain_text(personas.member.user.display_name)
    expect(lead.get_by_text("Discharges: 0 completed of 1 required over the last 14 days.")).to_be_visible()
    check_accessibility(lead, "board-huddles")
    lead.goto(f"{live_server.url}/o/{org.slug}/boards/{ward.pk}/")

    # A ward screen by its token shows the board and updates when the card moves.
    lead.get_by_role("link", name="Ward screens").click()
    check_accessibility(lead, "board-screens")
    lead.get_by_role("button", name="Add a ward screen").click()
    check_accessibility(lead, "board-screen-create")
    lead.get_by_label("Name of the screen").fill("Staff room TV")
    lead.get_by_role("button", name="Create screen address").click()
    address = lead.locator("#screen-address").inner_text()
    check_accessibility(lead, "board-screen-created")

    tv_context = browser.new_context(viewport={"width": 1920, "height": 1080})
    tv = tv_context.new_page()
    tv.goto(address)
    doing = tv.locator("section", has=tv.locator("#col-doing"))
    expect(tv.locator("#col-new").locator("..")).to_contain_text("Sustain: improve")
    expect(doing).not_to_contain_text("Sustain: improve")
    check_accessibility(tv, "board-screen-tv")
    assert personas.lead.user.email not in tv.content()

    lead.goto(f"{live_server.url}/o/{org.slug}/boards/{ward.pk}/")
    # Dragged with the mouse to Doing (the Move buttons are the keyboard way, below).
    lead.locator(f"#card-{card.pk}").drag_to(lead.locator('[data-column="doing"]'))
    # No reload on the TV: live.js sees the new version and swaps the board in place.
    expect(doing).to_contain_text("Sustain: improve", timeout=20_000)
    expect(tv.locator("#board-status")).to_contain_text("Updated at")
    check_accessibility(tv, "board-screen-tv-updated")
    card.refresh_from_db()
    assert card.column == "doing"
    # By keyboard: tab to the card's "Move to Done" button and press Enter.
    lead.get_by_role("button", name=re.compile("Move to Done")).focus()
    lead.keyboard.press("Enter")
    expect(tv.locator("section", has=tv.locator("#col-done"))).to_contain_text("Sustain: improve", timeout=20_000)
    card.refresh_from_db()
    assert card.column == "done"

    # Revoked, the screen stops updating and its address no longer works.
    lead.goto(f"{live_server.url}/o/{org.slug}/boards/{ward.pk}/screens/")
    lead.get_by_role("link", name=re.compile("Switch off")).click()
    check_accessibility(lead, "board-screen-revoke")
    lead.get_by_role("button", name="Switch off screen").click()
    expect(tv.locator("#board-status")).to_contain_text("Live updates stopped", timeout=20_000)
    tv.reload()
    expect(tv.get_by_role("heading", name="This screen address does not work")).to_be_visible()
    check_accessibility(tv, "board-screen-invalid")
    tv_context.close()


def test_a_member_changes_a_card_removes_it_and_undoes_the_removal(live_server: Any, page: Any, personas: Any) -> None:
    org = personas.org_a
    ward = personas.member.team
    card = Card.objects.create(
        organisation=org, team=ward, title="Restock the resus trolley", created_by=personas.member.user
    )
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/{org.slug}/boards/{ward.pk}/")
    page.get_by_role("link", name="Change Restock the resus trolley").click()
    check_accessibility(page, "board-card-edit")
    page.get_by_label("What needs doing?").fill("Restock and check the resus trolley")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="Restock and check the resus trolley")).to_be_visible()
    page.get_by_role("link", name="Remove Restock and check the resus trolley").click()
    check_accessibility(page, "board-card-remove")
    page.get_by_role("button", name="Remove card").click()
    expect(page.get_by_text("Removed ‘Restock and check the resus trolley’ from the board", exact=True)).to_be_visible()
    check_accessibility(page, "board-card-removed-undo")
    page.get_by_role("link", name="Removed cards").click()
    check_accessibility(page, "board-removed-cards")
    page.get_by_role("button", name="Restore Restock and check the resus trolley").click()
    expect(page.get_by_role("heading", name="Restock and check the resus trolley")).to_be_visible()
    card.refresh_from_db()
    assert card.archived_at is None and card.title == "Restock and check the resus trolley"
