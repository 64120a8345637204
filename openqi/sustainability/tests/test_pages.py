"""Three members score on their own, the lead agrees, the results name strengths and weaknesses;
who may do what; bad input saves nothing."""

import html
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from openqi.boards.models import Card
from openqi.conftest import client_for
from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Role
from openqi.projects import services as project_services
from openqi.projects.models import Project, ProjectRole
from openqi.sustainability.models import Assessment, IndividualScore, TeamScore
from openqi.sustainability.scoring import sustainability_model

KEYS = sustainability_model().keys


@pytest.fixture
def project(personas: Any) -> Project:
    return project_services.project_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Fewer falls on Ward 1",
        problem="Falls with harm have doubled.",
        team=personas.member.team,
    )


def _base(personas: Any, project: Project) -> str:
    return f"/o/{personas.org_a.slug}/projects/{project.pk}/sustainability/"


def _levels(level: int, **overrides: int) -> dict[str, Any]:
    data: dict[str, Any] = {key: str(overrides.get(key, level)) for key in KEYS}
    return data


def _start(lead_client: Client, personas: Any, project: Project) -> Assessment:
    response = lead_client.post(f"{_base(personas, project)}start/")
    assert response.status_code == 302
    return Assessment.objects.get(project=project)


def _member(personas: Any, project: Project, email: str) -> Client:
    membership = MembershipFactory(organisation=personas.org_a, role=Role.STAFF, user=UserFactory(email=email))
    project_services.project_member_add(
        actor=personas.lead.user, project=project, user=membership.user, role=ProjectRole.MEMBER
    )
    return client_for(membership.user)


def test_three_members_score_the_lead_agrees_and_the_result_names_strengths_and_weaknesses(
    personas: Any, project: Project, lead_client: Client
) -> None:
    assessment = _start(lead_client, personas, project)
    url = f"{_base(personas, project)}{assessment.pk}/"
    scorers = [_member(personas, project, f"scorer{i}@alpha.nhs.uk") for i in range(3)]
    for client, levels in zip(
        scorers,
        [_levels(4, monitoring=1), _levels(4, monitoring=3), _levels(3, monitoring=2)],
        strict=True,
    ):
        response = client.post(f"{url}score/", {**levels, "benefits_note": "Saves nurses time"})
        assert response.status_code == 302
    assert IndividualScore.objects.filter(assessment=assessment).count() == 30

    page = lead_client.get(url).content.decode()
    assert "3 people have scored so far" in page
    assert "Disagree: 2 levels" in page  # monitoring: 1, 3 and 2
    assert "scorer0@alpha.nhs.uk" not in page  # the spread never names anyone

    agree_page = lead_client.get(f"{url}agree/").content.decode()
    # The starting point is the median of the individual levels: monitoring 2, the rest 4.
    checked = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="(\d)"[^>]*checked', agree_page))
    assert checked == {**{key: "4" for key in KEYS}, "monitoring": "2"}
    response = lead_client.post(f"{url}agree/", _levels(4, monitoring=1, adaptability=2))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_agreed and assessment.individual_count == 3
    # Spreads: monitoring 1→3 (2), and 4 vs 3 on the nine other factors (1 each): (2 + 9) / 10
    assert assessment.diversity == Decimal("1.10")
    assert TeamScore.objects.filter(assessment=assessment).count() == 10

    result = lead_client.get(url).content.decode()
    # Confirmed level-4 weights: 78.0 − monitoring 6.5 − adaptability 7.0 = 64.5; two factors unconfirmed.
    assert "64.5" in result
    assert "This total is incomplete" in result
    assert (
        "Weaknesses: Effectiveness of the system to monitor progress, Adaptability of the improved process." in result
    )
    assert f"/o/{personas.org_a.slug}/boards/{project.team_id}/cards/new/?title=Sustain" in result
    # A weak factor becomes an action on the team's board, linked to the project and naming the factor.
    link = html.unescape(re.findall(r'href="([^"]*cards/new/[^"]*)"', result)[0])
    form_page = lead_client.get(link).content.decode()
    source = "Sustainability assessment of Fewer falls on Ward 1: Adaptability of the improved process"
    assert f"From: {source}" in form_page
    title = "Sustain: improve Adaptability of the improved process"
    response = lead_client.post(link.split("?")[0], {"title": title, "source": source, "project": str(project.pk)})
    assert response.status_code == 302
    card = Card.objects.get()
    assert (card.title, card.project, card.source) == (title, project, source)
    assert title in lead_client.get(f"/o/{personas.org_a.slug}/projects/{project.pk}/").content.decode()
    history = lead_client.get(_base(personas, project)).content.decode()
    assert "64.5 (incomplete)" in history
    assert "Agreed level of each factor over time" in history and "Level 1 (" not in history
    assert "Level 4 (15.0)" in history  # senior leadership at its published maximum


def test_a_member_cannot_start_or_agree_and_agreed_scores_cannot_change(
    personas: Any, project: Project, lead_client: Client
) -> None:
    scorer = _member(personas, project, "scorer@alpha.nhs.uk")
    assert scorer.post(f"{_base(personas, project)}start/").status_code == 403
    assessment = _start(lead_client, personas, project)
    url = f"{_base(personas, project)}{assessment.pk}/"
    again = lead_client.post(f"{_base(personas, project)}start/")
    assert again.status_code == 200 and "An assessment is already open" in again.content.decode()
    # Agreeing before anyone scored is refused, with the reason.
    refused = lead_client.post(f"{url}agree/", _levels(3))
    assert refused.status_code == 200 and "No one has scored yet" in refused.content.decode()
    scorer.post(f"{url}score/", _levels(3))
    assert scorer.post(f"{url}agree/", _levels(3)).status_code == 403
    lead_client.post(f"{url}agree/", _levels(3))
    # A second start while one is open is refused; after agreement a new one can start.
    assert scorer.post(f"{url}score/", _levels(1)).status_code == 302
    assert set(IndividualScore.objects.values_list("level", flat=True)) == {3}
    assert lead_client.post(f"{_base(personas, project)}start/").status_code == 302
    assert Assessment.objects.count() == 2


def test_a_staff_member_outside_the_project_team_reads_but_cannot_score(
    personas: Any, project: Project, lead_client: Client, member_client: Client
) -> None:
    assessment = _start(lead_client, personas, project)
    url = f"{_base(personas, project)}{assessment.pk}/"
    assert member_client.get(url).status_code == 200
    assert member_client.get(f"{url}score/").status_code == 403
    assert member_client.post(f"{url}score/", _levels(3)).status_code == 403
    assert not IndividualScore.objects.exists()


def test_a_missing_level_or_an_nhs_number_in_a_note_saves_nothing(
    personas: Any, project: Project, lead_client: Client
) -> None:
    assessment = _start(lead_client, personas, project)
    url = f"{_base(personas, project)}{assessment.pk}/score/"
    levels = _levels(3)
    del levels["fit"]
    response = lead_client.post(url, levels)
    assert response.status_code == 200
    assert (
        "Choose a level for ‘Fit with the organisation&#x27;s strategic aims and culture’" in response.content.decode()
        or ("Choose a level for" in response.content.decode())
    )
    response = lead_client.post(url, {**_levels(3), "benefits_note": "Patient 943 476 5919 fell"})
    assert response.status_code == 200
    assert "Remove the NHS number" in response.content.decode()
    response = lead_client.post(url, _levels(9))
    assert response.status_code == 200
    assert not IndividualScore.objects.exists()


def test_an_outsider_gets_404_for_a_project_assessment(
    personas: Any, project: Project, lead_client: Client, outsider_client: Client
) -> None:
    assessment = _start(lead_client, personas, project)
    url = f"/o/{personas.org_a.slug}/projects/{project.pk}/sustainability/{assessment.pk}/"
    assert outsider_client.get(url).status_code == 404
    # Nor through the outsider's own organisation's address.
    assert outsider_client.get(f"/o/{personas.org_b.slug}/projects/{project.pk}/sustainability/").status_code == 404


def test_a_member_sees_the_spread_only_after_scoring_on_their_own(
    personas: Any, project: Project, lead_client: Client
) -> None:
    assessment = _start(lead_client, personas, project)
    url = f"{_base(personas, project)}{assessment.pk}/"
    first = _member(personas, project, "first@alpha.nhs.uk")
    second = _member(personas, project, "second@alpha.nhs.uk")
    first.post(f"{url}score/", _levels(4, monitoring=1))
    before = second.get(url).content.decode()
    assert "once you have scored on your own" in before
    assert "Individual scores by factor" not in before
    second.post(f"{url}score/", _levels(3))
    after = second.get(url).content.decode()
    assert "Individual scores by factor" in after
    assert "Individual scores by factor" in lead_client.get(url).content.decode()
