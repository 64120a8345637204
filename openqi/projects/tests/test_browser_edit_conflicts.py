"""Two tabs editing one aim in headless Chromium: the second sees both versions, chooses per part,
and nothing either person wrote is lost (issue 24, point 2). axe on every page."""

from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.projects import services
from openqi.projects.models import Project
from openqi.projects.tests.conftest import future

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_second_editor_of_an_aim_sees_both_versions_and_chooses(live_server: Any, page: Any, personas: Any) -> None:
    lead = personas.lead.user
    project = services.project_create(actor=lead, organisation=personas.org_a, title="Fewer falls", problem="Falls")
    services.project_aim_set(
        actor=lead, project=project, what="Reduce falls with harm", amount=30, unit="%", by=future(), for_whom="Ward 9"
    )
    sign_in(page, live_server, lead.email)
    url = f"{live_server.url}/o/alpha/projects/{project.pk}/aim/"
    other = page.context.new_page()  # a second tab, same person
    page.goto(url)
    other.goto(url)

    other.get_by_label("What are you trying to improve?").fill("Reduce falls with harm at night")
    other.get_by_label("For whom?").fill("patients on Wards 9 and 10")
    other.get_by_role("button", name="Save aim").click()
    expect(other.get_by_text("Aim saved")).to_be_visible()

    page.get_by_label("What are you trying to improve?").fill("Halve falls with harm")
    page.get_by_label("Unit").fill("falls per 1,000 bed days")
    page.get_by_role("button", name="Save aim").click()
    expect(page.get_by_role("heading", name="Someone else saved changes while you were editing")).to_be_visible()
    expect(page.locator("[data-version=theirs]")).to_have_text("Reduce falls with harm at night")
    expect(page.locator("[data-version=mine]")).to_have_text("Halve falls with harm")
    expect(page.get_by_label("For whom?")).to_have_value("patients on Wards 9 and 10")  # theirs, kept
    assert "was changed by someone else" in page.locator(".nhsuk-error-summary").inner_text()
    check_accessibility(page, "edit-conflict")

    # Keep mine, after re-editing it in the box.
    page.get_by_label("Keep my version").check()
    page.get_by_label("What are you trying to improve?").fill("Halve falls with harm at night")
    page.get_by_role("button", name="Save aim").click()
    expect(page.get_by_text("Aim saved")).to_be_visible()
    check_accessibility(page)
    project = Project.objects.get(pk=project.pk)
    assert project.aim_what == "Halve falls with harm at night"
    assert project.aim_unit == "falls per 1,000 bed days"
    assert project.aim_for_whom == "patients on Wards 9 and 10"  # the other tab's change survives

    # A lead can read both versions back on the audit log.
    page.goto(f"{live_server.url}/o/alpha/audit/")
    page.get_by_text("What changed").first.click()
    expect(page.get_by_text("Reduce falls with harm at night").first).to_be_visible()
    check_accessibility(page, "audit-changes")
