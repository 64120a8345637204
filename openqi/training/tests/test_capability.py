"""The capability dashboard counts people per level, team and quarter against targets, and
active projects led by someone trained at leader level; the ICS view and the export."""

import datetime
from typing import Any

import pytest
from django.test import Client

from openqi.projects.models import ProjectRole
from openqi.projects.services.projects import project_create, project_member_add
from openqi.training import selectors, services
from openqi.training.models import RecordSource, TrainingRecord
from openqi.training.tests.conftest import level, make_course

pytestmark = pytest.mark.django_db


def _record(personas: Any, membership: Any, course: Any, day: datetime.date) -> TrainingRecord:
    return TrainingRecord.objects.create(
        organisation=membership.organisation,
        user=membership.user,
        team=membership.team,
        course=course,
        level=course.level,
        completed_on=day,
        source=RecordSource.IMPORT,
    )


def test_people_are_counted_once_per_level_by_team_and_quarter_against_target(personas: Any, course: Any) -> None:
    leaders = make_course(personas, title="QI Leaders", level_name="Leader")
    _record(personas, personas.member, course, datetime.date(2025, 2, 1))
    _record(personas, personas.member, course, datetime.date(2025, 8, 1))  # again: still one person
    _record(personas, personas.lead, leaders, datetime.date(2025, 8, 2))
    services.target_set(actor=personas.lead.user, organisation=personas.org_a, level=course.level, percent=25)
    sepsis = project_create(actor=personas.lead.user, organisation=personas.org_a, title="Sepsis", problem="Late")
    project_create(actor=personas.member.user, organisation=personas.org_a, title="Falls", problem="Night")
    project_member_add(actor=personas.lead.user, project=sepsis, user=personas.admin.user, role=ProjectRole.QI_COACH)

    summary = selectors.capability_summary(organisation=personas.org_a)
    foundation = next(r for r in summary.levels if r.level.name == "Foundation")
    assert summary.staff == 3
    assert (foundation.people, foundation.percent, foundation.target, foundation.meets_target) == (1, 33.3, 25, True)
    assert [(t.name, t.by_level) for t in summary.teams] == [("Ward 1", {course.level_id: 1})]
    assert [(q.label, q.completions, q.cumulative) for q in summary.quarters] == [("2025 Q1", 1, 1), ("2025 Q3", 2, 3)]
    assert [q.by_level for q in summary.quarters] == [{course.level_id: 1}, {course.level_id: 1, leaders.level_id: 1}]
    assert (summary.active_projects, summary.led_by_leader) == (2, 1)
    assert (summary.coaches, summary.coaches_per_project) == (1, 0.5)


def test_people_trained_are_counted_by_their_staff_group_in_this_organisation(
    personas: Any, lead_client: Client, course: Any
) -> None:
    from openqi.people.models import StaffRecord

    leaders = make_course(personas, title="QI Leaders", level_name="Leader")
    nursing, ahp = "Nursing and Midwifery Registered", "Allied Health Professionals"
    for org, email, user, group, active in (
        (personas.org_a, "member@alpha.nhs.uk", personas.member.user, nursing, True),
        (personas.org_a, "lead@alpha.nhs.uk", personas.lead.user, ahp, True),
        (personas.org_a, "newstarter@alpha.nhs.uk", None, nursing, True),  # no account yet: still staff
        (personas.org_a, "leaver@alpha.nhs.uk", None, "Estates and Ancillary", False),
        (personas.org_b, "member@alpha.nhs.uk", personas.member.user, "Medical and Dental", True),  # elsewhere
    ):
        StaffRecord.objects.create(
            organisation=org, email=email, user=user, staff_group=group, active=active, source="esr"
        )
    _record(personas, personas.member, course, datetime.date(2025, 2, 1))
    _record(personas, personas.member, course, datetime.date(2025, 8, 1))  # again: still one person
    _record(personas, personas.lead, leaders, datetime.date(2025, 8, 2))

    groups = selectors.capability_summary(organisation=personas.org_a).staff_groups
    assert [(g.name, g.staff, g.by_level) for g in groups] == [
        (ahp, 1, {leaders.level_id: 1}),
        (nursing, 2, {course.level_id: 1}),
    ]
    page = lead_client.get("/o/alpha/training/capability/").content.decode()
    assert "By staff group" in page and nursing in page and "Medical and Dental" not in page


def test_without_staff_records_the_staff_group_table_says_where_groups_come_from(
    personas: Any, lead_client: Client, course: Any
) -> None:
    _record(personas, personas.member, course, datetime.date(2025, 2, 1))
    assert selectors.capability_summary(organisation=personas.org_a).staff_groups == []
    assert "No staff groups recorded yet" in lead_client.get("/o/alpha/training/capability/").content.decode()


def test_the_ics_view_puts_organisations_side_by_side(personas: Any, course: Any) -> None:
    _record(personas, personas.member, course, datetime.date(2025, 2, 1))
    rows = {r.organisation.slug: r for r in selectors.capability_system(organisation=personas.org_a)}
    assert (rows["alpha"].trained, rows["beta"].trained) == (1, 0)


def test_the_ics_view_is_exported_with_counts_only_and_audited(
    personas: Any, lead_client: Client, member_client: Client, course: Any
) -> None:
    from openqi.audit.models import AuditEvent

    _record(personas, personas.member, course, datetime.date(2025, 2, 1))
    assert "Download this table (CSV)" in lead_client.get("/o/alpha/training/capability/ics/").content.decode()
    response = lead_client.get("/o/alpha/training/capability/ics/export.csv")
    body = response.content.decode("utf-8-sig").splitlines()
    assert body[0] == "organisation,staff,people_trained,share_percent,trained_as_leaders"
    assert f"{personas.org_a.name},3,1,33.3,0" in body
    assert personas.member.user.email not in response.content.decode()
    assert AuditEvent.objects.filter(action="training.export_ics").count() == 1
    assert member_client.get("/o/alpha/training/capability/ics/export.csv").status_code == 403


def test_the_dashboard_moves_and_the_export_escapes_formulas(personas: Any, lead_client: Client, course: Any) -> None:
    personas.member.user.full_name = "=HYPERLINK(1)"
    personas.member.user.save()
    _record(personas, personas.member, course, datetime.date(2025, 2, 1))
    assert "2025 Q1" in lead_client.get("/o/alpha/training/capability/").content.decode()
    export = lead_client.get("/o/alpha/training/capability/export.csv").content.decode()
    assert "'=HYPERLINK(1)" in export
    assert level(personas, "Foundation").name in export


def test_the_leaders_dashboard_shows_people_trained_by_level_and_leaves_it_off_a_team_page(
    personas: Any, lead_client: Client, member_client: Client, course: Any
) -> None:
    _record(personas, personas.member, course, datetime.date(2025, 2, 1))
    services.target_set(actor=personas.lead.user, organisation=personas.org_a, level=course.level, percent=25)
    page = lead_client.get("/o/alpha/dashboards/").content.decode()
    assert "Improvement capability" in page and "People and capability" in page
    assert "1 of 3 staff have trained at the most-attended level" in page
    export = lead_client.get("/o/alpha/dashboards/export/capability/csv/").content.decode("utf-8-sig")
    assert "Foundation,1,33.3%,25%,Yes" in export
    team_page = member_client.get(f"/o/alpha/dashboards/team/{personas.member.team.pk}/").content.decode()
    assert "Improvement capability" not in team_page
