"""A lead's journey through a project in headless Chromium, with axe on every page."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.projects.models import PdsaCycle, Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page: Any, text: str, limit: int = 200) -> None:
    """Press Tab until the focused element's text starts with `text`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("(document.activeElement.textContent || '').replace(/\\s+/g, ' ').trim()")
        if focused.startswith(text):
            return
    raise AssertionError(f"Tab never reached ‘{text}’")


def tab_to_field(page: Any, element_id: str, limit: int = 100) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def keyboard_add(page: Any, link_text: str, text: str) -> None:
    tab_to(page, link_text)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/drivers/add/.*"))
    check_accessibility(page)
    tab_to_field(page, "id_text")
    page.keyboard.type(text)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text(f"Added ‘{text}’")).to_be_visible()


def test_a_lead_runs_a_project_from_aim_to_an_adopted_change(live_server: Any, page: Any, personas: Any) -> None:
    sign_in(page, live_server, personas.lead.user.email)
    page.get_by_role("link", name="Projects", exact=True).first.click()
    check_accessibility(page, "project-list")

    # start a project, with a mistake first
    page.get_by_role("button", name="Start a project").click()
    page.get_by_role("button", name="Start project").click()
    assert "Enter a project title" in page.locator(".nhsuk-error-summary").inner_text()
    check_accessibility(page, "project-create-error")
    page.get_by_label("Project title").fill("Fewer falls on Ward 9")
    page.get_by_label("Problem statement").fill("Falls with harm doubled this year, mostly at night.")
    page.get_by_label("Safe", exact=True).check()  # the first checkbox: its label must point at it
    page.get_by_role("button", name="Start project").click()
    expect(page.get_by_role("heading", name="Fewer falls on Ward 9")).to_be_visible()
    expect(page.get_by_text("Understand the problem: look at the data")).to_be_visible()  # what the stage expects
    assert "0.5" in page.locator("#suggested-score").inner_text()
    check_accessibility(page, "project")
    project = Project.objects.get(title="Fewer falls on Ward 9")

    # the aim
    page.get_by_role("link", name="Write the aim").click()
    check_accessibility(page, "aim")
    page.get_by_label("What are you trying to improve?").fill("Reduce falls with harm")
    page.get_by_label("How much?").fill("30")
    page.get_by_label("Unit").fill("%")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2099")
    page.get_by_label("For whom?").fill("patients on Ward 9")
    page.get_by_role("button", name="Save aim").click()
    expect(
        page.get_by_text("We aim to reduce falls with harm by 30% for patients on Ward 9 by 31 March 2099.").first
    ).to_be_visible()
    assert "1.0" in page.locator("#suggested-score").inner_text()

    # the driver diagram, with the keyboard only
    page.get_by_role("link", name="Change the driver diagram").click()
    check_accessibility(page, "driver-diagram-empty")
    keyboard_add(page, "Add a primary driver", "Staff awareness")
    keyboard_add(page, "Add a primary driver", "Safe environment")
    keyboard_add(page, "Add secondary driver under Safe environment", "Bay nursing")
    keyboard_add(page, "Add change idea under Bay nursing", "Cohort bay at night")
    tab_to(page, "Up – move Safe environment up")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Moved ‘Safe environment’ up")).to_be_visible()
    outline = page.locator(".openqi-outline--editor").inner_text()
    assert outline.index("Safe environment") < outline.index("Staff awareness")
    assert page.locator("svg.openqi-driver-svg rect").count() == 5
    check_accessibility(page, "driver-diagram")

    # a PDSA cycle testing the change idea, with a prediction
    tab_to(page, "Test in a PDSA – Cohort bay at night")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/pdsa/new/.*"))
    check_accessibility(page, "pdsa-plan")
    page.get_by_role("button", name="Save plan").click()
    assert "Enter your prediction" in page.locator(".nhsuk-error-summary").inner_text()
    check_accessibility(page, "pdsa-plan-error")
    page.get_by_label("Objective of this cycle").fill("Cohort high-risk patients in one bay for three nights")
    page.get_by_label("What question will this cycle answer?").fill("Does a cohort bay cut night falls?")
    page.get_by_label("What do you predict will happen?").fill("No more than one fall in three nights")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_role("heading", name=re.compile("PDSA 1"))).to_be_visible()
    check_accessibility(page, "pdsa-detail")
    cycle = PdsaCycle.objects.get(project=project)
    assert cycle.change_idea is not None and cycle.change_idea.text == "Cohort bay at night"

    page.get_by_role("link", name="Record what happened").click()
    check_accessibility(page, "pdsa-do")
    page.get_by_label("What happened?").fill("Ran for three nights with a named nurse in the bay.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Compare the results with the prediction").click()
    check_accessibility(page, "pdsa-study")
    page.get_by_label("Results compared with your prediction").fill("No falls in three nights: better than predicted.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Decide: adopt, adapt or abandon").click()
    check_accessibility(page, "pdsa-act")
    page.get_by_label("Adopt: keep the change as it is").check()
    page.get_by_label("What next?").fill("Make the cohort bay standard at night; test on Ward 7.")
    page.get_by_role("button", name="Complete the cycle").click()
    expect(page.get_by_text("is complete: adopted")).to_be_visible()
    check_accessibility(page, "pdsa-adopted")

    # a measure with a baseline, then the score reflects the evidence
    page.get_by_role("link", name="Back to the project").click()
    assert "1.0" in page.locator("#suggested-score").inner_text()  # no measure with a baseline yet
    page.get_by_role("link", name="Link measures and ideas").click()
    check_accessibility(page, "links")
    page.get_by_label("Measure", exact=True).check()
    page.get_by_label("Reference number").fill("12")
    page.get_by_label("Name").fill("Falls per 1,000 bed days")
    page.get_by_label("This measure has a baseline").check()
    page.get_by_role("button", name="Link").click()
    page.get_by_role("link", name="Back to the project").click()
    assert "3.0 – Modest improvement" in page.locator("#suggested-score").inner_text()
    expect(page.get_by_role("img", name="PDSA cycles over time")).to_be_visible()
    check_accessibility(page, "project-score")

    page.get_by_role("link", name="Accept or change the score").click()
    check_accessibility(page, "progress")
    page.get_by_role("button", name="Save score").click()
    expect(page.get_by_text("Progress score set to 3.0")).to_be_visible()
    project.refresh_from_db()
    assert str(project.progress_score) == "3.0"


def test_a_partner_sees_the_simple_view_of_their_project(live_server: Any, page: Any, personas: Any) -> None:
    from openqi.factories import MembershipFactory
    from openqi.organisations.models import Role
    from openqi.projects import services

    partner = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER)
    project = services.project_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Kinder discharge letters",
        problem="Letters confuse.",
    )
    services.project_member_add(actor=personas.lead.user, project=project, user=partner.user, role="partner")
    sign_in(page, live_server, partner.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/projects/")
    check_accessibility(page, "partner-projects")
    page.get_by_role("link", name="Kinder discharge letters").click()
    expect(page.get_by_role("heading", name="What we are trying to improve")).to_be_visible()
    check_accessibility(page, "partner-project")


def test_a_lead_finds_causes_with_a_fishbone_and_5_whys(live_server: Any, page: Any, personas: Any) -> None:
    from openqi.projects import services

    project = services.project_create(
        actor=personas.lead.user, organisation=personas.org_a, title="Night falls", problem="Falls at night."
    )
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/projects/{project.pk}/")
    page.get_by_role("link", name="Understand the problem: process maps, fishbone diagrams and 5 whys").click()
    check_accessibility(page, "causes")
    page.get_by_role("button", name="Draw a fishbone diagram").click()
    check_accessibility(page, "fishbone-create")
    page.get_by_label("What is the problem (the effect)?").fill("Falls at night on Ward 9")
    page.get_by_role("button", name="Start the diagram").click()
    page.get_by_role("button", name="Add cause").click()
    assert "Choose a category" in page.locator(".nhsuk-error-summary").inner_text()
    check_accessibility(page, "fishbone-error")
    for category, cause in [("People", "Agency staff new to the ward"), ("Environment", "Dim lighting at night")]:
        page.get_by_label("Category", exact=True).select_option(label=category)
        page.get_by_label("Cause", exact=True).fill(cause)
        page.get_by_role("button", name="Add cause").click()
    assert page.locator("svg.openqi-diagram-svg").get_by_text("Dim lighting at night").count() == 1
    check_accessibility(page, "fishbone")

    page.get_by_role("link", name="Back to understanding the problem").click()
    page.get_by_role("button", name="Start a 5 whys chain").click()
    check_accessibility(page, "whys-create")
    page.get_by_label("What is the problem?").fill("Risk assessment done late")
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Why?").fill("No time at admission")
    page.get_by_role("button", name="Add answer").click()
    page.get_by_label("Why?").fill("The form has no prompt")
    page.get_by_role("button", name="Add answer").click()
    expect(page.get_by_text("Root cause so far: The form has no prompt")).to_be_visible()
    check_accessibility(page, "whys")

    page.get_by_role("link", name="Back to understanding the problem").click()
    page.get_by_role("button", name="Map a process").click()
    check_accessibility(page, "process-map-create")
    page.get_by_label("Which process are you mapping?").fill("Night admission to Ward 9")
    page.get_by_role("button", name="Start the map").click()
    for kind, text, minutes, adds_value in [
        ("Start or end", "Patient arrives from ED", "", False),
        ("Wait or delay", "Wait for a bed", "90", False),
        ("Action", "Falls risk assessment", "20", True),
    ]:
        page.get_by_role("radio", name=kind).check()
        page.get_by_label("What happens?").fill(text)
        page.get_by_label("How many minutes? (optional)").fill(minutes)
        if adds_value:
            page.get_by_label("This step adds value for the patient").check()
        page.get_by_role("button", name="Add step").click()
    expect(page.get_by_text("3 steps, 110 minutes in all: 20 minutes (18%) add value")).to_be_visible()
    check_accessibility(page, "process-map")


def test_the_other_project_pages_have_no_accessibility_problems(live_server: Any, page: Any, personas: Any) -> None:
    from openqi.projects import services

    lead = personas.lead.user
    project = services.project_create(actor=lead, organisation=personas.org_a, title="Quiet nights", problem="Noise.")
    node = services.driver_node_add(actor=lead, project=project, text="Calm ward")
    cycle = services.pdsa_cycle_plan(actor=lead, project=project, objective="Ear plugs", question="Q", prediction="P")
    link = services.project_link_add(
        actor=lead, project=project, kind="measure", ref_id=1, label="Sleep score", has_baseline=True
    )
    process_map = services.process_map_create(actor=lead, project=project, title="Night round")
    step = services.process_step_add(actor=lead, process_map=process_map, kind="action", text="Check obs")
    services.project_update(actor=lead, project=project, stage="closed")
    sign_in(page, live_server, lead.email)
    base = f"{live_server.url}/o/{personas.org_a.slug}/projects/{project.pk}/"
    for path, name in [
        ("edit/", "project-edit"),
        ("copy/", "project-copy"),
        ("members/", "project-members"),
        (f"links/{link.pk}/", "link-edit"),
        (f"drivers/{node.pk}/rename/", "driver-rename"),
        (f"pdsa/{cycle.pk}/plan/", "pdsa-plan-edit"),
        (f"process-maps/{process_map.pk}/steps/{step.pk}/edit/", "process-step-edit"),
    ]:
        page.goto(base + path)
        expect(page.locator("h1")).to_be_visible()
        check_accessibility(page, name)
    # an error on the members page still passes
    page.goto(base + "members/")
    page.get_by_role("button", name="Save").click()
    assert "Choose a person" in page.locator(".nhsuk-error-summary").inner_text()
    check_accessibility(page, "project-members-error")
