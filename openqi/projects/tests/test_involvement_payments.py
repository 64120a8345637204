"""Payments due and paid, for finance: an entry with expenses or a voucher is due until an
organisation lead marks it paid (who and when, audited, undoable); totals by month; a formula-safe
CSV; staff and outsiders are refused."""

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Role
from openqi.projects import services
from openqi.projects.models import InvolvementEntry, Project, ProjectMember
from openqi.projects.selectors.stories import payment_list, payment_periods
from openqi.projects.services.involvement import involvement_mark_paid, involvement_mark_unpaid
from openqi.projects.tests.test_involvement import _add

pytestmark = pytest.mark.django_db

MARCH, APRIL = datetime.date(2026, 3, 10), datetime.date(2026, 4, 2)


@pytest.fixture
def partner(project: Project, personas: Any) -> ProjectMember:
    membership = MembershipFactory(
        organisation=personas.org_a, role=Role.PARTNER, user=UserFactory(full_name="Pat Carer")
    )
    return services.project_member_add(actor=personas.lead.user, project=project, user=membership.user, role="partner")


def _access(personas: Any) -> OrgAccess:
    return OrgAccess(organisation=personas.org_a, membership=personas.lead, is_system_admin=False)


def _entries(project: Project, personas: Any, member: ProjectMember) -> tuple[InvolvementEntry, ...]:
    return (
        _add(project, personas, member, date=MARCH, expenses=Decimal("12.40"), voucher=Decimal("25")),
        _add(project, personas, member, date=MARCH, expenses=Decimal("0"), voucher=Decimal("20")),
        _add(project, personas, member, date=APRIL, expenses=Decimal("0"), voucher=Decimal("0")),
    )


def test_an_entry_with_money_is_due_until_marked_paid_by_whom_and_when(
    project: Project, personas: Any, partner: ProjectMember
) -> None:
    first, _second, nothing = _entries(project, personas, partner)
    assert (first.payment_status, nothing.payment_status) == ("due", "none")
    paid = involvement_mark_paid(actor=personas.lead.user, entry=first)
    assert paid.payment_status == "paid" and paid.paid_by == personas.lead.user and paid.paid_at is not None
    assert AuditEvent.objects.filter(action="involvement.paid", object_id=str(first.pk)).exists()
    with pytest.raises(ValidationError):
        involvement_mark_paid(actor=personas.lead.user, entry=first)
    with pytest.raises(ValidationError):
        involvement_mark_paid(actor=personas.lead.user, entry=nothing)
    again = involvement_mark_unpaid(actor=personas.lead.user, entry=first)
    assert again.payment_status == "due" and again.paid_by is None
    assert AuditEvent.objects.filter(action="involvement.unpaid").exists()


def test_periods_total_what_is_due_and_paid_by_month(project: Project, personas: Any, partner: ProjectMember) -> None:
    first, _second, _nothing = _entries(project, personas, partner)
    involvement_mark_paid(actor=personas.lead.user, entry=first)
    periods = payment_periods(access=_access(personas), user_id=personas.lead.user.pk)
    assert [(p.month, p.due_entries, p.due, p.paid_entries, p.paid) for p in periods] == [
        (datetime.date(2026, 3, 1), 1, Decimal("20"), 1, Decimal("37.40")),
    ]
    due = payment_list(access=_access(personas), user_id=personas.lead.user.pk, status="due")
    assert [e.amount for e in due] == [Decimal("20")]


def test_the_lead_marks_paid_on_the_page_and_exports_formula_safe_csv(
    project: Project, personas: Any, partner: ProjectMember, lead_client: Client
) -> None:
    first, _second, _nothing = _entries(project, personas, partner)
    InvolvementEntry.objects.filter(pk=first.pk).update(activity="=HYPERLINK(1)")
    base = f"/o/{personas.org_a.slug}/projects/involvement/payments/"
    page = lead_client.get(base).content.decode()
    assert "Payments due and paid" in page and "March 2026" in page and "Mark paid" in page
    response = lead_client.post(f"{base}{first.pk}/paid/", {"return_query": "month=2026-03"})
    assert response.status_code == 302 and response["Location"].endswith("?month=2026-03")
    first.refresh_from_db()
    assert first.payment_status == "paid"
    export = lead_client.get(f"{base}export/?month=2026-03")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Project", "Person"]
    paid_row = next(r for r in rows[1:] if r[7] == "Paid")
    assert paid_row[3].startswith("'=") and paid_row[6] == "37.40" and paid_row[9]
    assert AuditEvent.objects.filter(action="involvement.export").exists()


def test_staff_may_not_see_or_mark_payments(
    project: Project, personas: Any, partner: ProjectMember, member_client: Client
) -> None:
    first, _second, _nothing = _entries(project, personas, partner)
    base = f"/o/{personas.org_a.slug}/projects/involvement/payments/"
    assert member_client.get(base).status_code == 403
    assert member_client.post(f"{base}{first.pk}/paid/").status_code == 403
    first.refresh_from_db()
    assert first.paid_at is None


def test_an_entry_with_nothing_to_pay_has_no_paid_page(
    project: Project, personas: Any, partner: ProjectMember, lead_client: Client
) -> None:
    _first, _second, nothing = _entries(project, personas, partner)
    base = f"/o/{personas.org_a.slug}/projects/involvement/payments/"
    assert lead_client.post(f"{base}{nothing.pk}/paid/").status_code == 404


def test_the_involvement_report_totals_payments_due_and_paid(
    project: Project, personas: Any, partner: ProjectMember, lead_client: Client
) -> None:
    from openqi.coproduction.selectors import report

    first, _second, _nothing = _entries(project, personas, partner)
    involvement_mark_paid(actor=personas.lead.user, entry=first)
    found = report(organisation=personas.org_a)
    assert (found.due, found.paid) == (Decimal("20"), Decimal("37.40"))
    rows = lead_client.get(f"/o/{personas.org_a.slug}/involvement/report.csv").content.decode("utf-8-sig")
    assert "Payments due (£),20" in rows and "Payments paid (£),37.40" in rows
