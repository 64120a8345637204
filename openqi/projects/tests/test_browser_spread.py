"""Starting a project from an idea, and spreading a change across the ICS, in headless Chromium
with axe on every page (on the demo data: Northfield and Riverside)."""

import datetime
import re
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.demo.organisations import DEMO_PASSWORD
from openqi.organisations.models import Organisation
from openqi.projects.models import PdsaCycle, Project, ProjectLink, SuggestedMeasure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_qi_lead_starts_a_project_from_an_anonymous_idea(live_server: Any, page: Any) -> None:
    call_command("seed_demo", "--force")
    northfield = Organisation.objects.get(slug="northfield")
    idea = apps.get_model("ideas", "Idea").objects.create(
        organisation=northfield,
        title="Fewer falls at night: lights by the toilets",
        problem="Patients get up at night and cannot see the way to the toilet.",
        suggestion="Fit motion-sensing night lights by each toilet door.",
        domains=",safe,",
        identity="anonymous",
        submitted_on=datetime.date(2026, 10, 1),
    )
    sign_in(page, live_server, "lead@northfield.example")
    page.goto(f"{live_server.url}/o/northfield/ideas/{idea.pk}/")
    page.get_by_role("link", name="Start a project from this idea").click()
    expect(page.get_by_role("heading", name="Start a project")).to_be_visible()
    expect(page.get_by_label("Project title")).to_have_value("Fewer falls at night: lights by the toilets")
    expect(page.get_by_label("Safe", exact=True)).to_be_checked()
    check_accessibility(page, "project-create-from-idea")
    page.get_by_role("button", name="Check for similar projects").click()
    expect(page.get_by_text("These projects look similar to yours")).to_be_visible()
    expect(page.get_by_role("link", name="Fewer falls with harm on Ward 9", exact=True)).to_be_visible()
    check_accessibility(page, "project-create-similar")
    page.get_by_label("From the template ‘Reduce inpatient falls’").check()
    page.get_by_role("button", name="Start project").click()
    expect(page.get_by_role("heading", name="Fewer falls at night: lights by the toilets")).to_be_visible()
    expect(page.get_by_text("Falls with harm per 1,000 bed days").first).to_be_visible()  # suggested by the template
    check_accessibility(page, "project-from-idea")
    project = Project.objects.get(title="Fewer falls at night: lights by the toilets")
    assert ProjectLink.objects.filter(project=project, kind="idea", ref_id=idea.pk).exists()
    assert SuggestedMeasure.objects.filter(project=project).count() == 3


def test_a_riverside_lead_adopts_the_northfield_public_change_package(live_server: Any, page: Any) -> None:
    call_command("seed_demo", "--force")
    source = Project.objects.get(title="Hydration rounds on Ward 3")
    sign_in(page, live_server, "lead@riverside.example")
    page.goto(f"{live_server.url}/o/riverside/projects/")
    check_accessibility(page, "riverside-archive")
    page.get_by_role("link", name=re.compile(r"Adopt this change package\W+Hydration rounds on Ward 3")).click()
    expect(page.get_by_role("heading", name="Adopt this change package")).to_be_visible()
    expect(page.get_by_text("The driver diagram: 4 boxes")).to_be_visible()
    check_accessibility(page, "adopt")
    page.get_by_role("button", name="Adopt the change package").click()
    assert "Enter the problem your project will tackle" in page.locator(".nhsuk-error-summary").inner_text()
    check_accessibility(page, "adopt-error")
    page.get_by_label("Title of your project").fill("Hydration rounds in community hospitals")
    page.get_by_label("Problem statement").fill("Older patients in our community beds become dehydrated.")
    page.get_by_role("button", name="Adopt the change package").click()
    expect(page.get_by_role("heading", name="Hydration rounds in community hospitals")).to_be_visible()
    expect(page.get_by_text("Hydration rounds on Ward 3 (Northfield").first).to_be_visible()
    expect(page.get_by_text("Two-hourly drinks round for a week").first).to_be_visible()
    check_accessibility(page, "adopted-project")
    adopted = Project.objects.get(title="Hydration rounds in community hospitals")
    assert adopted.organisation.slug == "riverside" and adopted.adopted_from == source
    assert PdsaCycle.objects.get(project=adopted).status == "planned"
