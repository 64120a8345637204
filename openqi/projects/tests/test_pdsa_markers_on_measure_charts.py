"""PDSA cycles of projects that link a measure appear as markers on its chart, for those who may
see the project (ADR 0008: the apps meet through references, not foreign keys; the projects app
gives the measures app its markers through `measures.extensions`). Measures are made through the
app registry, so this app still imports no measures code."""

import datetime
import re
from typing import Any

from django.apps import apps
from django.test import Client

from openqi.projects import services as projects


def _measure_with_weeks(personas: Any) -> Any:
    measure = apps.get_model("measures", "Measure").objects.create(
        organisation=personas.org_a,
        name="Falls per week",
        measure_type="outcome",
        frequency="weekly",
        chart_type="i",
        improvement="decrease",
    )
    start = datetime.date(2026, 3, 2)
    data_point = apps.get_model("measures", "DataPoint")
    data_point.objects.bulk_create(
        data_point(
            measure=measure, organisation=personas.org_a, period=start + datetime.timedelta(weeks=i), value=5 + i % 3
        )
        for i, _ in enumerate(range(20))
    )
    return measure


def _project_with_cycle(personas: Any, measure: Any, visibility: str) -> Any:
    lead = personas.lead.user
    project = projects.project_create(
        actor=lead, organisation=personas.org_a, title="Fewer falls", problem="Falls doubled", visibility=visibility
    )
    projects.project_link_add(
        actor=lead, project=project, kind="measure", ref_id=measure.pk, label=measure.name, has_baseline=True
    )
    cycle = projects.pdsa_cycle_plan(
        actor=lead,
        project=project,
        objective="Cohort bay at night",
        question="Will falls drop?",
        prediction="Fewer falls at night",
        plan_when=datetime.date(2026, 4, 6),
    )
    projects.pdsa_cycle_record_do(actor=lead, cycle=cycle, what_happened="Done", observations="")
    projects.pdsa_cycle_record_study(actor=lead, cycle=cycle, results="As predicted")
    projects.pdsa_cycle_complete(
        actor=lead, cycle=cycle, decision="adopt", next_steps="Spread", completed_on=datetime.date(2026, 5, 11)
    )
    # A cycle planned after the last point has nowhere to sit and is left off the chart.
    projects.pdsa_cycle_plan(
        actor=lead,
        project=project,
        objective="Later idea",
        question="?",
        prediction="Something",
        plan_when=datetime.date(2027, 1, 4),
    )
    return project


def test_a_linked_projects_cycles_mark_the_chart(personas: Any, member_client: Client) -> None:
    measure = _measure_with_weeks(personas)
    _project_with_cycle(personas, measure, visibility="organisation")
    body = member_client.get(f"/o/{personas.org_a.slug}/measures/{measure.pk}/").content.decode()
    assert "PDSA 1 starts: Cohort bay at night" in body
    assert "PDSA 1 adopted: Cohort bay at night" in body
    assert "Later idea" not in body


def test_a_private_projects_cycles_stay_off_the_chart_for_people_outside_it(
    personas: Any, member_client: Client
) -> None:
    measure = _measure_with_weeks(personas)
    _project_with_cycle(personas, measure, visibility="private")
    body = member_client.get(f"/o/{personas.org_a.slug}/measures/{measure.pk}/").content.decode()
    assert "Cohort bay at night" not in body


def test_an_adopted_cycle_offers_to_recalculate_each_linked_measure_from_its_date(
    personas: Any, lead_client: Client
) -> None:
    measure = _measure_with_weeks(personas)
    project = _project_with_cycle(personas, measure, visibility="organisation")
    cycle = project.pdsa_cycles.get(number=1)
    body = lead_client.get(f"/o/{personas.org_a.slug}/projects/{project.pk}/pdsa/{cycle.pk}/").content.decode()
    offer = f"/o/{personas.org_a.slug}/measures/{measure.pk}/chart-changes/new/?kind=rebase&amp;period=2026-05-11"
    assert offer in body
    form = lead_client.get(offer.replace("&amp;", "&")).content.decode()
    assert re.search(r'value="rebase"\s+checked', form), "the rebase choice is preselected"
    # 11 May 2026 is a Monday data point; a decision date between points snaps to the next one.
    assert re.search(r'value="2026-05-11"\s+selected', form)
    later = lead_client.get(offer.replace("&amp;", "&").replace("2026-05-11", "2026-05-13")).content.decode()
    assert re.search(r'value="2026-05-18"\s+selected', later)
