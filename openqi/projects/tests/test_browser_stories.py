"""A project lead writes an improvement story, an organisation lead publishes it, and the public
reads it without signing in; axe on every page."""

import datetime
import re
from typing import Any

import pytest
from django.apps import apps
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.projects import services
from openqi.projects.models import Story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _falls_measure(personas: Any) -> Any:
    measure = apps.get_model("measures", "Measure").objects.create(
        organisation=personas.org_a,
        name="Falls per 1,000 bed days",
        measure_type="outcome",
        frequency="weekly",
        chart_type="i",
        improvement="decrease",
    )
    start = datetime.date(2026, 1, 5)
    for week in range(16):
        apps.get_model("measures", "DataPoint").objects.create(
            measure=measure,
            organisation=personas.org_a,
            period=start + datetime.timedelta(weeks=week),
            value=9.0 - (week >= 8) * 4 + (week % 3) * 0.5,
        )
    return measure


def test_a_lead_writes_a_story_an_organisation_lead_publishes_it_and_the_public_reads_it(
    live_server: Any, page: Any, browser: Any, personas: Any
) -> None:
    # A staff member leads the project; the organisation lead publishes.
    project = services.project_create(
        actor=personas.member.user,
        organisation=personas.org_a,
        title="Fewer falls on Ward 1",
        problem="Falls at night doubled.",
    )
    measure = _falls_measure(personas)
    services.project_link_add(
        actor=personas.member.user,
        project=project,
        kind="measure",
        ref_id=measure.pk,
        label=measure.name,
        has_baseline=True,
    )

    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/alpha/projects/{project.pk}/")
    page.get_by_role("link", name="Improvement stories").click()
    check_accessibility(page, "story-list-empty")
    page.get_by_role("button", name="Write a story").click()
    page.get_by_label("What we tried").fill("A cohort bay at night, checked by 943 476 5919.")
    page.get_by_role("button", name="Save as a draft").click()
    summary = page.locator(".nhsuk-error-summary").inner_text()
    assert "Remove the NHS number" in summary and "Enter the results" in summary
    check_accessibility(page, "story-form-error")
    page.get_by_label("What we tried").fill("A cohort bay at night with a nurse in the bay.")
    page.get_by_label("Results", exact=True).fill("Falls halved within two months and stayed down.")
    page.get_by_label("Lessons").fill("Start with one bay on nights.")
    page.get_by_label("Falls per 1,000 bed days").check()
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_text("saved as a draft")).to_be_visible()
    check_accessibility(page, "story-draft")
    page.get_by_role("button", name="Submit for publication").click()
    expect(page.get_by_text("Story submitted")).to_be_visible()
    story = Story.objects.get()
    assert story.status == "submitted"

    lead_context = browser.new_context(viewport={"width": 1280, "height": 900})
    lead_page = lead_context.new_page()
    try:
        sign_in(lead_page, live_server, personas.lead.user.email)
        lead_page.goto(f"{live_server.url}/o/alpha/projects/stories/")
        check_accessibility(lead_page, "org-stories-waiting")
        lead_page.get_by_role("link", name="Fewer falls on Ward 1").first.click()
        check_accessibility(lead_page, "story-review")
        lead_page.get_by_role("button", name="Publish the story").click()
        expect(lead_page.get_by_text("is published")).to_be_visible()
    finally:
        lead_context.close()

    public_context = browser.new_context(viewport={"width": 1280, "height": 900})
    public_page = public_context.new_page()
    try:
        public_page.goto(f"{live_server.url}/p/alpha/stories/")
        check_accessibility(public_page, "public-stories")
        public_page.get_by_role("link", name="Fewer falls on Ward 1").click()
        public_page.wait_for_url(re.compile(rf".*/p/alpha/stories/{story.pk}/$"))
        expect(public_page.get_by_role("heading", name="Fewer falls on Ward 1", level=1)).to_be_visible()
        expect(public_page.locator("svg.openqi-chart:visible")).to_have_count(1)  # wide or narrow, by the column
        public_page.get_by_text("The chart's data as a table").click()
        check_accessibility(public_page, "public-story")
        assert personas.member.user.display_name not in public_page.content()
    finally:
        public_context.close()
