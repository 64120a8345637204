"""Partner involvement: the project lead records sessions, hours, expenses and vouchers for partner
members; partners see their own; organisation leads see totals by project and month and export
them as formula-safe CSV."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Role
from openqi.projects import services
from openqi.projects.models import InvolvementEntry, Project, ProjectMember
from openqi.projects.selectors.stories import involvement_totals
from openqi.projects.services.involvement import involvement_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(project: Project, personas: Any) -> ProjectMember:
    membership = MembershipFactory(
        organisation=personas.org_a, role=Role.PARTNER, user=UserFactory(full_name="Pat Carer")
    )
    return services.project_member_add(actor=personas.lead.user, project=project, user=membership.user, role="partner")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _add(project: Project, personas: Any, member: ProjectMember, **extra: Any) -> InvolvementEntry:
    values = {
        "date": timezone.localdate() - datetime.timedelta(days=3),
        "activity": "Project meeting",
        "hours": Decimal("2.5"),
        "expenses": Decimal("12.40"),
        "voucher": Decimal("25"),
        **extra,
    }
    return involvement_add(actor=personas.lead.user, project=project, member=member, **values)


def test_amounts_and_dates_are_checked(project: Project, personas: Any, partner: ProjectMember) -> None:
    with pytest.raises(ValidationError) as error:
        _add(
            project,
            personas,
            partner,
            date=timezone.localdate() + datetime.timedelta(days=1),
            hours=Decimal("24.5"),
            expenses=Decimal("-1"),
            voucher=Decimal("-5"),
        )
    assert error.value.message_dict == {
        "date": ["The date must be today or in the past"],
        "hours": ["Hours must be 24 or fewer for one entry"],
        "expenses": ["Expenses cannot be negative"],
        "voucher": ["The voucher value cannot be negative"],
    }
    assert not InvolvementEntry.objects.exists()


def test_only_partners_of_this_project_can_have_entries(project: Project, personas: Any) -> None:
    lead_member = ProjectMember.objects.get(project=project)
    with pytest.raises(ValidationError) as error:
        _add(project, personas, lead_member)
    assert "member" in error.value.message_dict


def test_an_entry_is_audited_and_totalled(project: Project, personas: Any, partner: ProjectMember) -> None:
    entry = _add(project, personas, partner)
    _add(project, personas, partner, hours=Decimal("1"), expenses=None, voucher=None)
    event = AuditEvent.objects.get(action="involvement.add", object_id=str(entry.pk))
    assert event.detail["hours"] == "2.5" and event.actor == personas.lead.user
    assert entry.person_name == "Pat Carer"
    totals = involvement_totals(project=project)
    assert (totals.entries, totals.hours, totals.expenses, totals.voucher) == (
        2,
        Decimal("3.5"),
        Decimal("12.40"),
        Decimal("25"),
    )


def test_the_lead_records_involvement_through_the_page_with_clear_errors(
    project: Project, personas: Any, partner: ProjectMember, lead_client: Client
) -> None:
    url = f"/o/alpha/projects/{project.pk}/involvement/"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    bad = lead_client.post(
        url,
        {
            "member": str(partner.pk),
            "date-day": tomorrow.day,
            "date-month": tomorrow.month,
            "date-year": tomorrow.year,
            "activity": "Ward walk-round",
            "hours": "30",
            "expenses": "-2",
        },
    ).content.decode()
    assert "The date must be today or in the past" in bad
    assert "Hours must be 24 or fewer for one entry" in bad
    assert "Expenses cannot be negative" in bad
    day = timezone.localdate()
    good = lead_client.post(
        url,
        {
            "member": str(partner.pk),
            "date-day": day.day,
            "date-month": day.month,
            "date-year": day.year,
            "activity": "Ward walk-round",
            "hours": "1.5",
            "voucher": "20",
        },
    )
    assert good.status_code == 302
    entry = InvolvementEntry.objects.get()
    assert entry.voucher == Decimal("20") and entry.expenses == Decimal("0")
    page = lead_client.get(url).content.decode()
    assert "Ward walk-round" in page and "£20.00" in page
    assert lead_client.post(f"{url}{entry.pk}/remove/").status_code == 302
    assert not InvolvementEntry.objects.exists()
    assert AuditEvent.objects.filter(action="involvement.remove").exists()


def test_staff_get_403_and_outsiders_404(
    project: Project, personas: Any, partner: ProjectMember, member_client: Client, outsider_client: Client
) -> None:
    entry = _add(project, personas, partner)
    url = f"/o/alpha/projects/{project.pk}/involvement/"
    assert member_client.get(url).status_code == 403
    assert member_client.post(f"{url}{entry.pk}/remove/").status_code == 403
    assert member_client.get("/o/alpha/projects/involvement/").status_code == 403
    assert member_client.get("/o/alpha/projects/involvement/export/").status_code == 403
    for path in (url, "/o/alpha/projects/involvement/", "/o/alpha/projects/involvement/export/"):
        assert outsider_client.get(path).status_code == 404
    assert InvolvementEntry.objects.count() == 1


def test_a_partner_sees_only_their_own_entries_and_cannot_record(
    project: Project, personas: Any, partner: ProjectMember
) -> None:
    other = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER, user=UserFactory(full_name="Sam Other"))
    other_member = services.project_member_add(
        actor=personas.lead.user, project=project, user=other.user, role="partner"
    )
    _add(project, personas, partner, activity="Mine: co-design workshop")
    _add(project, personas, other_member, activity="Theirs: interview panel")
    client = _client(partner.user)
    page = client.get(f"/o/alpha/projects/{project.pk}/").content.decode()
    assert "Your involvement" in page and "Mine: co-design workshop" in page
    assert "Theirs: interview panel" not in page
    assert client.get(f"/o/alpha/projects/{project.pk}/involvement/").status_code == 403
    assert client.get("/o/alpha/projects/involvement/").status_code == 403


def test_the_organisation_report_totals_by_project_and_month_and_exports_safely(
    project: Project, personas: Any, partner: ProjectMember, lead_client: Client
) -> None:
    services.project_update(actor=personas.lead.user, project=project, title="=HYPERLINK(1)")
    today = timezone.localdate()
    _add(project, personas, partner, date=today.replace(day=1))
    _add(project, personas, partner, date=today.replace(day=1), hours=Decimal("1"))
    hidden = services.project_create(
        actor=personas.admin.user, organisation=personas.org_a, title="Private work", problem="P", visibility="private"
    )
    hidden_partner = services.project_member_add(
        actor=personas.admin.user, project=hidden, user=partner.user, role="partner"
    )
    involvement_add(
        actor=personas.admin.user,
        project=hidden,
        member=hidden_partner,
        date=today,
        activity="Secret",
        hours=Decimal(3),
    )
    page = lead_client.get("/o/alpha/projects/involvement/").content.decode()
    assert today.strftime("%B %Y") in page and "Private work" not in page
    response = lead_client.get("/o/alpha/projects/involvement/export/")
    body = response.content.decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0] == "Project,Month,Sessions,Hours,Expenses (£),Vouchers (£)"
    assert lines[1] == f"'=HYPERLINK(1),{today:%Y-%m},2,3.50,24.80,50.00"
    assert len(lines) == 2  # the private project the lead cannot see is left out
    assert AuditEvent.objects.get(action="involvement.export").detail == {"rows": 1}
