"""A linked measure's baseline and evidence: the generic field the progress score reads."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.projects import selectors, services
from openqi.projects.models import Project
from openqi.projects.scoring import progress_suggest

pytestmark = pytest.mark.django_db


def test_evidence_from_a_measure_lifts_the_suggested_score(project_with_aim: Project, personas: Any) -> None:
    lead = personas.lead.user
    link = services.project_link_add(
        actor=lead, project=project_with_aim, kind="measure", ref_id=1, label="Falls", has_baseline=False
    )
    assert progress_suggest(selectors.progress_evidence(project=project_with_aim)).score == Decimal("1.0")
    # the measures app can report it without a person (actor None), as well as the lead
    services.project_link_evidence_set(actor=None, link=link, has_baseline=True, evidence="sustained")
    assert progress_suggest(selectors.progress_evidence(project=project_with_aim)).score == Decimal("1.5")
    event = AuditEvent.objects.get(action="project.link_evidence")
    assert event.actor is None and event.detail["evidence"] == "sustained"


def test_only_measures_carry_evidence(project: Project, personas: Any) -> None:
    idea = services.project_link_add(
        actor=personas.lead.user, project=project, kind="idea", ref_id=1, label="Idea", has_baseline=False
    )
    with pytest.raises(ValidationError):
        services.project_link_evidence_set(actor=None, link=idea, has_baseline=True, evidence="")


def test_the_lead_changes_evidence_on_its_own_page(project: Project, personas: Any, lead_client: Client) -> None:
    link = services.project_link_add(
        actor=personas.lead.user, project=project, kind="measure", ref_id=4, label="Falls", has_baseline=False
    )
    url = f"/o/alpha/projects/{project.pk}/links/{link.pk}/"
    assert lead_client.get(url).status_code == 200
    response = lead_client.post(url, {"has_baseline": "1", "evidence": "improvement"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.has_baseline, link.evidence) == (True, "improvement")
    response = lead_client.post(url, {"evidence": "wobbly"})
    assert "nhsuk-error-summary" in response.content.decode()


def test_staff_without_a_project_role_cannot_change_evidence(
    project: Project, personas: Any, member_client: Client
) -> None:
    link = services.project_link_add(
        actor=personas.lead.user, project=project, kind="measure", ref_id=4, label="Falls", has_baseline=False
    )
    assert (
        member_client.post(f"/o/alpha/projects/{project.pk}/links/{link.pk}/", {"has_baseline": "1"}).status_code == 403
    )
