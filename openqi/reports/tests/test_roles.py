"""Who may ask for, follow, download and schedule reports: staff for the newsletter, project and
campaign reports, leads and admins for the board report and schedules; a project one-pager only
for those who can see the project today; outsiders never (the shared outsider test, too)."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for
from openqi.organisations.access import org_access_get
from openqi.projects.models import ProjectMember, ProjectRole, Visibility
from openqi.reports import services
from openqi.reports.models import Report, ReportSchedule, Status
from openqi.reports.tests.helpers import make_project

pytestmark = pytest.mark.django_db


def _url(name: str, *args: Any) -> str:
    return reverse(f"reports:{name}", args=["alpha", *args])


def _board(personas: Any) -> Report:
    access = org_access_get(user=personas.lead.user, org_slug="alpha")
    return services.report_request(actor=personas.lead.user, access=access, kind="board", parameters={})


def test_staff_see_the_list_and_ask_for_a_newsletter_which_is_built_and_downloadable(
    personas: Any, member_client: Client
) -> None:
    response = member_client.get(_url("report_list"))
    assert response.status_code == 200
    assert "No reports yet" in response.content.decode()
    page = member_client.get(_url("report_create")).content.decode()
    assert "newsletter" in page and "Integrated improvement report for the board" not in page
    response = member_client.post(_url("report_create"), {"kind": "newsletter", "team": ""})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("report_detail", report.pk)
    assert report.status == Status.READY and report.requested_by == personas.member.user
    detail = member_client.get(_url("report_detail", report.pk)).content.decode()
    assert "Download the PDF" in detail
    download = member_client.get(_url("report_download", report.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "no-store" in download["Cache-Control"]
    assert download.content.startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="reports.report_request", object_id=str(report.pk)).exists()
    assert AuditEvent.objects.filter(action="reports.report_download", object_id=str(report.pk)).exists()


def test_a_member_cannot_ask_for_the_board_report_and_nothing_is_saved(personas: Any, member_client: Client) -> None:
    response = member_client.post(_url("report_create"), {"kind": "board"})
    assert response.status_code == 200
    assert "Choose which report to make" in response.content.decode()
    assert not Report.objects.exists()


def test_a_lead_s_board_report_is_hidden_from_staff_everywhere(personas: Any, member_client: Client) -> None:
    report = _board(personas)
    assert report.title not in member_client.get(_url("report_list")).content.decode()
    for name in ("report_detail", "report_live", "report_download"):
        assert member_client.get(_url(name, report.pk)).status_code == 404
    lead = client_for(personas.lead.user)
    assert report.title in lead.get(_url("report_list")).content.decode()
    assert lead.get(_url("report_download", report.pk)).status_code == 200
    assert client_for(personas.admin.user).get(_url("report_download", report.pk)).status_code == 200


def test_a_project_one_pager_is_checked_again_on_download_when_the_project_turns_private(
    personas: Any, member_client: Client
) -> None:
    project = make_project(personas.org_a, "Fewer falls at night")
    response = member_client.post(_url("report_create"), {"kind": "project", "project": str(project.pk)})
    report = Report.objects.get()
    assert response.status_code == 302
    assert member_client.get(_url("report_download", report.pk)).status_code == 200
    project.visibility = Visibility.PRIVATE
    project.save()
    assert member_client.get(_url("report_download", report.pk)).status_code == 404
    assert report.title not in member_client.get(_url("report_list")).content.decode()
    ProjectMember.objects.create(
        project=project, organisation=personas.org_a, user=personas.member.user, role=ProjectRole.MEMBER
    )
    assert member_client.get(_url("report_download", report.pk)).status_code == 200


def test_a_private_project_is_no_choice_for_someone_who_cannot_see_it(personas: Any, member_client: Client) -> None:
    project = make_project(personas.org_a, "Secret work", visibility=Visibility.PRIVATE)
    response = member_client.post(_url("report_create"), {"kind": "project", "project": str(project.pk)})
    assert response.status_code == 200
    assert "Choose a project from the list" in response.content.decode()
    assert not Report.objects.exists()


def test_a_project_one_pager_needs_a_project(personas: Any, member_client: Client) -> None:
    response = member_client.post(_url("report_create"), {"kind": "project"})
    assert "Choose the project for the one-pager" in response.content.decode()
    assert not Report.objects.exists()


def test_the_live_address_answers_304_until_the_report_changes(personas: Any) -> None:
    report = _board(personas)
    lead = client_for(personas.lead.user)
    first = lead.get(_url("report_live", report.pk))
    assert first.status_code == 200
    again = lead.get(_url("report_live", report.pk), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    Report.objects.filter(pk=report.pk).update(status=Status.BUILDING, progress=40)
    assert lead.get(_url("report_live", report.pk), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_queued_report_shows_its_progress_and_a_reload_link(personas: Any) -> None:
    report = _board(personas)
    Report.objects.filter(pk=report.pk).update(status=Status.BUILDING, progress=40, stage="Drawing charts (5 of 12)")
    page = client_for(personas.lead.user).get(_url("report_detail", report.pk)).content.decode()
    assert 'value="40"' in page and "Drawing charts (5 of 12)" in page
    assert "reload the page" in page and "data-live-url" in page
    assert "Download the PDF" not in page
    assert client_for(personas.lead.user).get(_url("report_download", report.pk)).status_code == 404


def test_schedules_are_for_leads_and_admins(personas: Any, member_client: Client, lead_client: Client) -> None:
    assert member_client.get(_url("schedule_list")).status_code == 403
    assert member_client.get(_url("schedule_create")).status_code == 403
    assert lead_client.get(_url("schedule_list")).status_code == 200
    response = lead_client.post(
        _url("schedule_create"),
        {"kind": "board", "day_of_month": "3", "recipients": [str(personas.admin.pk), str(personas.lead.pk)]},
    )
    assert response.status_code == 302
    schedule = ReportSchedule.objects.get()
    assert schedule.day_of_month == 3 and set(schedule.recipients.all()) == {personas.admin, personas.lead}
    assert member_client.post(_url("schedule_delete", schedule.pk)).status_code == 403
    assert lead_client.get(_url("schedule_delete", schedule.pk)).status_code == 405
    assert lead_client.post(_url("schedule_delete", schedule.pk)).status_code == 302
    assert not ReportSchedule.objects.exists()
    assert AuditEvent.objects.filter(action="reports.schedule_delete").exists()


def test_a_schedule_without_recipients_or_with_someone_else_s_member_saves_nothing(
    personas: Any, lead_client: Client
) -> None:
    response = lead_client.post(_url("schedule_create"), {"kind": "board", "day_of_month": "1"})
    assert "Choose at least one person to send the link to" in response.content.decode()
    response = lead_client.post(
        _url("schedule_create"), {"kind": "board", "day_of_month": "1", "recipients": [str(personas.outsider.pk)]}
    )
    assert "Choose people from the list" in response.content.decode()
    response = lead_client.post(
        _url("schedule_create"), {"kind": "board", "day_of_month": "31", "recipients": [str(personas.lead.pk)]}
    )
    assert "Choose a day from 1 to 28" in response.content.decode()
    assert not ReportSchedule.objects.exists()


def test_outsiders_get_404_on_every_report_page(personas: Any, outsider_client: Client) -> None:
    report = _board(personas)
    for name, args in (
        ("report_list", ()),
        ("report_create", ()),
        ("report_detail", (report.pk,)),
        ("report_live", (report.pk,)),
        ("report_download", (report.pk,)),
        ("schedule_list", ()),
        ("schedule_create", ()),
    ):
        assert outsider_client.get(_url(name, *args)).status_code == 404, name
