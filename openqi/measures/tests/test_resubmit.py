"""Issue 24, point 3: measure forms sent twice with one submission token create one thing."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openqi.core.submission import FIELD_NAME, new_token
from openqi.core.tests.resubmit import send_twice
from openqi.measures.models import Annotation, ChartEvent, DataPoint, Measure, MeasureSet, PendingImport
from openqi.measures.tests.conftest import IMPROVED, STABLE, add_points, make_measure

pytestmark = pytest.mark.django_db


def _url(personas: Any, suffix: str = "") -> str:
    return f"/o/{personas.org_a.slug}/measures/{suffix}"


@pytest.fixture
def measure(personas: Any) -> Measure:
    measure = make_measure(personas.org_a, target=4.5)
    add_points(measure, STABLE + IMPROVED)
    return measure


def test_a_data_point_sent_twice_is_added_once(personas: Any, lead_client: Client) -> None:
    measure = make_measure(personas.org_a, chart_type="p", improvement="increase")
    url = _url(personas, f"{measure.pk}/data/")
    data = {"period-day": "6", "period-month": "1", "period-year": "2025", "numerator": "9", "denominator": "10"}
    first, _ = send_twice(lead_client, url, data, count=DataPoint.objects.count)
    assert first["Location"] == url


def test_a_measure_sent_twice_is_created_once(personas: Any, lead_client: Client) -> None:
    data = {
        "name": "Falls per 1,000 bed days",
        "measure_type": "outcome",
        "team": str(personas.member.team.pk),
        "what_counted": "Inpatient falls",
        "frequency": "weekly",
        "chart_type": "u",
        "rate_per": "1000",
        "improvement": "decrease",
        "owner": str(personas.lead.user.pk),
        "rules": "mdc",
        "visibility": "team",
    }
    send_twice(lead_client, _url(personas, "new/"), data, count=Measure.objects.count)


def test_a_measure_copied_twice_is_copied_once(personas: Any, lead_client: Client, measure: Measure) -> None:
    data = {"team": str(personas.member.team.pk), "name": "ALOS Ward 1"}
    send_twice(lead_client, _url(personas, f"{measure.pk}/copy/"), data, count=Measure.objects.count)


def test_a_chart_change_sent_twice_is_made_once(personas: Any, lead_client: Client, measure: Measure) -> None:
    period = measure.data_points.all()[20].period
    data = {"kind": "rebase", "period": period.isoformat(), "reason": "Falls bundle adopted"}
    send_twice(lead_client, _url(personas, f"{measure.pk}/chart-changes/new/"), data, count=ChartEvent.objects.count)


def test_an_annotation_sent_twice_is_added_once(personas: Any, lead_client: Client, measure: Measure) -> None:
    period = measure.data_points.all()[5].period
    data = {
        "period-day": period.day,
        "period-month": period.month,
        "period-year": period.year,
        "text": "New checklist",
        "kind": "note",
    }
    send_twice(lead_client, _url(personas, f"{measure.pk}/annotations/new/"), data, count=Annotation.objects.count)


def test_a_selection_sent_twice_is_saved_once(personas: Any, member_client: Client, measure: Measure) -> None:
    data = {"name": "Falls board", "measures": [str(measure.pk)], "shared": "1"}
    send_twice(member_client, _url(personas, "selections/new/"), data, count=MeasureSet.objects.count)


def test_an_upload_sent_twice_is_kept_once(personas: Any, lead_client: Client, measure: Measure) -> None:
    token = new_token()

    def upload() -> Any:
        csv = b"measure,date,value\nAverage length of stay,2025-01-06,4\n"
        return lead_client.post(
            _url(personas, "import/"), {"file": SimpleUploadedFile("data.csv", csv, "text/csv"), FIELD_NAME: token}
        )

    first, second = upload(), upload()
    assert PendingImport.objects.count() == 1
    assert second["Location"] == first["Location"]


def test_an_import_confirmed_twice_imports_once(personas: Any, lead_client: Client, measure: Measure) -> None:
    csv = b"measure,date,value\nAverage length of stay,2030-01-06,4\nAverage length of stay,2030-01-13,5\n"
    uploaded = lead_client.post(_url(personas, "import/"), {"file": SimpleUploadedFile("data.csv", csv, "text/csv")})
    send_twice(
        lead_client, uploaded["Location"], {}, count=lambda: int(DataPoint.objects.filter(period__year=2030).exists())
    )
    assert DataPoint.objects.filter(period__year=2030).count() == 2
