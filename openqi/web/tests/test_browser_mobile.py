"""Issue 22 (7, 10–14): on a phone (390 px), at 400% zoom (320 CSS px), by keyboard and on paper.

Every page here is checked at desktop width, 390 and 320 px: the page never scrolls sideways, charts
keep their text at 12 px or more, and axe finds nothing.
"""

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.measures.models import Annotation, ChartEvent
from openqi.measures.tests.conftest import START, add_points, make_measure
from openqi.projects import services
from openqi.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390, 320)
AIM_END = "(Elderly Care)"
VALUES = [5.1, 4.8, 5.3, 5.0, 4.9, 5.2, 5.1, 4.7, 5.0, 5.3, 4.9, 5.1, 5.0, 4.8, 5.2, 5.0]
VALUES += [3.9, 4.0, 3.8, 4.1, 3.9, 4.0, 3.7, 3.9]

# The smallest rendered size of any chart text: its computed font size times the SVG's scale on screen.
SMALLEST_TEXT = """(selector) => {
  let smallest = Infinity;
  for (const svg of document.querySelectorAll(selector)) {
    if (!svg.getBoundingClientRect().width) continue;  // the drawing not shown at this width
    for (const text of svg.querySelectorAll('text')) {
      const matrix = text.getScreenCTM();
      const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(matrix.a, matrix.b);
      smallest = Math.min(smallest, size);
    }
  }
  return smallest;
}"""


def _world(personas: Any) -> tuple[Any, Project]:
    """A measure with clustered PDSA notes and a recalculation; a project with a long aim, drivers and cycles."""
    measure = make_measure(personas.org_a, name="Falls risk assessment within 6 hours", target=4.5)
    points = add_points(measure, VALUES)
    ChartEvent.objects.create(
        measure=measure, organisation=measure.organisation, period=points[16].period, kind="rebase", reason="Bundle"
    )
    for i, week in enumerate((16, 17, 17, 18, 19, 20)):
        Annotation.objects.create(
            measure=measure,
            organisation=measure.organisation,
            period=START + datetime.timedelta(weeks=week),
            text=f"PDSA {i + 1} starts",
            kind="pdsa",
        )
    lead = personas.lead.user
    project = services.project_create(
        actor=lead,
        organisation=personas.org_a,
        title="Fewer falls on Ward 9",
        problem="Falls doubled.",
        domains=["safe"],
    )
    services.project_aim_set(
        actor=lead,
        project=project,
        what="Reduce falls with harm",
        amount=50,  # type: ignore[arg-type]
        unit="%",
        by=timezone.localdate() + datetime.timedelta(days=200),
        for_whom="patients on Ward 9 (Elderly Care)",
    )
    primary = services.driver_node_add(actor=lead, project=project, text="Safe environment")
    secondary = services.driver_node_add(actor=lead, project=project, text="Bay nursing", parent=primary)
    idea = services.driver_node_add(actor=lead, project=project, text="Cohort bay at night", parent=secondary)
    services.driver_node_add(actor=lead, project=project, text="Staff aware of risk")
    today = timezone.localdate()
    for n in range(3):
        services.pdsa_cycle_plan(
            actor=lead,
            project=project,
            change_idea=idea,
            objective=f"Try the cohort bay, round {n + 1}",
            question="Do falls at night drop?",
            prediction="Fewer falls",
            plan_when=today - datetime.timedelta(days=60 - 20 * n),
        )
    return measure, project


def _no_sideways_scroll(page: Any, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide at {width} px"


def test_pages_reflow_at_320_and_charts_stay_legible_on_a_phone(live_server: Any, browser: Any, personas: Any) -> None:
    measure, project = _world(personas)
    org = personas.org_a.slug
    pages = {
        "matrix": f"/o/{org}/measures/matrix/",
        "measure": f"/o/{org}/measures/{measure.pk}/",
        "project": f"/o/{org}/projects/{project.pk}/",
        "drivers": f"/o/{org}/projects/{project.pk}/drivers/",
        "report": f"/o/{org}/projects/{project.pk}/report/",
    }
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 844}, has_touch=width < 1000)
        page = context.new_page()
        sign_in(page, live_server, personas.lead.user.email)
        for name, path in pages.items():
            page.goto(live_server.url + path)
            if name == "measure":
                page.get_by_text("Show the chart's data as a table").click()
                expect(page.locator(".openqi-data-table")).to_be_visible()
            _no_sideways_scroll(page, width)
            check_accessibility(page, f"mobile-{name}-{width}")
            if name == "project" and width < 1000:
                # the PDSA timeline opens at its latest end, and the note there names its cycle
                region = page.locator(".openqi-scroll--end").bounding_box()
                note = page.locator(".openqi-scroll--end text", has_text="PDSA 3:").bounding_box()
                assert region and note
                assert region["x"] <= note["x"] and note["x"] + note["width"] <= region["x"] + region["width"] + 1
            if width == 390:
                selector = {
                    "measure": "svg.openqi-chart",
                    "drivers": "svg.openqi-driver-svg",
                    "project": "svg.openqi-diagram-svg",  # the PDSA timeline
                    "report": "svg.openqi-driver-svg, svg.openqi-diagram-svg",
                }.get(name)
                if selector:
                    smallest = page.evaluate(SMALLEST_TEXT, selector)
                    assert 12 <= smallest < 100, f"{name}: chart text {smallest:.1f} px at 390 px"
        context.close()


def test_clustered_pdsa_notes_stay_legible_and_differ_from_recalculation(
    live_server: Any, page: Any, personas: Any
) -> None:
    measure, _ = _world(personas)
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/measures/{measure.pk}/")
    wide = page.locator("svg.openqi-chart--wide")
    # no two flags overlap: each is readable
    boxes = wide.locator(".openqi-chart-annotation rect").evaluate_all(
        "(rects) => rects.map(r => { const b = r.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })"
    )
    assert boxes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], f"flags overlap: {a} {b}"
    # the two notes on one week share a flag ("2, 3"); every number is in the list below
    labels = wide.locator(".openqi-chart-annotation text").all_text_contents()
    assert "2, 3" in labels
    expect(page.locator("ol li")).to_have_count(6)
    # a recalculation is a dotted grey line; a PDSA cycle a solid purple one; the legend says which
    assert wide.locator(".openqi-chart-part").get_attribute("stroke-dasharray") == "2 3"
    assert wide.locator(".openqi-chart-annotation-line").first.get_attribute("stroke-dasharray") is None
    legend = page.locator(".openqi-legend")
    expect(legend).to_contain_text("limits recalculated")
    expect(legend).to_contain_text("PDSA cycle, listed below")
    check_accessibility(page)


def test_the_driver_diagram_shows_the_whole_aim(live_server: Any, page: Any, personas: Any) -> None:
    _, project = _world(personas)
    sign_in(page, live_server, personas.lead.user.email)
    for path in ("drivers/", "report/"):
        page.goto(f"{live_server.url}/o/{personas.org_a.slug}/projects/{project.pk}/{path}")
        drawn = page.locator("svg.openqi-driver-svg").first.evaluate(
            "(svg) => [...svg.querySelectorAll('text')].map(t => t.textContent).join(' ')"
        )
        assert AIM_END in drawn and "…" not in drawn


def test_focus_returns_to_the_changed_driver_and_the_sort_control(live_server: Any, page: Any, personas: Any) -> None:
    _, project = _world(personas)
    org = personas.org_a.slug
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{org}/projects/{project.pk}/drivers/")

    # moving a driver: focus lands on it, not at the top of the page
    page.get_by_role("button", name="Up – move Staff aware of risk up").click()
    expect(page.get_by_text("Moved ‘Staff aware of risk’ up")).to_be_visible()
    focused = page.evaluate("document.activeElement.id")
    node = page.locator("li", has_text="Staff aware of risk").first.get_attribute("id")
    assert focused == node
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_contain_text("Add secondary driver")

    # adding a driver: focus lands on the new one
    page.get_by_role("button", name="Add a primary driver").click()
    page.get_by_label("Text").fill("Safe footwear")
    page.get_by_role("button", name=re.compile("^Add")).click()
    expect(page.get_by_text("Added ‘Safe footwear’")).to_be_visible()
    expect(page.locator(":focus")).to_contain_text("Safe footwear")
    check_accessibility(page)

    # sorting the matrix: focus lands on the column heading used
    page.goto(f"{live_server.url}/o/{org}/measures/matrix/")
    page.get_by_role("link", name=re.compile("^Variation")).click()
    expect(page.locator('th[aria-sort="ascending"]')).to_contain_text("Variation")
    assert page.evaluate("document.activeElement.id") == "sort-variation"
    check_accessibility(page)


def test_a_measure_prints_on_one_page_without_actions(live_server: Any, page: Any, personas: Any) -> None:
    measure, _ = _world(personas)
    ChartEvent.objects.create(
        measure=measure, organisation=measure.organisation, period=START, kind="baseline", reason="Start"
    )
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/measures/{measure.pk}/")
    expect(page.get_by_role("button", name=re.compile("^Undo"))).to_have_count(2)
    page.emulate_media(media="print")
    expect(page.locator("svg.openqi-chart--wide")).to_be_visible()
    expect(page.locator(".openqi-icons")).to_be_visible()
    expect(page.locator(".openqi-summary")).to_be_visible()
    for hidden in (
        page.get_by_role("button", name=re.compile("^Undo")).first,
        page.get_by_role("link", name="Add or correct values"),
        page.get_by_role("link", name="Download the chart (SVG)"),
        page.get_by_role("button", name="Follow this measure"),
        page.get_by_text("Change the rules, chart type or dates"),
    ):
        expect(hidden).to_be_hidden()
    assert _pdf_pages(page.pdf(format="A4")) == 1
    page.emulate_media(media="screen")
    page.get_by_text("Show the chart's data as a table").click()
    page.emulate_media(media="print")
    expect(page.locator(".openqi-data-table")).to_be_visible()
    assert _pdf_pages(page.pdf(format="A4")) <= 2


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))
