"""The completions import: a preview with row errors; a file with any error saves nothing; the
same file twice adds nothing."""

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openqi.training.importing import import_confirm, import_prepare
from openqi.training.models import ImportStatus, TrainingRecord

pytestmark = pytest.mark.django_db


def _csv(*rows: str) -> bytes:
    return ("email,course,completed_on\n" + "\n".join(rows) + "\n").encode()


def test_a_good_file_imports_once_and_again_adds_nothing(personas: Any, course: Any) -> None:
    content = _csv(
        "member@alpha.nhs.uk,Introduction to Quality Improvement,2026-01-15",
        "LEAD@alpha.nhs.uk,introduction to quality improvement,15/02/2026",
    )
    pending = import_prepare(actor=personas.lead.user, organisation=personas.org_a, filename="esr.csv", content=content)
    assert pending.errors == []
    assert import_confirm(actor=personas.lead.user, pending=pending) == 2
    again = import_prepare(actor=personas.lead.user, organisation=personas.org_a, filename="esr.csv", content=content)
    assert import_confirm(actor=personas.lead.user, pending=again) == 0
    assert TrainingRecord.objects.count() == 2
    assert TrainingRecord.objects.get(user=personas.lead.user).completed_on == datetime.date(2026, 2, 15)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("nobody@alpha.nhs.uk,Introduction to Quality Improvement,2026-01-15", "No one with the email"),
        ("admin@beta.nhs.uk,Introduction to Quality Improvement,2026-01-15", "No one with the email"),
        ("member@alpha.nhs.uk,Underwater basket weaving,2026-01-15", "No course called"),
        ("member@alpha.nhs.uk,Introduction to Quality Improvement,31/02/2026", "Enter the completion date"),
        ("member@alpha.nhs.uk,Introduction to Quality Improvement,2999-01-01", "in the future"),
    ],
)
def test_a_file_with_one_bad_row_saves_nothing(personas: Any, course: Any, row: str, message: str) -> None:
    content = _csv("lead@alpha.nhs.uk,Introduction to Quality Improvement,2026-01-15", row)
    pending = import_prepare(actor=personas.lead.user, organisation=personas.org_a, filename="esr.csv", content=content)
    assert pending.errors[0]["line"] == 3
    assert message in pending.errors[0]["message"]
    with pytest.raises(Exception, match="nothing was imported"):
        import_confirm(actor=personas.lead.user, pending=pending)
    assert not TrainingRecord.objects.exists()


def test_a_duplicate_row_in_the_file_is_an_error(personas: Any, course: Any) -> None:
    row = "member@alpha.nhs.uk,Introduction to Quality Improvement,2026-01-15"
    pending = import_prepare(
        actor=personas.lead.user, organisation=personas.org_a, filename="x.csv", content=_csv(row, row)
    )
    assert pending.errors == [{"line": 3, "message": "The same completion is on line 2"}]


def test_the_pages_upload_preview_and_confirm(personas: Any, lead_client: Client, course: Any) -> None:
    bad = lead_client.post("/o/alpha/training/imports/new/", {"file": SimpleUploadedFile("x.csv", b"name\nx\n")})
    assert bad.status_code == 400
    assert "must have the columns" in bad.content.decode()
    upload = SimpleUploadedFile("esr.csv", _csv("member@alpha.nhs.uk,Introduction to Quality Improvement,2026-01-15"))
    response = lead_client.post("/o/alpha/training/imports/new/", {"file": upload})
    preview = response["Location"]
    assert "Import 1 completions" in lead_client.get(preview).content.decode()
    lead_client.post(preview)
    assert TrainingRecord.objects.count() == 1
    assert lead_client.get(preview).content.decode().count("File imported") >= 1
    from openqi.training.models import CompletionImport

    assert CompletionImport.objects.get().status == ImportStatus.CONFIRMED
