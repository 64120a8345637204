"""Collaboratives (issue 15, ADR 0029): who may see one, the side-by-side charts (only measures
shared with the whole organisation), and the CQI team's set-up pages refusing bad input."""

import datetime
import re
from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for, give_totp
from openqi.factories import SystemFactory
from openqi.measures.models import DataPoint, Measure
from openqi.network import collaboratives
from openqi.network.system_models import Collaborative, CollaborativeTeam, LearningSession, SharedMeasure, TeamMeasure
from openqi.network.tests.conftest import Network, an_event, post
from openqi.organisations.models import Organisation
from openqi.projects.models import LinkKind, Project, ProjectLink

pytestmark = pytest.mark.django_db


def _project(org: Organisation, title: str, visibility: str = "public") -> Project:
    return Project.objects.create(organisation=org, title=title, problem="Late discharges.", visibility=visibility)


def _measure(org: Organisation, name: str, *, visibility: str = "organisation", level: float = 10.0) -> Measure:
    measure = Measure.objects.create(
        organisation=org,
        name=name,
        measure_type="outcome",
        frequency="weekly",
        chart_type="i",
        improvement="increase",
        visibility=visibility,
    )
    start = datetime.date(2026, 1, 5)
    for week in range(16):
        DataPoint.objects.create(
            measure=measure, organisation=org, period=start + datetime.timedelta(weeks=week), value=level + week % 3
        )
    return measure


def _link(project: Project, measure: Measure) -> ProjectLink:
    return ProjectLink.objects.create(
        project=project, organisation=project.organisation, kind=LinkKind.MEASURE, ref_id=measure.pk, label=measure.name
    )


def _collaborative(network: Network) -> tuple[Collaborative, SharedMeasure]:
    collaborative = collaboratives.collaborative_create(
        actor=network.team_user, system=network.system, title="Safer discharge", aim="Half of discharges before noon."
    )
    shared = collaboratives.shared_measure_add(
        actor=network.team_user,
        collaborative=collaborative,
        name="Discharges before noon (%)",
        definition="Discharges home before 12:00 as a share of all discharges home, weekly, from the PAS.",
    )
    return collaborative, shared


def _enrol(network: Network, collaborative: Collaborative, shared: SharedMeasure, org: Organisation, **kw: Any) -> Any:
    project = _project(org, f"Earlier discharge at {org.name}")
    measure = _measure(org, f"Before noon at {org.slug}", **kw)
    team = collaboratives.collaborative_team_add(
        actor=network.team_user, collaborative=collaborative, project_id=project.pk
    )
    collaboratives.team_measure_link(
        actor=network.team_user, team=team, shared_measure=shared, link_id=_link(project, measure).pk
    )
    return team, measure


def _client(network: Network, who: str) -> Client:
    user = getattr(network.personas, who).user
    if who != "admin":
        give_totp(user)
    return client_for(user)


@pytest.mark.parametrize(("who", "status"), [("member", 200), ("lead", 200), ("admin", 200), ("outsider", 404)])
def test_only_members_of_organisations_taking_part_see_a_collaborative(network: Network, who: str, status: int) -> None:
    collaborative, shared = _collaborative(network)
    _enrol(network, collaborative, shared, network.personas.org_a)
    url = f"/network/{network.system.slug}/collaboratives/{collaborative.pk}/"
    client = _client(network, who)
    assert client.get(url).status_code == status
    listed = client.get(f"/network/{network.system.slug}/collaboratives/").content.decode()
    assert ("Safer discharge" in listed) == (status == 200)


def test_a_partner_organisation_joining_lets_its_staff_in_and_the_team_sees_everything(
    network: Network, team_client: Client
) -> None:
    collaborative, shared = _collaborative(network)
    url = f"/network/{network.system.slug}/collaboratives/{collaborative.pk}/"
    assert team_client.get(url).status_code == 200
    _enrol(network, collaborative, shared, network.personas.org_b)
    assert _client(network, "outsider").get(url).status_code == 200


def test_a_signed_out_visitor_is_sent_to_sign_in(network: Network) -> None:
    collaborative, _ = _collaborative(network)
    for url in (
        f"/network/{network.system.slug}/collaboratives/",
        f"/network/{network.system.slug}/collaboratives/{collaborative.pk}/",
    ):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_every_teams_chart_is_shown_side_by_side_but_never_a_team_only_measure(network: Network) -> None:
    collaborative, shared = _collaborative(network)
    team_a, _ = _enrol(network, collaborative, shared, network.personas.org_a)
    _team_b, secret = _enrol(network, collaborative, shared, network.personas.org_b, visibility="team")
    page = _client(network, "member").get(f"/network/{network.system.slug}/collaboratives/{collaborative.pk}/")
    html = page.content.decode()
    assert html.count("<svg") >= 2  # org A's chart, wide and narrow
    assert "Before noon at alpha" in html
    assert secret.name not in html  # org B keeps its team-only measure to itself
    assert "not shared with the whole organisation" in html
    ids = re.findall(r'id="([^"]+)"', html)
    assert f"chart-{shared.pk}-{team_a.pk}-title" in ids and len(ids) == len(set(ids))  # each drawing its own ids


def test_only_projects_shared_across_the_ics_may_take_part(network: Network, team_client: Client) -> None:
    collaborative, _ = _collaborative(network)
    private = _project(network.personas.org_a, "Private work", visibility="organisation")
    response = post(
        team_client,
        f"/network/{network.system.slug}/team/collaboratives/{collaborative.pk}/",
        {"action": "team", "team-project": str(private.pk)},
    )
    assert response.status_code == 400 and "Choose a project from the list" in response.content.decode()
    assert not CollaborativeTeam.objects.exists()


def test_the_cqi_team_sets_up_a_collaborative_through_the_pages(network: Network, team_client: Client) -> None:
    base = f"/network/{network.system.slug}/team/collaboratives/"
    response = post(team_client, base + "new/", {"title": "", "aim": ""})
    assert response.status_code == 400 and "Enter a name" in response.content.decode()
    assert not Collaborative.objects.exists()
    response = post(team_client, base + "new/", {"title": "Safer discharge", "aim": "Half before noon."})
    collaborative = Collaborative.objects.get()
    url = base + f"{collaborative.pk}/"
    assert response.status_code == 302 and response["Location"] == url
    bad = post(team_client, url, {"action": "measure", "measure-name": "Before noon", "measure-definition": ""})
    assert bad.status_code == 400 and "Enter the operational definition" in bad.content.decode()
    assert not SharedMeasure.objects.exists()
    post(team_client, url, {"action": "measure", "measure-name": "Before noon", "measure-definition": "Share, weekly."})
    shared = SharedMeasure.objects.get()
    project = _project(network.personas.org_a, "Earlier discharge")
    post(team_client, url, {"action": "team", "team-project": str(project.pk)})
    team = CollaborativeTeam.objects.get()
    link = _link(project, _measure(network.personas.org_a, "Before noon A"))
    response = post(
        team_client,
        url,
        {
            "action": f"link-{team.pk}",
            f"team-{team.pk}-shared_measure": str(shared.pk),
            f"team-{team.pk}-link": str(link.pk),
        },
    )
    assert response.status_code == 302
    assert TeamMeasure.objects.get().project_link == link
    event = an_event(network)
    post(team_client, url, {"action": "session", "session-event": str(event.pk)})
    assert LearningSession.objects.get().event == event
    assert AuditEvent.objects.filter(action__startswith="network.collaborative", actor=network.team_user).count() == 5
    page = team_client.get(f"/network/{network.system.slug}/collaboratives/{collaborative.pk}/").content.decode()
    assert event.title in page and "Earlier discharge" in page


def test_another_organisations_project_measure_cannot_be_linked_to_a_team(network: Network) -> None:
    collaborative, shared = _collaborative(network)
    team, _ = _enrol(network, collaborative, shared, network.personas.org_a)
    other = _link(_project(network.personas.org_b, "B's"), _measure(network.personas.org_b, "B measure"))
    with pytest.raises(Exception, match="Choose one of the project's measures"):
        collaboratives.team_measure_link(actor=network.team_user, team=team, shared_measure=shared, link_id=other.pk)


TEAM_PAGES = ["team/collaboratives/new/", "team/collaboratives/{c}/"]


@pytest.mark.parametrize("page", TEAM_PAGES)
@pytest.mark.parametrize("who", ["member", "lead", "admin", "outsider"])
def test_set_up_pages_are_404_for_everyone_but_the_cqi_team(network: Network, page: str, who: str) -> None:
    collaborative, _ = _collaborative(network)
    url = f"/network/{network.system.slug}/" + page.format(c=collaborative.pk)
    client = _client(network, who)
    assert client.get(url).status_code == 404
    assert post(client, url, {"action": "measure", "measure-name": "x", "measure-definition": "y"}).status_code == 404
    assert SharedMeasure.objects.count() == 1


def test_another_systems_collaborative_is_404(network: Network, team_client: Client) -> None:

    other = collaboratives.collaborative_create(actor=network.team_user, system=SystemFactory(), title="t", aim="a")
    assert team_client.get(f"/network/{network.system.slug}/collaboratives/{other.pk}/").status_code == 404
    assert team_client.get(f"/network/{network.system.slug}/team/collaboratives/{other.pk}/").status_code == 404
