"""The measures icon matrix narrows to the measures a project links, offering only the projects the
reader may see: the projects app gives the matrix its project filter through `measures.extensions`
(ADR 0008). Measures are made through the app registry, so this app still imports no measures code."""

import re
from typing import Any

from django.apps import apps
from django.test import Client

from openqi.organisations.models import Organisation
from openqi.projects import services as projects


def _measure(organisation: Organisation, name: str, **fields: Any) -> Any:
    return apps.get_model("measures", "Measure").objects.create(
        organisation=organisation,
        name=name,
        measure_type="outcome",
        frequency="weekly",
        chart_type="i",
        improvement="decrease",
        **fields,
    )


def test_the_matrix_filters_by_project(personas: Any, lead_client: Client) -> None:
    _measure(personas.org_a, "Alpha", latest_value=3.0)
    b = _measure(personas.org_a, "Beta", latest_value=9.0)
    project = projects.project_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Fewer falls",
        problem="Falls",
        visibility="organisation",
    )
    projects.project_link_add(
        actor=personas.lead.user, project=project, kind="measure", ref_id=b.pk, label=b.name, has_baseline=False
    )
    base = f"/o/{personas.org_a.slug}/measures/matrix/"

    def names(query: str) -> list[str]:
        body = lead_client.get(base + query).content.decode()
        return [n for n in re.findall(r'<td class="nhsuk-table__cell"><a href="[^"]+">([^<]+)</a>', body)]

    assert names("") == ["Alpha", "Beta"]
    assert names(f"?project={project.pk}") == ["Beta"]
    assert f'<option value="{project.pk}">Fewer falls</option>' in lead_client.get(base).content.decode()


def test_a_private_projects_measures_cannot_be_picked_by_outsiders_to_it(personas: Any, member_client: Client) -> None:
    measure = _measure(personas.org_a, "Pressure ulcers")
    project = projects.project_create(
        actor=personas.lead.user, organisation=personas.org_a, title="Secret project", problem="P", visibility="private"
    )
    projects.project_link_add(
        actor=personas.lead.user,
        project=project,
        kind="measure",
        ref_id=measure.pk,
        label=measure.name,
        has_baseline=False,
    )
    body = member_client.get(f"/o/{personas.org_a.slug}/measures/matrix/?project={project.pk}").content.decode()
    assert "Secret project" not in body
