"""A card linked to its project: a weak sustainability factor's link adds a card that carries the
project and the factor; a project of another organisation (or one the person may not see) is
refused; the project page lists the organisation's open cards for the project."""

import datetime
import html
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.boards import services
from openqi.boards.models import Card
from openqi.factories import TeamFactory
from openqi.organisations.models import Team
from openqi.projects import services as project_services
from openqi.projects.models import Project


@pytest.fixture
def ward(personas: Any) -> Team:
    return personas.member.team


@pytest.fixture
def project(personas: Any, ward: Team) -> Project:
    return project_services.project_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Fewer falls on Ward 1",
        problem="Falls with harm have doubled.",
        team=ward,
    )


@pytest.fixture
def beta_project(personas: Any) -> Project:
    return project_services.project_create(
        actor=personas.outsider.user, organisation=personas.org_b, title="Beta's falls", problem="Falls."
    )


def _new_card(personas: Any, ward: Team) -> str:
    return f"/o/{personas.org_a.slug}/boards/{ward.pk}/cards/new/"


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match is not None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return html.unescape(value.group(1)) if value else ""


def test_the_factor_link_fills_in_the_card_and_the_card_carries_the_project_and_the_factor(
    personas: Any, ward: Team, project: Project, member_client: Client
) -> None:
    url = _new_card(personas, ward)
    page = member_client.get(
        f"{url}?title=Sustain%3A+improve+monitoring&project={project.pk}&factor=Effectiveness+of+monitoring"
    ).content.decode()
    assert "From: Sustainability assessment of Fewer falls on Ward 1: Effectiveness of monitoring" in page
    assert _hidden(page, "project") == str(project.pk)
    response = member_client.post(
        url, {"title": "Sustain: improve monitoring", "source": _hidden(page, "source"), "project": str(project.pk)}
    )
    assert response.status_code == 302
    card = Card.objects.get()
    assert card.project == project
    assert card.source == "Sustainability assessment of Fewer falls on Ward 1: Effectiveness of monitoring"
    event = AuditEvent.objects.get(action="boards.card_create")
    assert event.detail == {"project": project.pk}


def test_another_organisations_project_is_refused_with_a_clear_error_and_nothing_is_linked(
    personas: Any, ward: Team, beta_project: Project, member_client: Client
) -> None:
    url = _new_card(personas, ward)
    page = member_client.get(f"{url}?title=Sustain&project={beta_project.pk}&factor=Monitoring").content.decode()
    assert "<title>Error: Add an idea or action" in page
    assert "not in this organisation, or you cannot see it" in page
    assert _hidden(page, "project") == "" and "Beta&#39;s falls" not in page and "Beta's falls" not in page

    refused = member_client.post(url, {"title": "Sustain", "project": str(beta_project.pk)})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "not in this organisation, or you cannot see it" in body
    assert not Card.objects.exists()
    # The link is dropped from the form: adding it again adds the card, unlinked.
    assert _hidden(body, "project") == ""
    assert member_client.post(url, {"title": "Sustain", "project": ""}).status_code == 302
    assert Card.objects.get().project is None


def test_the_service_refuses_another_organisations_project(personas: Any, ward: Team, beta_project: Project) -> None:
    with pytest.raises(ValidationError, match="not in this organisation"):
        services.card_create(
            actor=personas.member.user, organisation=personas.org_a, team=ward, title="Sustain", project=beta_project
        )
    assert not Card.objects.exists()


def test_a_private_project_the_person_cannot_see_is_refused(personas: Any, ward: Team, member_client: Client) -> None:
    private = project_services.project_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Private work",
        problem="Private.",
        visibility="private",
    )
    response = member_client.post(_new_card(personas, ward), {"title": "Sustain", "project": str(private.pk)})
    assert response.status_code == 200 and "you cannot see it" in response.content.decode()
    assert not Card.objects.exists()


def test_the_project_page_lists_only_this_organisations_open_cards_for_the_project(
    personas: Any, ward: Team, project: Project, beta_project: Project, lead_client: Client
) -> None:
    page_url = f"/o/{personas.org_a.slug}/projects/{project.pk}/"
    empty = lead_client.get(page_url).content.decode()
    assert "Actions on huddle boards" in empty and "No open actions on a huddle board for this project." in empty

    lead = personas.lead.user
    other_ward = TeamFactory(organisation=personas.org_a, name="Ward 2")

    def add(title: str, **kwargs: Any) -> Card:
        return services.card_create(actor=lead, organisation=personas.org_a, title=title, **kwargs)

    doing = add("Weekly audit of falls checks", team=ward, project=project, owner=lead, due=datetime.date(2030, 3, 31))
    services.card_move(actor=lead, card=doing, column="doing")
    add("Teach the night team", team=other_ward, project=project)
    done = add("A finished action", team=ward, project=project)
    services.card_move(actor=lead, card=done, column="done")
    removed = add("A removed action", team=ward, project=project)
    services.card_remove(actor=lead, card=removed)
    add("Not for this project", team=ward)
    # A card of another organisation pointing at this project (never made by the service) is not listed.
    beta_team = TeamFactory(organisation=personas.org_b, name="Beta ward")
    Card.objects.create(organisation=personas.org_b, team=beta_team, title="Beta's card", project=project)

    page = lead_client.get(page_url).content.decode()
    panel = page[page.index('id="board-actions"') :]
    panel = panel[: panel.index("About the project")]
    assert "Weekly audit of falls checks" in panel
    assert f"Doing, {lead.full_name or lead.email}, due 31 March 2030, on the Ward 1 board" in panel
    assert f'href="/o/{personas.org_a.slug}/boards/{ward.pk}/#card-{doing.pk}"' in panel
    assert "Teach the night team" in panel and "New, no owner yet, no due date, on the Ward 2 board" in panel
    for absent in ("A finished action", "A removed action", "Not for this project", "Beta&#39;s card", "No open"):
        assert absent not in panel
    assert f'href="/o/{personas.org_a.slug}/boards/{ward.pk}/"' in panel  # the team's board

    report = lead_client.get(f"{page_url}report/").content.decode()
    assert "Actions on huddle boards" in report and "Weekly audit of falls checks" in report


def test_the_other_organisation_never_sees_the_panel_or_the_cards(
    personas: Any, project: Project, outsider_client: Client
) -> None:
    assert outsider_client.get(f"/o/{personas.org_a.slug}/projects/{project.pk}/").status_code == 404
    assert outsider_client.get(_new_card(personas, project.team) + f"?project={project.pk}").status_code == 404
