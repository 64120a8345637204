"""The ESR-style staff import: preview with row errors, atomic confirm, idempotence, matching,
team moves, leavers ended (never deleted), audit, and the pages' permissions."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from openqi.accounts.models import User
from openqi.audit.models import AuditEvent
from openqi.conftest import Personas, client_for
from openqi.organisations.models import Invitation, Membership, Team
from openqi.people import importing
from openqi.people.models import ImportStatus, StaffRecord

HEADER = (
    "Employee Number,Assignment Number,First Name,Last Name,Work Email Address,Organisation,Cost Centre,"
    "Department,Position Title,Staff Group,Assignment Status,Assignment End Date\n"
)


def csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


NEW = "1001,1001-1,Asha,Patel,asha.patel@alpha.nhs.uk,Medicine,Ward 7,,Staff Nurse,Nursing,Active Assignment,"
MEMBER = "1002,1002-1,Mo,Member,member@alpha.nhs.uk,Medicine,Ward 9,,HCA,Support,Active Assignment,"


def prepare(personas: Personas, content: bytes) -> Any:
    return importing.import_prepare(
        actor=personas.admin.user,
        actor_role="org_admin",
        organisation=personas.org_a,
        filename="esr.csv",
        content=content,
    )


def confirm(personas: Personas, pending: Any) -> dict[str, int]:
    return importing.import_confirm(actor=personas.admin.user, actor_role="org_admin", pending=pending)


def test_the_preview_says_what_would_change_and_saves_nothing(personas: Personas) -> None:
    pending = prepare(personas, csv(NEW, MEMBER))
    assert pending.errors == []
    assert pending.preview["new"] == 2
    assert pending.preview["invited"] == 1
    assert pending.preview["linked"] == 1
    assert pending.preview["teams"] == 3  # Medicine, Medicine › Ward 7, Medicine › Ward 9
    assert StaffRecord.objects.count() == 0
    assert not Team.objects.filter(name="Medicine").exists()
    assert not Invitation.objects.filter(email="asha.patel@alpha.nhs.uk").exists()


def test_confirming_invites_new_people_into_nested_teams_and_moves_members(personas: Personas) -> None:
    summary = confirm(personas, prepare(personas, csv(NEW, MEMBER)))
    assert summary["new"] == 2 and summary["invited"] == 1 and summary["linked"] == 1 and summary["moved"] == 1
    ward7 = Team.objects.get(organisation=personas.org_a, name="Ward 7")
    assert ward7.parent is not None and ward7.parent.name == "Medicine"
    invitation = Invitation.objects.pending().get(email="asha.patel@alpha.nhs.uk")
    assert invitation.role == "staff" and invitation.team == ward7
    personas.member.refresh_from_db()
    assert personas.member.team is not None and personas.member.team.name == "Ward 9"
    assert personas.member.role == "staff"
    record = StaffRecord.objects.get(employee_number="1002")
    assert record.user == personas.member.user and record.position == "HCA" and record.staff_group == "Support"
    assert AuditEvent.objects.filter(action="people.import_confirm").exists()
    assert AuditEvent.objects.filter(action="membership.team_change").exists()


def test_the_same_file_again_changes_nothing(personas: Personas) -> None:
    content = csv(NEW, MEMBER)
    confirm(personas, prepare(personas, content))
    entries = AuditEvent.objects.count()
    again = prepare(personas, content)
    assert again.preview["unchanged"] == 2
    assert sum(v for k, v in again.preview.items() if k != "unchanged") == 0
    confirm(personas, again)
    assert Invitation.objects.filter(email="asha.patel@alpha.nhs.uk").count() == 1
    # Only the import's own prepare and confirm entries: no record, team or membership was touched.
    assert set(AuditEvent.objects.order_by("pk")[entries:].values_list("action", flat=True)) == {
        "people.import_prepare",
        "people.import_confirm",
    }


def test_a_leaver_loses_the_membership_but_keeps_the_account(personas: Personas) -> None:
    confirm(personas, prepare(personas, csv(MEMBER)))
    leaver = MEMBER.replace("Active Assignment,", "Terminate Process Assignment,2026-01-31")
    summary = confirm(personas, prepare(personas, csv(leaver)))
    assert summary["left"] == 1
    assert not Membership.objects.filter(pk=personas.member.pk).exists()
    assert User.objects.filter(pk=personas.member.user_id).exists()
    record = StaffRecord.objects.get(employee_number="1002")
    assert record.active is False and str(record.ended_on) == "2026-01-31"
    assert AuditEvent.objects.filter(action="membership.remove").exists()


def test_a_passed_end_date_makes_a_leaver_and_an_invited_leaver_loses_the_invitation(personas: Personas) -> None:
    confirm(personas, prepare(personas, csv(NEW)))
    ended = NEW.replace("Active Assignment,", "Active Assignment,01/02/2020")
    confirm(personas, prepare(personas, csv(ended)))
    assert not Invitation.objects.pending().filter(email="asha.patel@alpha.nhs.uk").exists()
    assert StaffRecord.objects.get(employee_number="1001").active is False


def test_matching_is_by_assignment_number_before_email(personas: Personas) -> None:
    confirm(personas, prepare(personas, csv(NEW)))
    renamed = NEW.replace("asha.patel@", "asha.p@")
    summary = confirm(personas, prepare(personas, csv(renamed)))
    assert summary["email"] == 1 and summary["new"] == 0
    assert StaffRecord.objects.get(assignment_number="1001-1").email == "asha.p@alpha.nhs.uk"
    assert not Invitation.objects.pending().filter(email="asha.patel@alpha.nhs.uk").exists()
    assert Invitation.objects.pending().filter(email="asha.p@alpha.nhs.uk").exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("1003,1003-1,A,B,,Medicine,,,,,Active Assignment,", "Enter the work email address"),
        ("1003,1003-1,A,B,not-an-email,Medicine,,,,,Active Assignment,", "is not an email address"),
        (",,A,B,a@alpha.nhs.uk,Medicine,,,,,Active Assignment,", "Enter the assignment number or the employee number"),
        ("1003,1003-1,A,B,a@alpha.nhs.uk,,,,,,On the moon,", "is not one OpenQI knows"),
        ("1003,1003-1,A,B,a@alpha.nhs.uk,,,,,,Active Assignment,31/31/2026", "Enter the assignment end date"),
        ("1001,9999-1,A,B,a@alpha.nhs.uk,,,,,,Active Assignment,", "The same employee number is on line 2"),
    ],
    ids=["no-email", "bad-email", "no-number", "bad-status", "bad-date", "duplicate"],
)
def test_row_errors_name_the_line_and_block_the_import(personas: Personas, line: str, message: str) -> None:
    pending = prepare(personas, csv(NEW, line))
    assert [e["line"] for e in pending.errors] == [3]
    assert message in pending.errors[0]["message"]
    with pytest.raises(ValidationError, match="Fix the errors"):
        confirm(personas, pending)
    assert StaffRecord.objects.count() == 0


def test_a_row_the_rules_refuse_is_a_row_error_in_the_preview(personas: Personas) -> None:
    me = "1009,1009-1,Ada,Admin,admin@alpha.nhs.uk,,,,,,Terminate Process Assignment,"
    pending = prepare(personas, csv(NEW, me))
    assert pending.errors == [{"line": 3, "message": "You cannot remove yourself. Ask another admin."}]
    assert Membership.objects.filter(pk=personas.admin.pk).exists()


def test_a_file_without_the_columns_is_refused_whole(personas: Personas) -> None:
    with pytest.raises(importing.UploadError, match="missing: assignment number"):
        prepare(personas, b"Employee Number,Work Email Address\n1,a@b.uk\n")


def test_an_admin_uploads_previews_and_confirms_through_the_pages(personas: Personas) -> None:
    client = client_for(personas.admin.user)
    upload = SimpleUploadedFile("esr.csv", csv(NEW), content_type="text/csv")
    response = client.post("/o/alpha/people/import/", {"file": upload})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert b"Check what will change" in page.content and b"Invited to join" in page.content
    done = client.post(response["Location"])
    assert done.status_code == 302
    assert b"Staff records imported" in client.get(done["Location"]).content
    pending = importing.StaffImport.objects.get()
    assert pending.status == ImportStatus.CONFIRMED
    assert b"esr.csv" in client.get("/o/alpha/people/").content


def test_an_unreadable_upload_shows_the_error_summary(personas: Personas) -> None:
    client = client_for(personas.admin.user)
    upload = SimpleUploadedFile("esr.csv", b"\xff\xfe\x00bad", content_type="text/csv")
    response = client.post("/o/alpha/people/import/", {"file": upload})
    assert response.status_code == 400
    assert b"saved as UTF-8" in response.content


def test_a_lead_may_not_import_staff(personas: Personas, lead_client: Any) -> None:
    assert lead_client.get("/o/alpha/people/import/").status_code == 403
    assert lead_client.get("/o/alpha/people/").status_code == 403
