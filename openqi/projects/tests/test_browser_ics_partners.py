"""An ICS project in headless Chromium: one organisation's lead shares a project with another
organisation of the ICS, whose lead then works on it under their own organisation's URL."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.factories import MembershipFactory, OrganisationFactory, UserFactory
from openqi.organisations.models import Role
from openqi.projects.models import PdsaCycle, Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_shares_a_project_and_a_partner_lead_plans_a_cycle_under_their_own_url(
    live_server: Any, page: Any, personas: Any, project: Project
) -> None:
    riverside = OrganisationFactory(
        name="Riverside Community NHS Trust", slug="riverside", system=personas.org_a.system
    )
    rowan = MembershipFactory(
        organisation=riverside, role=Role.LEAD, user=UserFactory(email="lead@riverside.nhs.uk", full_name="Rowan Lead")
    ).user

    # the owning organisation's lead shares the project and adds Riverside's lead to its team
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/alpha/projects/{project.pk}/")
    page.get_by_role("link", name="Share with other organisations of the ICS").click()
    check_accessibility(page, "partner-list")
    page.get_by_role("button", name="Share the project").click()
    assert "Choose an organisation" in page.locator(".nhsuk-error-summary").inner_text()
    check_accessibility(page, "partner-list-error")
    page.get_by_label("Organisation").select_option(label="Riverside Community NHS Trust")
    page.get_by_role("button", name="Share the project").click()
    expect(page.get_by_text("Shared with Riverside Community NHS Trust")).to_be_visible()
    check_accessibility(page, "partner-list-shared")
    page.goto(f"{live_server.url}/o/alpha/projects/{project.pk}/members/")
    person = page.get_by_label("Person")
    assert "Riverside Community NHS Trust" in person.locator(f"option[value='{rowan.pk}']").inner_text()
    person.select_option(value=str(rowan.pk))
    page.get_by_label("Team member").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Rowan Lead is now Team member")).to_be_visible()

    # Riverside's lead finds it in their own archive and plans a PDSA cycle there
    page.context.clear_cookies()
    sign_in(page, live_server, rowan.email)
    page.goto(f"{live_server.url}/o/riverside/projects/?shared=1")
    expect(page.get_by_text("Led by Alpha Hospitals NHS Trust")).to_be_visible()
    check_accessibility(page, "partner-archive")
    page.get_by_role("link", name=project.title).click()
    page.wait_for_url(re.compile(rf".*/o/riverside/projects/{project.pk}/$"))
    expect(page.get_by_text("ICS project led by Alpha Hospitals NHS Trust", exact=True)).to_be_visible()
    check_accessibility(page, "partner-project")
    page.get_by_role("button", name="Plan a PDSA cycle").click()
    check_accessibility(page, "partner-pdsa-plan")
    page.get_by_label("Objective of this cycle").fill("Try the discharge checklist")
    page.get_by_label("What question will this cycle answer?").fill("Do patients leave before noon?")
    page.get_by_label("What do you predict will happen?").fill("Half will leave before noon")
    page.get_by_role("button", name="Save plan").click()
    page.wait_for_url(re.compile(rf".*/o/riverside/projects/{project.pk}/pdsa/\d+/$"))
    check_accessibility(page, "partner-pdsa")
    cycle = PdsaCycle.objects.get(project=project)
    assert cycle.organisation_id == personas.org_a.pk and cycle.objective == "Try the discharge checklist"
