"""Projects (aim, drivers, PDSA cycles, visibility) and the k-suppressed aggregates of check-ins
and surveys, exactly as the web app shows them."""

import datetime
from typing import Any

from django.utils import timezone

from openqi.api.tests.conftest import ApiClient, Issue
from openqi.checkins.tests.helpers import add_checkins
from openqi.factories import TeamFactory
from openqi.projects import services as project_services
from openqi.surveys.tests.helpers import add_responses, open_survey


def _project(personas: Any, **kwargs: Any) -> Any:
    return project_services.project_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title=kwargs.pop("title", "Fewer falls on Ward 9"),
        problem="Falls with harm have doubled this year.",
        domains=["safe"],
        **kwargs,
    )


def test_a_project_comes_with_its_aim_drivers_and_cycles(personas: Any, issue: Issue) -> None:
    project = _project(personas)
    project_services.project_aim_set(
        actor=personas.lead.user,
        project=project,
        what="Reduce falls with harm",
        amount=30,  # type: ignore[arg-type]
        unit="%",
        by=timezone.localdate() + datetime.timedelta(days=120),
        for_whom="patients on Ward 9",
    )
    primary = project_services.driver_node_add(actor=personas.lead.user, project=project, text="Safe environment")
    secondary = project_services.driver_node_add(
        actor=personas.lead.user, project=project, text="Clutter-free bays", parent=primary
    )
    change = project_services.driver_node_add(
        actor=personas.lead.user, project=project, text="Daily bay check", parent=secondary
    )
    project_services.pdsa_cycle_plan(
        actor=personas.lead.user, project=project, change_idea=change, objective="O", question="Q", prediction="P"
    )
    body = ApiClient(issue(personas.member)).get(f"/o/alpha/projects/{project.pk}").json()
    assert body["aim_detail"]["what"] == "Reduce falls with harm" and "30" in body["aim"]
    assert body["drivers"][0]["text"] == "Safe environment"
    assert body["drivers"][0]["children"][0]["children"][0]["text"] == "Daily bay check"
    assert [(c["number"], c["change_idea_id"], c["status"]) for c in body["cycles"]] == [(1, change.pk, "planned")]


def test_a_private_project_is_hidden_from_staff_outside_it(personas: Any, issue: Issue) -> None:
    _project(personas, title="Open")
    private = _project(personas, title="Private", visibility="private")
    client = ApiClient(issue(personas.member))
    listed = [p["title"] for p in client.get("/o/alpha/projects").json()["items"]]
    assert listed == ["Open"]
    assert client.get(f"/o/alpha/projects/{private.pk}").status_code == 404


def test_check_in_figures_are_suppressed_below_k(personas: Any, issue: Issue) -> None:
    medicine = TeamFactory(organisation=personas.org_a, name="Medicine")
    big = TeamFactory(organisation=personas.org_a, name="Ward Big", parent=medicine)
    middle = TeamFactory(organisation=personas.org_a, name="Ward Middle", parent=medicine)
    small = TeamFactory(organisation=personas.org_a, name="Ward Small", parent=medicine)
    add_checkins(personas.org_a, big, 40)
    add_checkins(personas.org_a, middle, 15)
    add_checkins(personas.org_a, small, 4)
    body = ApiClient(issue(personas.lead, role="qi_coach")).get("/o/alpha/reports/checkins").json()
    rows = {row["label"]: row for row in body["teams"]}
    assert rows["Ward Small"] == {**rows["Ward Small"], "responses": None, "good_days": None, "status": "below_k"}
    assert rows["Ward Middle"]["responses"] is None and rows["Ward Middle"]["status"] == "complementary"
    assert rows["Ward Big"]["responses"] == 40 and rows["Medicine"]["responses"] == 59
    assert body["k"] >= 10


def test_check_in_and_survey_reports_need_a_qi_coach(personas: Any, issue: Issue) -> None:
    client = ApiClient(issue(personas.member))
    assert client.get("/o/alpha/reports/checkins").status_code == 403
    assert client.get("/o/alpha/reports/surveys").status_code == 403


def test_survey_results_are_hidden_below_k(personas: Any, issue: Issue) -> None:
    survey = open_survey(personas)
    add_responses(survey, 5, q1="Agree", q5="Something identifying")
    client = ApiClient(issue(personas.lead, role="qi_coach"))
    assert [s["id"] for s in client.get("/o/alpha/reports/surveys").json()] == [survey.pk]
    few = client.get(f"/o/alpha/reports/surveys/{survey.pk}").json()
    assert few["responses"] is None and few["questions"] == []
    add_responses(survey, 10, q1="Agree", q5="Fine")
    add_responses(survey, 2, q1="Disagree")
    enough = client.get(f"/o/alpha/reports/surveys/{survey.pk}").json()
    assert enough["responses"] == 17
    supported = enough["questions"][0]
    options = {o["label"]: o for o in supported["options"]}
    # Shown, 15 of 17 would give away the 2 by subtraction: complementary suppression hides it.
    assert options["Agree"]["count"] is None and options["Agree"]["status"] == "complementary"
    assert options["Disagree"]["count"] is None and options["Disagree"]["status"] == "below_k"
    assert "Something identifying" in enough["questions"][4]["texts"]


def test_another_organisations_survey_is_not_found(personas: Any, issue: Issue) -> None:
    survey = open_survey(personas)
    client = ApiClient(issue(personas.outsider, role="org_admin"))
    assert client.get(f"/o/beta/reports/surveys/{survey.pk}").status_code == 404
