"""A lead's journey through measures in headless Chromium, with axe on every page visited."""

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.measures.models import Annotation, ChartEvent, DataPoint, Measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _csv(bad_row: bool) -> bytes:
    start = datetime.date(2024, 1, 1)
    values = [
        5.1,
        4.8,
        5.3,
        5.0,
        4.9,
        5.2,
        5.1,
        4.7,
        5.0,
        5.3,
        4.9,
        5.1,
        5.0,
        4.8,
        5.2,
        5.0,
        3.9,
        4.0,
        3.8,
        4.1,
        3.9,
        4.0,
    ]
    lines = ["measure,date,value,comment"]
    for i, value in enumerate(values):
        day = start + datetime.timedelta(weeks=i)
        date = "31/02/2024" if bad_row and i == 5 else f"{day:%d/%m/%Y}"
        lines.append(f"Average length of stay,{date},{value},")
    return ("\n".join(lines) + "\n").encode()


def test_a_lead_builds_a_chart_from_an_import_recalculates_annotates_and_reads_the_matrix(
    live_server: Any, page: Any, personas: Any
) -> None:
    sign_in(page, live_server, personas.lead.user.email)
    page.get_by_role("link", name="Measures", exact=True).first.click()
    check_accessibility(page, "measures-empty")

    # create the measure, first with a mistake
    page.get_by_role("button", name="Add a measure").click()
    check_accessibility(page, "measure-new")
    page.get_by_label("Name of the measure").fill("Average length of stay")
    page.get_by_role("button", name="Add measure").click()
    assert page.title().startswith("Error: ")
    expect(page.locator(".nhsuk-error-summary").get_by_text("Enter what is measured")).to_be_visible()
    check_accessibility(page, "measure-new-error")
    page.get_by_label("Outcome").check()
    page.get_by_label("What is measured").fill("Mean length of stay of adults discharged each week")
    page.get_by_label("Weekly").check()
    page.get_by_label("I chart (XmR): individual values").check()
    page.get_by_label("Lower is better").check()
    page.get_by_label("Target (optional)").fill("4.5")
    page.get_by_role("button", name="Add measure").click()
    expect(page.get_by_role("heading", name="Average length of stay", level=1)).to_be_visible()
    check_accessibility(page, "measure-no-data")

    # import a file with one bad row: nothing is saved, the row is named
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/measures/import/")
    check_accessibility(page, "import-upload")
    upload = page.get_by_label("CSV or Excel file")
    upload.set_input_files(files=[{"name": "alos.csv", "mimeType": "text/csv", "buffer": _csv(bad_row=True)}])
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r".*/measures/import/\d+/$"))
    assert page.title().startswith("Error: ")
    expect(page.locator(".nhsuk-error-summary").get_by_text("Row 7: the date must be a real date")).to_be_visible()
    assert page.get_by_role("button", name=re.compile("^Import")).count() == 0
    check_accessibility(page, "import-preview-error")
    assert not DataPoint.objects.exists()

    # fix it and import
    page.get_by_role("link", name="Upload a different file").click()
    page.get_by_label("CSV or Excel file").set_input_files(
        files=[{"name": "alos.csv", "mimeType": "text/csv", "buffer": _csv(bad_row=False)}]
    )
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r".*/measures/import/\d+/$"))
    check_accessibility(page, "import-preview")
    page.get_by_role("button", name="Import 22 values").click()
    # The rows are written by a background task (run at once in tests); the page shows the result.
    page.wait_for_url(re.compile(r".*/measures/import/\d+/$"))
    expect(page.get_by_text("22 values imported")).to_be_visible()
    check_accessibility(page, "import-done")
    assert DataPoint.objects.count() == 22
    page.get_by_role("link", name="See the measures").click()
    page.wait_for_url(re.compile(r".*/measures/matrix/$"))

    # the chart with its icons and summary sentence
    page.get_by_role("link", name="Average length of stay").click()
    page.wait_for_url(re.compile(r".*/measures/\d+/$"))
    chart = page.get_by_role("img", name=re.compile("I chart of Average length of stay"))
    expect(chart).to_be_visible()
    expect(page.get_by_text("Special cause improvement: lower")).to_be_visible()
    assert page.locator(".openqi-summary").inner_text().strip() != ""
    check_accessibility(page, "measure-chart")

    # recalculate from the first lower week
    page.get_by_role("link", name="Recalculate, set a baseline or ghost a point").click()
    check_accessibility(page, "chart-change")
    page.get_by_label("Recalculate limits from this point").check()
    page.get_by_label("From which point?").select_option(label="22 April 2024")
    page.get_by_label("Reason").fill("Discharge to assess adopted after PDSA cycle 3")
    page.get_by_role("button", name="Change chart").click()
    page.wait_for_url(re.compile(r".*/measures/\d+/$"))
    expect(page.get_by_text("Discharge to assess adopted after PDSA cycle 3")).to_be_visible()
    assert page.locator(".openqi-chart--wide .openqi-chart-part").count() == 1
    assert ChartEvent.objects.get().kind == "rebase"
    check_accessibility(page, "measure-chart-recalculated")

    # annotate
    page.get_by_role("link", name="Annotate the chart").click()
    page.get_by_label("Day").fill("15")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("2024")
    page.get_by_label("Annotation").fill("PDSA 3: discharge to assess on two wards")
    page.get_by_label("PDSA cycle").check()
    check_accessibility(page, "annotate")
    page.get_by_role("button", name="Add annotation").click()
    page.wait_for_url(re.compile(r".*/measures/\d+/$"))
    assert page.locator(".openqi-chart--wide .openqi-chart-annotation").count() == 1
    assert Annotation.objects.get().kind == "pdsa"
    check_accessibility(page, "measure-chart-annotated")

    # the icon matrix
    page.get_by_role("link", name="All measures").click()
    page.get_by_role("link", name=re.compile("summary table")).click()
    row = page.get_by_role("row", name=re.compile("Average length of stay"))
    expect(row).to_be_visible()
    assert Measure.objects.get().variation_icon != ""
    check_accessibility(page, "measure-matrix")

    # filter by type, sort by a column, follow the measure, save a selection
    page.get_by_label("Type").select_option(label="Outcome")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("row", name=re.compile("Average length of stay"))).to_be_visible()
    page.get_by_role("link", name="Latest").click()
    expect(page.locator('th[aria-sort="ascending"]')).to_have_text(re.compile("Latest"))
    check_accessibility(page, "measure-matrix-sorted")
    page.get_by_role("link", name="Saved selections of measures").click()
    check_accessibility(page, "measure-selections-empty")
    page.get_by_role("button", name="Save a new selection").click()
    page.get_by_label("Name", exact=True).fill("Flow board")
    page.get_by_label("Average length of stay").check()
    check_accessibility(page, "measure-selection-form")
    page.get_by_role("button", name="Save selection").click()
    expect(page.get_by_text("Selection ‘Flow board’ saved")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Average length of stay"))).to_be_visible()
    page.get_by_role("link", name="Average length of stay").click()
    page.get_by_role("button", name=re.compile("Follow this measure")).click()
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()
    check_accessibility(page, "measure-followed")
