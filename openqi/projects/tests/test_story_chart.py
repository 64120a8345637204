"""A story's results chart is a linked measure's chart, drawn by the measures app (through
`measure_refs`), with its data as a table; team-only measures never reach the public page.
Measures are made through the app registry, so this app still imports no measures code."""

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from openqi.projects import services
from openqi.projects.measure_refs import measure_summaries, public_access, results_chart
from openqi.projects.models import Project
from openqi.projects.services import stories

pytestmark = pytest.mark.django_db


def _measure(personas: Any, name: str, visibility: str = "organisation", comment: str = "") -> Any:
    measure_model = apps.get_model("measures", "Measure")
    point_model = apps.get_model("measures", "DataPoint")
    measure = measure_model.objects.create(
        organisation=personas.org_a,
        name=name,
        measure_type="outcome",
        frequency="weekly",
        chart_type="i",
        improvement="decrease",
        visibility=visibility,
        variation_icon="improvement_low",
        latest_value=3.0,
    )
    start = datetime.date(2026, 1, 5)
    for week in range(20):
        point_model.objects.create(
            measure=measure,
            organisation=personas.org_a,
            period=start + datetime.timedelta(weeks=week),
            value=10.0 if week < 10 else 4.0,
            comment=comment,
        )
    return measure


def _publish(project: Project, personas: Any, link: Any) -> Any:
    story = stories.story_create(
        actor=personas.lead.user,
        project=project,
        title="Falls halved",
        problem="Falls.",
        tried="A bay.",
        results="Halved.",
        lessons="Small steps.",
        chart_link=link,
    )
    stories.story_submit(actor=personas.lead.user, story=story)
    return stories.story_publish(actor=personas.admin.user, story=story)


def _link(project: Project, personas: Any, measure: Any) -> Any:
    return services.project_link_add(
        actor=personas.lead.user,
        project=project,
        kind="measure",
        ref_id=measure.pk,
        label=measure.name,
        has_baseline=True,
    )


def test_the_public_story_shows_the_measure_chart_and_its_data_but_no_staff_comments(
    project: Project, personas: Any
) -> None:
    measure = _measure(personas, "Falls per 1,000 bed days", comment="Agency nurse Jo on shift")
    story = _publish(project, personas, _link(project, personas, measure))
    page = Client().get(f"/p/alpha/stories/{story.pk}/").content.decode()
    assert 'class="openqi-chart openqi-chart--wide"' in page and "chart of Falls per 1,000 bed days" in page
    assert 'class="openqi-chart openqi-chart--narrow"' in page  # the phone drawing (issue 22.11)
    assert "The chart&#39;s data as a table" in page or "The chart's data as a table" in page
    assert "5 January 2026" in page
    assert "Agency nurse Jo" not in page
    assert "PDSA cycles over time" not in page


def test_a_team_only_measure_is_not_shown_publicly_and_the_lead_is_told(
    project: Project, personas: Any, lead_client: Client
) -> None:
    measure = _measure(personas, "Ward 1 pressure ulcers", visibility="team")
    story = _publish(project, personas, _link(project, personas, measure))
    assert results_chart(access=public_access(personas.org_a), ref_id=measure.pk) is None
    page = Client().get(f"/p/alpha/stories/{story.pk}/").content.decode()
    assert "Ward 1 pressure ulcers" not in page
    inside = lead_client.get(f"/o/alpha/projects/{project.pk}/stories/{story.pk}/").content.decode()
    assert "cannot be shown publicly" in inside


def test_measure_summaries_follow_the_measures_apps_visibility(personas: Any) -> None:
    shared = _measure(personas, "Shared")
    team_only = _measure(personas, "Team only", visibility="team")
    found = measure_summaries(access=public_access(personas.org_a), ref_ids=[shared.pk, team_only.pk, 999999])
    assert set(found) == {shared.pk}
    assert found[shared.pk].variation.letter == "L" and found[shared.pk].latest_value == "3"


def test_the_project_page_links_each_measure_the_reader_may_see_with_its_icons(
    project: Project, personas: Any, member_client: Client
) -> None:
    shared = _measure(personas, "Falls per 1,000 bed days")
    hidden = _measure(personas, "Night falls on another ward", visibility="team")
    team_model = apps.get_model("organisations", "Team")
    hidden.team = team_model.objects.create(organisation=personas.org_a, name="Ward 99")
    hidden.save()
    for m in (shared, hidden):
        services.project_link_add(
            actor=personas.lead.user, project=project, kind="measure", ref_id=m.pk, label=m.name, has_baseline=True
        )
    body = member_client.get(f"/o/{personas.org_a.slug}/projects/{project.pk}/").content.decode()
    assert f'href="/o/{personas.org_a.slug}/measures/{shared.pk}/"' in body
    assert "Special cause improvement: lower" in body
    # a team-only measure of another team: its label, no link and no icons
    assert "Night falls on another ward" in body
    assert f"/measures/{hidden.pk}/" not in body
