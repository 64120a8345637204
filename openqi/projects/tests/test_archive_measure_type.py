"""The archive filters projects by the type of their linked measures."""

from typing import Any

import pytest
from django.test import Client

from openqi.projects import services
from openqi.projects.models import ProjectLink

pytestmark = pytest.mark.django_db


def test_the_archive_filters_by_the_type_of_a_linked_measure(personas: Any, lead_client: Client) -> None:
    lead = personas.lead.user
    falls = services.project_create(actor=lead, organisation=personas.org_a, title="Falls", problem="P")
    flow = services.project_create(actor=lead, organisation=personas.org_a, title="Flow", problem="P")
    services.project_create(actor=lead, organisation=personas.org_a, title="Nothing linked", problem="P")
    services.project_link_add(
        actor=lead,
        project=falls,
        kind="measure",
        ref_id=1,
        label="Falls rate",
        has_baseline=False,
        measure_type="outcome",
    )
    services.project_link_add(
        actor=lead,
        project=flow,
        kind="measure",
        ref_id=2,
        label="Before noon",
        has_baseline=False,
        measure_type="process",
    )
    services.project_link_add(
        actor=lead, project=flow, kind="idea", ref_id=3, label="An idea", has_baseline=False, measure_type="outcome"
    )
    assert ProjectLink.objects.get(kind="idea").measure_type == ""  # only measures have a type

    def titles(query: str) -> list[str]:
        page = lead_client.get(f"/o/alpha/projects/?{query}").content.decode()
        return [t for t in ("Falls", "Flow", "Nothing linked") if f">{t}</a>" in page]

    assert titles("measure_type=outcome") == ["Falls"]
    assert titles("measure_type=process") == ["Flow"]
    assert titles("measure_type=balancing") == []
    assert titles("measure_type=bogus") == ["Falls", "Flow", "Nothing linked"]


def test_the_link_form_records_the_measure_type(personas: Any, lead_client: Client) -> None:
    project = services.project_create(actor=personas.lead.user, organisation=personas.org_a, title="T", problem="P")
    url = f"/o/alpha/projects/{project.pk}/links/"
    response = lead_client.post(url, {"kind": "measure", "ref_id": "4", "label": "Harm", "measure_type": "kpi"})
    assert response.status_code == 302 and ProjectLink.objects.get().measure_type == "kpi"
    response = lead_client.post(url, {"kind": "measure", "ref_id": "5", "label": "X", "measure_type": "nope"})
    assert "Choose the type of measure from the list" in response.content.decode()
