"""What the people app holds about a person (registered in `openqi.core.personal_data`): the staff
records the trust's systems sent about them (linked to their account, or with their email).

Erasure deletes those records: they are a copy of the trust's own records, which stay the source.
A later import or SCIM sync that still lists the person would make a new record (and invite them
again), so the trust removes them from what it sends. Imports the person uploaded stay, without
their name, as by a former member."""

from typing import Any

from django.db.models import Q

from openqi.accounts.models import User
from openqi.core import personal_data
from openqi.people.models import StaffImport, StaffRecord


def _records(user: User) -> Any:
    return StaffRecord.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def export_personal_data(*, user: User) -> dict[str, Any]:
    return {
        "staff_records": list(
            _records(user)
            .order_by("pk")
            .values(
                "organisation__name",
                "email",
                "given_name",
                "family_name",
                "employee_number",
                "assignment_number",
                "user_name",
                "external_id",
                "position",
                "staff_group",
                "team__name",
                "active",
                "ended_on",
                "source",
                "created_at",
                "updated_at",
            )
        ),
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    records, _ = _records(user).delete()
    imports = StaffImport.objects.filter(uploaded_by=user).update(uploaded_by=None)
    return {"staff_records": records, "imports_uploaded": imports}


personal_data.register(app="people", export=export_personal_data, erase=erase_personal_data)
