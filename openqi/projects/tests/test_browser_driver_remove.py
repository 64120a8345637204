"""Removing a change idea in headless Chromium: the confirmation page, Undo from the banner, and
later restore from the removed boxes page, with axe on every page."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.projects import services
from openqi.projects.models import DriverNode, Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_removes_a_change_idea_undoes_it_and_restores_it_later(
    live_server: Any, page: Any, personas: Any, project: Project
) -> None:
    lead = personas.lead.user
    primary = services.driver_node_add(actor=lead, project=project, text="Safe ward")
    secondary = services.driver_node_add(actor=lead, project=project, text="Mobility", parent=primary)
    idea = services.driver_node_add(actor=lead, project=project, text="Huddle at 8am", parent=secondary)
    cycle = services.pdsa_cycle_plan(
        actor=lead, project=project, change_idea=idea, objective="Try the huddle", question="Q", prediction="P"
    )
    sign_in(page, live_server, lead.email)
    page.goto(f"{live_server.url}/o/alpha/projects/{project.pk}/drivers/")
    check_accessibility(page, "driver-diagram")

    # Remove asks first, on a page of its own
    page.get_by_role("link", name="Remove Huddle at 8am").click()
    expect(page.get_by_role("heading", name="Remove ‘Huddle at 8am’?")).to_be_visible()
    expect(page.get_by_text("Its PDSA cycle keeps its link to it.")).to_be_visible()
    check_accessibility(page, "driver-remove-confirm")
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("ul.openqi-outline--editor")).to_contain_text("Huddle at 8am")
    assert DriverNode.objects.get(pk=idea.pk).archived_at is None

    page.get_by_role("link", name="Remove Huddle at 8am").click()
    page.get_by_role("button", name="Remove change idea").click()
    expect(page.get_by_text("Removed ‘Huddle at 8am’ from the driver diagram", exact=True)).to_be_visible()
    expect(page.locator("ul.openqi-outline--editor")).not_to_contain_text("Huddle at 8am")
    check_accessibility(page, "driver-removed-undo-banner")
    cycle.refresh_from_db()
    assert cycle.change_idea_id == idea.pk  # the PDSA cycle kept its link

    # Undo straight after
    page.get_by_role("button", name=re.compile(r"^Undo")).click()
    expect(page.get_by_text("Restored ‘Huddle at 8am’ to the driver diagram")).to_be_visible()
    expect(page.locator("ul.openqi-outline--editor")).to_contain_text("Huddle at 8am")
    check_accessibility(page, "driver-restored")

    # Remove again, then restore later from the removed boxes page
    page.get_by_role("link", name="Remove Huddle at 8am").click()
    page.get_by_role("button", name="Remove change idea").click()
    page.get_by_role("link", name="Removed boxes").click()
    expect(page.get_by_role("heading", name="Removed boxes")).to_be_visible()
    check_accessibility(page, "driver-removed-list")
    page.get_by_role("button", name="Restore Huddle at 8am").click()
    expect(page.get_by_text("Restored ‘Huddle at 8am’ to the driver diagram")).to_be_visible()
    assert DriverNode.objects.get(pk=idea.pk).archived_at is None
