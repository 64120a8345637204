"""Adopting another project's change package: what is copied, who may, what each side sees."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.projects import services
from openqi.projects.models import DriverNode, PdsaCycle, Project, ProjectLink, SuggestedMeasure
from openqi.projects.tests.conftest import future

pytestmark = pytest.mark.django_db


def run_cycle(actor: Any, project: Project, objective: str, decision: str, change_idea: Any = None) -> PdsaCycle:
    cycle = services.pdsa_cycle_plan(
        actor=actor,
        project=project,
        objective=objective,
        question="Will it work?",
        prediction="Half the patients",
        change_idea=change_idea,
        plan_who="Sister Jones",
        data_to_collect="Audit of 10 notes",
    )
    services.pdsa_cycle_record_do(actor=actor, cycle=cycle, what_happened="Done on a Monday", observations="Busy")
    services.pdsa_cycle_record_study(actor=actor, cycle=cycle, results="8 of 10: better than predicted")
    return services.pdsa_cycle_complete(actor=actor, cycle=cycle, decision=decision, next_steps="Next")


@pytest.fixture
def source(personas: Any) -> Project:
    lead = personas.lead.user
    project = services.project_create(
        actor=lead,
        organisation=personas.org_a,
        title="Falls bundle on Ward 9",
        problem="Private detail: three falls with harm in bay 2.",
        domains=["safe"],
        visibility="public",
    )
    services.project_aim_set(
        actor=lead,
        project=project,
        what="Reduce falls",
        amount=30,
        unit="%",
        by=future(),
        for_whom="Ward 9",  # type: ignore[arg-type]
    )
    primary = services.driver_node_add(actor=lead, project=project, text="Reliable risk assessment")
    secondary = services.driver_node_add(actor=lead, project=project, text="Assessment on admission", parent=primary)
    idea = services.driver_node_add(actor=lead, project=project, text="Falls bundle in the form", parent=secondary)
    services.project_link_add(
        actor=lead, project=project, kind="measure", ref_id=7, label="Falls per 1,000 bed days", has_baseline=True
    )
    ProjectLink.objects.filter(ref_id=7).update(measure_type="outcome")
    run_cycle(lead, project, "Try the bundle", "adopt", idea)
    run_cycle(lead, project, "Try it at night", "adapt")
    run_cycle(lead, project, "Try a sensor mat", "abandon")
    return project


def test_adopting_copies_the_drivers_measures_and_the_plans_of_kept_cycles(source: Project, personas: Any) -> None:
    project = services.project_adopt(
        actor=personas.outsider.user,
        source=source,
        organisation=personas.org_b,
        title="Falls bundle at Beta",
        problem="Falls on our wards.",
    )
    assert project.organisation == personas.org_b and project.adopted_from == source and project.copied_from is None
    assert project.domains == ["safe"] and not project.has_aim
    texts = {n.text: n for n in DriverNode.objects.filter(project=project)}
    assert set(texts) == {"Reliable risk assessment", "Assessment on admission", "Falls bundle in the form"}
    assert texts["Falls bundle in the form"].parent == texts["Assessment on admission"]
    assert all(n.organisation == personas.org_b for n in texts.values())
    (measure,) = SuggestedMeasure.objects.filter(project=project)
    assert (measure.family, measure.name) == ("outcome", "Falls per 1,000 bed days")
    cycles = list(PdsaCycle.objects.filter(project=project).order_by("number"))
    assert [(c.number, c.objective, c.status) for c in cycles] == [
        (1, "Try the bundle", "planned"),
        (2, "Try it at night", "planned"),
    ]
    first = cycles[0]
    assert first.question == "Will it work?" and first.prediction == "Half the patients"
    assert first.data_to_collect == "Audit of 10 notes" and first.change_idea == texts["Falls bundle in the form"]
    assert not (first.plan_who or first.do_what_happened or first.study_results or first.act_decision)
    adopt = AuditEvent.objects.get(action="project.adopt")
    spread = AuditEvent.objects.get(action="project.spread")
    assert adopt.organisation == personas.org_b and adopt.detail["from_project"] == source.pk
    assert spread.organisation == personas.org_a and spread.detail["to_project"] == project.pk


def test_a_private_or_non_public_project_elsewhere_cannot_be_adopted(source: Project, personas: Any) -> None:
    for visibility in ("private", "organisation"):
        Project.objects.filter(pk=source.pk).update(visibility=visibility)
        source.refresh_from_db()
        with pytest.raises(ValidationError):
            services.project_adopt(
                actor=personas.outsider.user, source=source, organisation=personas.org_b, title="T", problem="P"
            )
    assert not AuditEvent.objects.filter(action="project.adopt").exists()


def test_another_ics_lead_adopts_through_the_page_and_sees_no_private_detail(
    source: Project, personas: Any, outsider_client: Client
) -> None:
    url = f"/o/beta/projects/adopt/{source.pk}/"
    page = outsider_client.get(url).content.decode()
    assert "Falls bundle on Ward 9" in page and "Reliable risk assessment" in page
    assert "Private detail" not in page and "2 adopted or adapted PDSA cycles" in page
    response = outsider_client.post(url, {"title": "", "problem": "", "visibility": "organisation"})
    assert "Enter a title for your project" in response.content.decode()
    response = outsider_client.post(
        url, {"title": "Falls at Beta", "problem": "Our falls.", "visibility": "organisation"}
    )
    new = Project.objects.get(organisation=personas.org_b)
    assert response.status_code == 302 and response["Location"] == f"/o/beta/projects/{new.pk}/"
    detail = outsider_client.get(response["Location"]).content.decode()
    assert "Adopted from" in detail and "Falls bundle on Ward 9 (Alpha Hospitals NHS Trust)" in detail


def test_the_original_shows_where_it_spread_only_as_far_as_the_viewer_may_see(
    source: Project, personas: Any, lead_client: Client
) -> None:
    services.project_adopt(
        actor=personas.outsider.user, source=source, organisation=personas.org_b, title="Beta private", problem="P"
    )
    services.project_adopt(
        actor=personas.lead.user, source=source, organisation=personas.org_a, title="Ward 10 falls", problem="P"
    )
    page = lead_client.get(f"/o/alpha/projects/{source.pk}/").content.decode()
    assert "Spread to" in page and "Ward 10 falls" in page
    assert "Beta private" not in page and "1 other project you cannot see" in page
    Project.objects.filter(title="Beta private").update(visibility="public")
    page = lead_client.get(f"/o/alpha/projects/{source.pk}/").content.decode()
    assert "Beta Community NHS Trust: Beta private" in page


def test_outsiders_get_404_and_staff_403(
    source: Project, personas: Any, member_client: Client, outsider_client: Client
) -> None:
    Project.objects.filter(pk=source.pk).update(visibility="organisation")
    assert outsider_client.get(f"/o/beta/projects/adopt/{source.pk}/").status_code == 404
    assert outsider_client.get(f"/o/alpha/projects/adopt/{source.pk}/").status_code == 404
    assert outsider_client.get("/o/beta/projects/adopt/999999/").status_code == 404
    assert member_client.get(f"/o/alpha/projects/adopt/{source.pk}/").status_code == 403
    assert (
        member_client.post(
            f"/o/alpha/projects/adopt/{source.pk}/", {"title": "T", "problem": "P", "visibility": "organisation"}
        ).status_code
        == 403
    )
    Project.objects.filter(pk=source.pk).update(visibility="private")
    assert outsider_client.get(f"/o/beta/projects/adopt/{source.pk}/").status_code == 404
    assert Project.objects.count() == 1


def test_a_partner_cannot_adopt_even_a_project_they_are_part_of(source: Project, personas: Any) -> None:
    from openqi.conftest import client_for
    from openqi.factories import MembershipFactory

    partner = MembershipFactory(organisation=personas.org_a, role="partner")
    services.project_member_add(actor=personas.lead.user, project=source, user=partner.user, role="partner")
    assert client_for(partner.user).get(f"/o/alpha/projects/adopt/{source.pk}/").status_code == 403
    page = client_for(partner.user).get(f"/o/alpha/projects/{source.pk}/").content.decode()
    assert "Adopt this change package" not in page


def test_the_archive_offers_adoption_of_public_ics_projects_to_the_qi_team(
    source: Project, personas: Any, outsider_client: Client
) -> None:
    page = outsider_client.get("/o/beta/projects/").content.decode()
    assert f"/o/beta/projects/adopt/{source.pk}/" in page


def test_the_adopt_form_checks_its_fields(source: Project, personas: Any, lead_client: Client) -> None:
    url = f"/o/alpha/projects/adopt/{source.pk}/"
    page = lead_client.get(url).content.decode()
    assert "Private detail: three falls" in page  # the same organisation: its problem is offered
    response = lead_client.post(url, {"title": "x" * 201, "problem": "P", "team": "999999", "visibility": "everyone"})
    text = response.content.decode()
    assert "Title of your project must be 200 characters or fewer" in text
    assert "Choose a team from the list" in text and "Choose who can see your project" in text
    assert Project.objects.count() == 1


def test_a_copied_project_is_not_an_adoption(source: Project, personas: Any) -> None:
    services.project_update(actor=personas.lead.user, project=source, stage="closed")
    copy = services.project_copy(actor=personas.lead.user, source=source, title="Again")
    assert copy.copied_from == source and copy.adopted_from is None
