"""Starting a project from a template or from an idea of the same organisation."""

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.projects import services
from openqi.projects.library import TEMPLATES, template_get
from openqi.projects.models import DriverNode, LinkKind, Project, ProjectLink, SuggestedMeasure

pytestmark = pytest.mark.django_db


def make_idea(organisation: Any, *, identity: str = "anonymous", submitted_by: Any = None) -> Any:
    # Built through the app registry: the projects app never imports the ideas app's models (ADR 0008).
    return apps.get_model("ideas", "Idea").objects.create(
        organisation=organisation,
        title="Clocks in side rooms",
        problem="Patients in side rooms lose track of time and fall when they get up at night.",
        suggestion="Fit a large clock in each side room.",
        domains=",safe,patient_centred,",
        identity=identity,
        submitted_by=submitted_by,
        submitted_on=datetime.date(2026, 10, 1),
    )


def test_every_template_is_complete() -> None:
    for template in TEMPLATES:
        assert template.problem_prompt and template.aim_what and template.domains
        assert {m.family for m in template.measures} == {"outcome", "process", "balancing"}
        assert template.node_count >= 5
        assert all(m.definition for m in template.measures)


def test_a_template_adds_its_aim_skeleton_driver_diagram_and_suggested_measures(personas: Any) -> None:
    template = template_get("falls")
    assert template is not None
    project = services.project_start(
        actor=personas.lead.user, organisation=personas.org_a, title="Falls", problem="Falls.", template=template
    )
    assert project.aim_what == "reduce inpatient falls with harm" and project.aim_unit == "%"
    assert DriverNode.objects.filter(project=project).count() == template.node_count
    primary = DriverNode.objects.get(project=project, text="Reliable risk assessment")
    assert primary.parent is None and primary.children.count() == 2
    assert list(SuggestedMeasure.objects.filter(project=project).values_list("family", flat=True)) == [
        "outcome",
        "process",
        "balancing",
    ]
    assert AuditEvent.objects.filter(action="project.start_from_template", detail__template="falls").count() == 1


def test_an_idea_from_another_organisation_is_refused_by_the_service(personas: Any) -> None:
    idea = services.SourceIdea(1, personas.org_b.pk, "x", "y", "z", ())
    with pytest.raises(ValidationError):
        services.project_start(actor=personas.lead.user, organisation=personas.org_a, title="T", problem="P", idea=idea)
    assert not Project.objects.exists()


def test_the_create_page_prefills_from_an_anonymous_idea_and_links_it(personas: Any, lead_client: Client) -> None:
    idea = make_idea(personas.org_a)
    page = lead_client.get(f"/o/alpha/projects/new/?idea={idea.pk}").content.decode()
    assert "Clocks in side rooms" in page and "Suggested change: Fit a large clock" in page
    response = lead_client.post(
        "/o/alpha/projects/new/",
        {
            "idea": str(idea.pk),
            "template": "",
            "title": "Clocks in side rooms",
            "problem": "Patients lose track of time.",
            "domains": ["safe"],
            "visibility": "organisation",
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302
    link = ProjectLink.objects.get(project=project)
    assert (link.kind, link.ref_id, link.label) == (LinkKind.IDEA, idea.pk, "Clocks in side rooms")
    assert AuditEvent.objects.filter(action="project.start_from_idea", detail__idea=idea.pk).exists()
    detail = lead_client.get(f"/o/alpha/projects/{project.pk}/").content.decode()
    assert "Anonymous" not in detail


def test_a_named_ideas_author_is_not_copied_into_the_project(personas: Any, lead_client: Client) -> None:
    idea = make_idea(personas.org_a, identity="qi_team", submitted_by=personas.member.user)
    page = lead_client.get(f"/o/alpha/projects/new/?idea={idea.pk}").content.decode()
    assert personas.member.user.display_name not in page
    assert personas.member.user.email not in page


def test_an_idea_of_another_organisation_is_404_and_staff_get_403(
    personas: Any, lead_client: Client, member_client: Client
) -> None:
    other = make_idea(personas.org_b)
    assert lead_client.get(f"/o/alpha/projects/new/?idea={other.pk}").status_code == 404
    assert (
        lead_client.post(
            "/o/alpha/projects/new/",
            {"idea": str(other.pk), "title": "T", "problem": "P", "visibility": "organisation"},
        ).status_code
        == 404
    )
    own = make_idea(personas.org_a)
    assert member_client.get(f"/o/alpha/projects/new/?idea={own.pk}").status_code == 403
    assert lead_client.get("/o/alpha/projects/new/?idea=abc").status_code == 404
    assert member_client.get("/o/alpha/projects/new/").status_code == 200
    assert not Project.objects.exists()


def test_the_create_page_offers_templates_and_starts_from_one(personas: Any, member_client: Client) -> None:
    page = member_client.get("/o/alpha/projects/new/?template=flow").content.decode()
    assert "Improve patient flow / reduce delays to discharge" in page and "Discharges before noon" in page
    response = member_client.post(
        "/o/alpha/projects/new/",
        {"template": "flow", "title": "Flow", "problem": "Delays.", "visibility": "organisation"},
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert SuggestedMeasure.objects.filter(project=project).count() == 3
    detail = member_client.get(f"/o/alpha/projects/{project.pk}/").content.decode()
    assert "Suggested measures to create" in detail and "Discharges before noon" in detail


def test_an_unknown_template_is_a_form_error(personas: Any, member_client: Client) -> None:
    response = member_client.post(
        "/o/alpha/projects/new/", {"template": "nope", "title": "T", "problem": "P", "visibility": "organisation"}
    )
    assert "Choose a template from the list" in response.content.decode()
    assert not Project.objects.exists()


def test_the_idea_page_offers_a_project_to_the_qi_team_only(
    personas: Any, lead_client: Client, member_client: Client
) -> None:
    idea = make_idea(personas.org_a)
    assert "Start a project from this idea" in lead_client.get(f"/o/alpha/ideas/{idea.pk}/").content.decode()
    assert "Start a project from this idea" not in member_client.get(f"/o/alpha/ideas/{idea.pk}/").content.decode()


def test_only_the_lead_removes_a_suggested_measure_and_it_is_audited(
    personas: Any, lead_client: Client, member_client: Client
) -> None:
    project = services.project_start(
        actor=personas.lead.user, organisation=personas.org_a, title="F", problem="P", template=template_get("falls")
    )
    suggestion = SuggestedMeasure.objects.filter(project=project).first()
    assert suggestion is not None
    url = f"/o/alpha/projects/{project.pk}/suggested-measures/{suggestion.pk}/remove/"
    assert member_client.post(url).status_code == 403
    assert lead_client.post(url).status_code == 302
    assert not SuggestedMeasure.objects.filter(pk=suggestion.pk).exists()
    assert AuditEvent.objects.filter(action="project.suggested_measure_remove").exists()
