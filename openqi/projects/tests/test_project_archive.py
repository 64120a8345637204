"""A project lead archives a project (asked first, Undo offered); it leaves the default list but
stays reachable, shows in the list with "Include archived projects", and can be unarchived."""

from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.projects.models import Project

pytestmark = pytest.mark.django_db


def _url(project: Project, tail: str = "") -> str:
    return f"/o/alpha/projects/{project.pk}/{tail}"


def test_archiving_asks_first_and_changes_nothing_on_the_question(project: Project, lead_client: Client) -> None:
    page = lead_client.get(_url(project, "archive/"))
    assert page.status_code == 200
    assert "Archive ‘Fewer falls on Ward 9’?" in page.content.decode()
    project.refresh_from_db()
    assert not project.is_archived


def test_an_archived_project_leaves_the_list_but_stays_reachable_and_filterable(
    project: Project, lead_client: Client
) -> None:
    response = lead_client.post(_url(project, "archive/"), follow=True)
    text = response.content.decode()
    assert "Project ‘Fewer falls on Ward 9’ archived" in text
    assert f'action="{_url(project, "unarchive/")}"' in text  # the Undo button
    project.refresh_from_db()
    assert project.is_archived
    assert "Fewer falls on Ward 9" not in lead_client.get("/o/alpha/projects/").content.decode()
    listed = lead_client.get("/o/alpha/projects/?archived=1").content.decode()
    assert "Fewer falls on Ward 9" in listed and "Archived" in listed
    detail = lead_client.get(_url(project)).content.decode()
    assert "Archived project" in detail and "Unarchive project" in detail
    event = AuditEvent.objects.get(action="project.archive")
    assert event.detail["title"] == "Fewer falls on Ward 9" and event.object_id == str(project.pk)


def test_unarchive_brings_the_project_back(project: Project, lead_client: Client) -> None:
    lead_client.post(_url(project, "archive/"))
    lead_client.post(_url(project, "unarchive/"))
    project.refresh_from_db()
    assert not project.is_archived
    assert "Fewer falls on Ward 9" in lead_client.get("/o/alpha/projects/").content.decode()
    assert AuditEvent.objects.filter(action="project.unarchive").exists()


def test_only_project_leads_archive_or_unarchive(project: Project, member_client: Client, personas: Any) -> None:
    assert member_client.get(_url(project, "archive/")).status_code == 403
    assert member_client.post(_url(project, "archive/")).status_code == 403
    assert member_client.post(_url(project, "unarchive/")).status_code == 403
    project.refresh_from_db()
    assert not project.is_archived
