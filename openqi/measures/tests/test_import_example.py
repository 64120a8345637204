"""The import page's example is valid CSV, imports exactly as shown, and downloads as a template
for the chosen measure."""

import html
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openqi.measures.models import DataPoint, PendingImport
from openqi.measures.tests.conftest import make_measure

pytestmark = pytest.mark.django_db


def _shown_example(page: str) -> str:
    found = re.search(r'<pre class="openqi-example" id="import-example"[^>]*>(.*?)</pre>', page, re.S)
    assert found, "the page shows no example"
    return html.unescape(found.group(1))


def _import(client: Client, base: str, text: str) -> PendingImport:
    upload = SimpleUploadedFile("example.csv", text.encode(), "text/csv")
    response = client.post(base, {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    pending = PendingImport.objects.latest("pk")
    preview = client.get(response["Location"]).content.decode()
    assert "Row " not in preview, preview
    confirmed = client.post(response["Location"])
    assert confirmed.status_code == 302
    return pending


def test_the_pages_own_example_imports_exactly_as_shown(personas: Any, lead_client: Client) -> None:
    alos = make_measure(personas.org_a, name="Average length of stay")
    falls = make_measure(personas.org_a, name="Falls per 1,000 bed days", chart_type="u", rate_per=1000)
    base = f"/o/{personas.org_a.slug}/measures/import/"
    example = _shown_example(lead_client.get(base).content.decode())
    assert '"Falls per 1,000 bed days",06/01/2025,,3,812,' in example
    _import(lead_client, base, example)
    assert DataPoint.objects.get(measure=alos).value == pytest.approx(4.2)
    falls_point = DataPoint.objects.get(measure=falls)
    assert (falls_point.numerator, falls_point.denominator) == (3, 812)


@pytest.mark.parametrize(
    ("chart_type", "points"),
    [("i", 3), ("p", 3), ("u", 3), ("c", 3), ("t", 3), ("xbar", 3)],
)
def test_the_example_for_a_chosen_measure_imports_as_shown_after_its_latest_data(
    personas: Any, lead_client: Client, chart_type: str, points: int
) -> None:
    measure = make_measure(personas.org_a, name="Discharges, before noon", chart_type=chart_type, frequency="weekly")
    base = f"/o/{personas.org_a.slug}/measures/import/"
    page = lead_client.get(f"{base}?measure={measure.pk}").content.decode()
    example = _shown_example(page)
    assert example.splitlines()[1].startswith('"Discharges, before noon",')
    assert f"{base}template.csv?measure={measure.pk}" in page
    _import(lead_client, base, example)
    assert DataPoint.objects.filter(measure=measure).count() == points


def test_the_template_download_is_the_example_for_the_chosen_measure(personas: Any, lead_client: Client) -> None:
    measure = make_measure(personas.org_a, name="Falls per 1,000 bed days", chart_type="u", rate_per=1000)
    base = f"/o/{personas.org_a.slug}/measures/import/"
    shown = _shown_example(lead_client.get(f"{base}?measure={measure.pk}").content.decode())
    response = lead_client.get(f"{base}template.csv?measure={measure.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="import-template-{measure.pk}.csv"' in response["Content-Disposition"]
    downloaded = response.content.decode("utf-8-sig").replace("\r\n", "\n").strip()
    assert downloaded == shown
    _import(lead_client, base, downloaded)
    assert DataPoint.objects.filter(measure=measure).count() == 3


def test_another_organisations_measure_is_never_the_example(personas: Any, lead_client: Client) -> None:
    theirs = make_measure(personas.org_b, name="Their secret measure")
    base = f"/o/{personas.org_a.slug}/measures/import/"
    assert "Their secret measure" not in lead_client.get(f"{base}?measure={theirs.pk}").content.decode()
    assert "Their secret measure" not in lead_client.get(f"{base}template.csv?measure={theirs.pk}").content.decode()
