"""The project page and report show the latest agreed score and prompt when an assessment is due."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from openqi.projects import services as project_services
from openqi.projects.models import Project
from openqi.sustainability.models import Assessment
from openqi.sustainability.panels import due_prompt
from openqi.sustainability.scoring import sustainability_model


@pytest.fixture
def project(personas: Any) -> Project:
    return project_services.project_create(
        actor=personas.lead.user, organisation=personas.org_a, title="Fewer falls", problem="Falls doubled."
    )


def test_an_assessment_is_due_when_implementing_and_every_quarter_while_sustaining() -> None:
    now = timezone.now()
    assert due_prompt(stage="test", last_agreed=None, has_open=False) == ""
    assert "being implemented" in due_prompt(stage="implement", last_agreed=None, has_open=False)
    assert due_prompt(stage="sustain", last_agreed=now - datetime.timedelta(days=30), has_open=False) == ""
    assert "more than three months" in due_prompt(
        stage="sustain", last_agreed=now - datetime.timedelta(days=91), has_open=False
    )
    assert "An assessment is open" in due_prompt(stage="sustain", last_agreed=None, has_open=True)


def test_the_project_page_and_report_show_the_latest_agreed_score(
    personas: Any, project: Project, lead_client: Client
) -> None:
    base = f"/o/{personas.org_a.slug}/projects/{project.pk}/"
    project_services.project_update(actor=personas.lead.user, project=project, stage="implement")
    page = lead_client.get(base).content.decode()
    assert "Not assessed yet." in page and "the project is being implemented" in page

    lead_client.post(f"{base}sustainability/start/")
    assessment = Assessment.objects.get()
    levels = {key: "4" for key in sustainability_model().keys}
    lead_client.post(f"{base}sustainability/{assessment.pk}/score/", {**levels, "monitoring": "1"})
    lead_client.post(f"{base}sustainability/{assessment.pk}/agree/", {**levels, "monitoring": "1"})
    # 78.0 − 6.5 for monitoring at level 1 (its weight unconfirmed) = 71.5
    page = lead_client.get(base).content.decode()
    assert "Agreed score 71.5 from the factors with confirmed weights (3 without)" in page
    assert "Weakest: Effectiveness of the system to monitor progress." in page
    assert "the project is being implemented" not in page
    report = lead_client.get(f"{base}report/").content.decode()
    assert "Agreed score 71.5" in report
