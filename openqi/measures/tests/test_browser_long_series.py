"""A long measure in headless Chromium: the windowed chart, all points averaged, the paged data
table, and a failed import's page, with axe on each."""

import datetime
import os
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.measures.models import DataPoint, ImportStatus, PendingImport
from openqi.measures.tests.conftest import make_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("OPENQI_SCREENSHOTS", "")  # a folder to keep screenshots in, when set


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_long_chart_shows_its_latest_points_all_points_and_pages_its_table(
    live_server: Any, page: Any, personas: Any
) -> None:
    measure = make_measure(personas.org_a, name="Emergency waits", frequency="daily", target=100)
    start = datetime.date(2021, 1, 1)
    DataPoint.objects.bulk_create(
        DataPoint(
            measure=measure,
            organisation=personas.org_a,
            period=start + datetime.timedelta(days=i),
            value=100.0 + (i * 7919 % 23) - (12 if i > 1_200 else 0),
        )
        for i in range(2_000)
    )
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/measures/{measure.pk}/")
    expect(page.get_by_text("The chart shows the latest 104 positions of 2,000 values.")).to_be_visible()
    assert page.locator(".openqi-chart--wide .openqi-chart-points use").count() == 104
    _shot(page, "long-latest")
    check_accessibility(page, "long-chart-latest")

    page.get_by_role("link", name="Show all 2,000 values").click()
    page.wait_for_url(re.compile(r".*\?window=all$"))
    expect(page.get_by_text(re.compile("each mark the average of up to 8 consecutive values"))).to_be_visible()
    assert page.locator(".openqi-chart--wide .openqi-chart-points use").count() <= 260
    _shot(page, "long-all")
    check_accessibility(page, "long-chart-all")

    page.get_by_text("Show the chart's data as a table").click()
    expect(page.get_by_text("Values 1,901 to 2,000 of 2,000")).to_be_visible()
    page.get_by_role("link", name=re.compile("Previous")).click()
    expect(page.get_by_text("Values 1,801 to 1,900 of 2,000")).to_be_visible()  # the table stays open
    _shot(page, "long-table")
    check_accessibility(page, "long-chart-table")


def test_a_failed_import_says_why_and_offers_a_retry(live_server: Any, page: Any, personas: Any) -> None:
    pending = PendingImport(
        organisation=personas.org_a,
        created_by=personas.lead.user,
        filename="waits.csv",
        file_format="csv",
        status=ImportStatus.FAILED,
        failure="A measure in this file has been archived since the upload. Upload it again.",
    )
    pending.hold([{"line": 2, "measure_id": 1, "measure_name": "Waits", "period": "2025-01-06", "value": 4}], [])
    pending.save()
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/measures/import/{pending.pk}/")
    assert page.title().startswith("Error: The import did not finish")
    expect(page.get_by_role("button", name="Try the import again")).to_be_visible()
    _shot(page, "import-failed")
    check_accessibility(page, "import-failed")
    PendingImport.objects.filter(pk=pending.pk).update(status=ImportStatus.IMPORTING)
    page.reload()
    expect(page.get_by_role("link", name="Check whether the import has finished")).to_be_visible()
    _shot(page, "import-running")
    check_accessibility(page, "import-running")
