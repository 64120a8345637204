"""The measures app learns PDSA markers and the matrix's project filter from whichever app
registers them in `measures.extensions` (the projects app, in production), without importing it.
These tests register stand-ins, so they need no projects code."""

import datetime
from collections.abc import Iterable
from typing import Any

import pytest
from django.test import Client

from openqi.measures import extensions, selectors
from openqi.measures.tests.conftest import add_points, make_measure
from openqi.organisations.access import OrgAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> extensions.Registry:
    fresh = extensions.Registry()
    monkeypatch.setattr(extensions, "REGISTRY", fresh)
    return fresh


def _access(personas: Any) -> OrgAccess:
    return OrgAccess(organisation=personas.org_a, membership=personas.member, is_system_admin=False)


def test_a_registered_sources_markers_become_pdsa_annotations_for_that_reader(
    personas: Any, registry: extensions.Registry
) -> None:
    measure = make_measure(personas.org_a, name="Falls")
    asked: list[tuple[int, int]] = []

    def source(*, access: OrgAccess, user_id: int, measure_id: int) -> Iterable[extensions.ChartMarker]:
        asked.append((user_id, measure_id))
        return [extensions.ChartMarker(date=datetime.date(2024, 2, 5), label="PDSA 1 starts: Bay", cycle_id=41)]

    extensions.register_pdsa_markers(source)
    extensions.register_pdsa_markers(source)  # registering twice (ready() running again) adds it once
    annotations = selectors.pdsa_annotations(access=_access(personas), user_id=personas.member.user.pk, measure=measure)
    assert asked == [(personas.member.user.pk, measure.pk)]
    assert [(a.period, a.text, a.kind, a.source_ref) for a in annotations] == [
        (datetime.date(2024, 2, 5), "PDSA 1 starts: Bay", "pdsa", "pdsa:41")
    ]


def test_with_no_source_registered_a_chart_has_no_pdsa_annotations(
    personas: Any, registry: extensions.Registry
) -> None:
    measure = make_measure(personas.org_a, name="Falls")
    add_points(measure, [5.0, 6.0, 5.5])
    assert selectors.pdsa_annotations(access=_access(personas), user_id=personas.member.user.pk, measure=measure) == ()


class _OneProject:
    def __init__(self, measure_ids: list[int]) -> None:
        self.ids = measure_ids

    def choices(self, *, access: OrgAccess, user_id: int) -> list[tuple[str, str]]:
        return [("7", "Fewer falls")]

    def measure_ids(self, *, access: OrgAccess, user_id: int, project_id: int) -> list[int]:
        return self.ids if project_id == 7 else []


def test_the_matrix_narrows_to_the_measures_a_registered_project_filter_names(
    personas: Any, registry: extensions.Registry, member_client: Client
) -> None:
    make_measure(personas.org_a, name="Pressure ulcers")
    falls = make_measure(personas.org_a, name="Falls at night")
    extensions.register_project_filter(_OneProject([falls.pk]))
    access, user_id = _access(personas), personas.member.user.pk
    assert selectors.project_choices(access=access, user_id=user_id) == [("7", "Fewer falls")]
    query = selectors.MatrixQuery(project_id=7)
    assert [m.name for m in selectors.matrix_measures(access=access, user_id=user_id, query=query)] == [
        "Falls at night"
    ]
    body = member_client.get(f"/o/{personas.org_a.slug}/measures/matrix/?project=7").content.decode()
    assert "Fewer falls" in body and "Falls at night" in body and "Pressure ulcers" not in body


def test_without_a_project_filter_the_matrix_offers_no_projects_and_a_project_query_finds_nothing(
    personas: Any, registry: extensions.Registry
) -> None:
    make_measure(personas.org_a, name="Alpha")
    access, user_id = _access(personas), personas.member.user.pk
    assert selectors.project_choices(access=access, user_id=user_id) == []
    query = selectors.MatrixQuery(project_id=7)
    assert list(selectors.matrix_measures(access=access, user_id=user_id, query=query)) == []
