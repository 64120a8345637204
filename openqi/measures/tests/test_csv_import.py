"""Imports read UTF-8 CSV in two layouts, show row-level errors, and save nothing until confirmed."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.factories import MembershipFactory
from openqi.measures import services
from openqi.measures.importing import UploadError, parse_upload
from openqi.measures.models import DataPoint, ImportStatus, PendingImport
from openqi.measures.tests.conftest import make_measure
from openqi.organisations.models import Role


@pytest.fixture
def measures(personas: Any) -> dict[str, Any]:
    return {
        "alos": make_measure(personas.org_a, name="Average length of stay"),
        "falls": make_measure(personas.org_a, name="Falls", chart_type="u", rate_per=1000),
        "count": make_measure(personas.org_a, name="Pressure ulcers", chart_type="c"),
    }


def _by_name(measures: dict[str, Any]) -> dict[str, Any]:
    return {m.name.lower(): m for m in measures.values()}


def test_a_long_file_with_iso_and_uk_dates_and_a_bom_is_read(measures: dict[str, Any]) -> None:
    content = (
        "\ufeffmeasure,date,value,numerator,denominator,comment\n"
        "Average length of stay,2025-01-06,4.2,,,\n"
        "falls,13/01/2025,,3,812,new bay\n"
    ).encode()
    parsed = parse_upload(content, measures=_by_name(measures))
    assert parsed.file_format == "long"
    assert parsed.errors == []
    assert [r["period"] for r in parsed.rows] == ["2025-01-06", "2025-01-13"]
    assert parsed.rows[1]["numerator"] == 3 and parsed.rows[1]["comment"] == "new bay"


def test_a_wide_file_has_one_column_per_measure(measures: dict[str, Any]) -> None:
    content = b"date,Average length of stay,Pressure ulcers\n2025-01-06,4.2,3\n2025-01-13,,2\n"
    parsed = parse_upload(content, measures=_by_name(measures))
    assert parsed.file_format == "wide" and parsed.errors == []
    assert len(parsed.rows) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        ("measure,date,value\nCaf\u00e9,2025-01-06,1\n".encode("latin-1"), "UTF-8"),
        (b"PK\x03\x04not-really-a-workbook", "could not be opened as a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\x00\x00old-xls", "Save older .xls spreadsheets"),
        (b"measure,date,value\n", "no rows of data"),
        (b"name,when,value\nx,2025-01-01,1\n", "first column"),
        (b"measure,date\nx,2025-01-01\n", "must include the columns"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_clear_message(content: bytes, message: str) -> None:
    with pytest.raises(UploadError, match=message):
        parse_upload(content, measures={})


def test_every_bad_row_is_reported_with_its_row_number(measures: dict[str, Any]) -> None:
    content = (
        b"measure,date,value,numerator,denominator\n"
        b"Average length of stay,2025-02-30,4,,\n"  # not a real date
        b"Average length of stay,2025-01-20,four,,\n"  # not a number
        b"Pressure ulcers,2025-01-06,-1,,\n"  # negative count
        b"Falls,2025-01-06,,3,0\n"  # denominator 0
        b'=HYPERLINK("http://x"),2025-01-06,1,,\n'  # formula-like, and no such measure
        b"Average length of stay,06/01/2025,4,,\n"
        b"Average length of stay,2025-01-06,5,,\n"  # the same date again
    )
    parsed = parse_upload(content, measures=_by_name(measures))
    messages = {e["line"]: e["message"] for e in parsed.errors}
    assert set(messages) == {2, 3, 4, 5, 6, 8}
    assert "real date" in messages[2]
    assert "the value must be a number" in messages[3]
    assert "0 or more" in messages[4]
    assert "denominator must be more than 0" in messages[5]
    assert "no current measure" in messages[6]
    assert "earlier in the file" in messages[8]
    assert len(parsed.rows) == 1


def test_a_file_with_errors_cannot_be_confirmed_and_nothing_is_saved(personas: Any, measures: dict[str, Any]) -> None:
    content = b"measure,date,value\nAverage length of stay,2025-01-06,4\nAverage length of stay,bad,4\n"
    pending = services.import_prepare(
        actor=personas.lead.user, organisation=personas.org_a, filename="data.csv", content=content
    )
    with pytest.raises(ValidationError):
        services.import_confirm(actor=personas.lead.user, pending=pending)
    assert not DataPoint.objects.exists()


def test_confirming_saves_every_row_replaces_old_values_and_recomputes(personas: Any, measures: dict[str, Any]) -> None:
    alos = measures["alos"]
    services.data_point_add(
        actor=personas.lead.user, measure=alos, period=__import__("datetime").date(2025, 1, 6), value=9
    )
    content = b"measure,date,value\nAverage length of stay,2025-01-06,4\nAverage length of stay,2025-01-13,5\n"
    pending = services.import_prepare(
        actor=personas.lead.user, organisation=personas.org_a, filename="data.csv", content=content
    )
    assert services.import_confirm(actor=personas.lead.user, pending=pending) == 2
    assert sorted(DataPoint.objects.values_list("value", flat=True)) == [4, 5]
    pending.refresh_from_db()
    assert pending.status == ImportStatus.CONFIRMED
    alos.refresh_from_db()
    assert alos.latest_value == 5
    assert AuditEvent.objects.filter(action="measure.import_confirm").exists()
    with pytest.raises(ValidationError):
        services.import_confirm(actor=personas.lead.user, pending=pending)


def test_an_import_that_fails_half_way_saves_nothing(personas: Any, measures: dict[str, Any]) -> None:
    content = b"measure,date,value\nAverage length of stay,2025-01-06,4\nPressure ulcers,2025-01-06,2\n"
    pending = services.import_prepare(
        actor=personas.lead.user, organisation=personas.org_a, filename="data.csv", content=content
    )
    # the second measure's chart changes after the upload, so its row is no longer valid
    measures["count"].chart_type = "p"
    measures["count"].save()
    with pytest.raises(ValidationError):
        services.import_confirm(actor=personas.lead.user, pending=pending)
    assert not DataPoint.objects.exists()
    pending.refresh_from_db()
    assert pending.status == ImportStatus.PENDING


def test_cancelling_changes_nothing(personas: Any, measures: dict[str, Any]) -> None:
    content = b"measure,date,value\nAverage length of stay,2025-01-06,4\n"
    pending = services.import_prepare(
        actor=personas.lead.user, organisation=personas.org_a, filename="data.csv", content=content
    )
    services.import_cancel(actor=personas.lead.user, pending=pending)
    assert not DataPoint.objects.exists()
    assert pending.status == ImportStatus.CANCELLED
    with pytest.raises(ValidationError):
        services.import_confirm(actor=personas.lead.user, pending=pending)


def test_the_upload_page_shows_row_errors_and_the_import_belongs_to_its_uploader(
    personas: Any, lead_client: Client, measures: dict[str, Any]
) -> None:
    base = f"/o/{personas.org_a.slug}/measures/import/"
    upload = SimpleUploadedFile("data.csv", b"measure,date,value\nAverage length of stay,31/02/2025,4\n", "text/csv")
    response = lead_client.post(base, {"file": upload})
    pending = PendingImport.objects.get()
    assert response["Location"] == f"{base}{pending.pk}/"
    page = lead_client.get(response["Location"]).content.decode()
    assert "Row 2: the date must be a real date" in page
    assert "<title>Error: " in page
    assert "Import 0 values" not in page
    champion = MembershipFactory(organisation=personas.org_a, role=Role.CHAMPION)
    other = Client()
    other.force_login(champion.user)
    assert other.get(f"{base}{pending.pk}/").status_code == 404
    assert other.post(f"{base}{pending.pk}/").status_code == 404


def test_the_upload_page_explains_a_wrong_encoding_in_the_error_summary(
    personas: Any, lead_client: Client, measures: dict[str, Any]
) -> None:
    upload = SimpleUploadedFile("data.csv", "measure,date,value\nCafé,2025-01-06,1\n".encode("cp1252"), "text/csv")
    response = lead_client.post(f"/o/{personas.org_a.slug}/measures/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page and "must be saved as UTF-8" in page
    assert not PendingImport.objects.exists()


def test_no_file_is_an_error_on_the_page(personas: Any, lead_client: Client) -> None:
    response = lead_client.post(f"/o/{personas.org_a.slug}/measures/import/", {})
    assert "Select a CSV or Excel file" in response.content.decode()


def test_a_file_over_5_mb_is_refused(personas: Any, lead_client: Client, measures: dict[str, Any]) -> None:
    big = b"measure,date,value\n" + b"Average length of stay,2025-01-06,4\n" * 160_000
    assert len(big) > 5 * 1024 * 1024
    upload = SimpleUploadedFile("big.csv", big, "text/csv")
    response = lead_client.post(f"/o/{personas.org_a.slug}/measures/import/", {"file": upload})
    assert "smaller than 5 MB" in response.content.decode()
    assert not PendingImport.objects.exists()
