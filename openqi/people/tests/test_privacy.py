"""Subject access and erasure for staff records."""

from openqi.conftest import Personas
from openqi.people.models import RecordSource, StaffImport, StaffRecord
from openqi.people.privacy import erase_personal_data, export_personal_data


def test_a_persons_staff_records_are_exported_and_erased(personas: Personas) -> None:
    user = personas.member.user
    StaffRecord.objects.create(
        organisation=personas.org_a, email=user.email, employee_number="77", source=RecordSource.ESR
    )
    StaffRecord.objects.create(organisation=personas.org_b, email="else@beta.nhs.uk", source=RecordSource.ESR)
    StaffImport.objects.create(organisation=personas.org_a, uploaded_by=user, filename="esr.csv")
    exported = export_personal_data(user=user)
    assert [r["employee_number"] for r in exported["staff_records"]] == ["77"]
    counts = erase_personal_data(user=user, pseudonym="Former member")
    assert counts == {"staff_records": 1, "imports_uploaded": 1}
    assert export_personal_data(user=user) == {"staff_records": []}
    assert StaffRecord.objects.filter(email="else@beta.nhs.uk").exists()
    assert StaffImport.objects.get().uploaded_by is None
