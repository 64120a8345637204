"""The one place the projects app reads the measures app (ADR 0008, as amended): through its public
selectors and presenter, by the id a `ProjectLink` holds, never a foreign key. Projects sit above
measures, so this module imports measures at the top; the measures app never imports projects.
`tests/test_independence.py` keeps every other module of this app off measures.

It also fills the measures app's seam (`measures.extensions`, called from `ProjectsConfig.ready`):
the PDSA markers on a linked measure's chart and the icon matrix's project filter, each answering
only with the projects the reader may see (`access.project_queryset`).

Visibility is the measures app's own: `measure_list`/`measure_get` with the reader's `OrgAccess`.
The public (no sign-in) reader is an access with no membership, which sees only measures shared
with the whole organisation, never team-only ones.

A shared ICS project's measures are the owning organisation's: the project views pass no measure
to these functions for a partner organisation's reader (`ProjectAccess.is_owner`), so its links
render as labels only, with no chart. Every function here reads inside `access.organisation` too,
so another organisation's measure id finds nothing.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from openqi.measures import extensions, presenters, selectors
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Organisation
from openqi.projects.access import project_queryset
from openqi.projects.models import LinkKind, ProjectLink
from openqi.projects.scoring import MeasureEvidence
from openqi.projects.selectors import pdsa_markers_for


def public_access(organisation: Organisation) -> OrgAccess:
    """A reader with no role: what anyone may see once the organisation has published it."""
    return OrgAccess(organisation=organisation, membership=None, is_system_admin=False)


def _is_public(access: OrgAccess) -> bool:
    return access.membership is None and not access.is_system_admin


# The measures app's visibility value for "everyone in the organisation": the only measures a
# public reader sees (a team-only measure without a team would otherwise pass its team filter).
SHARED = "organisation"


@dataclass(frozen=True)
class MeasureSummary:
    ref_id: int
    name: str
    unit: str
    latest_value: str
    latest_period: datetime.date | None
    summary: str
    variation: Any  # measures.presenters.Icon or None
    assurance: Any


def measure_summaries(*, access: OrgAccess, ref_ids: list[int]) -> dict[int, MeasureSummary]:
    """The stored latest analysis of the linked measures this reader may see, keyed by id."""
    if not ref_ids:
        return {}
    measures = selectors.measure_list(organisation=access.organisation, access=access, include_archived=True).filter(
        pk__in=ref_ids
    )
    if _is_public(access):
        measures = measures.filter(visibility=SHARED)
    return {
        m.pk: MeasureSummary(
            ref_id=m.pk,
            name=m.name,
            unit=presenters.unit_label(m),
            latest_value=presenters.format_number(m.latest_value),
            latest_period=m.latest_period,
            summary=m.summary,
            variation=presenters.variation_icon(m.variation_icon),
            assurance=presenters.assurance_icon(m.assurance_icon),
        )
        for m in measures
    }


@dataclass(frozen=True)
class ChartRow:
    period: datetime.date
    value: str
    centre: str
    point_type: str


@dataclass(frozen=True)
class ResultsChart:
    """A measure's chart for a story or report: the measures app's own chart and presenter (drawn
    with its `measures/chart.svg.jinja`) and a data table as the text alternative. Annotations and
    data point comments are left out: they are staff notes, not for publication."""

    measure: Any
    chart: Any
    presenter: Any
    rows: tuple[ChartRow, ...]

    @property
    def description(self) -> str:
        return str(self.presenter.description)


def results_chart(*, access: OrgAccess, ref_id: int) -> ResultsChart | None:
    """The chart of one measure, or None when it is gone, has no data, or this reader may not see it."""
    measure = selectors.measure_get(organisation=access.organisation, access=access, measure_id=ref_id)
    if measure is None or (_is_public(access) and measure.visibility != SHARED):
        return None
    points = list(selectors.data_point_list(organisation=access.organisation, measure=measure))
    if not points:
        return None
    events = tuple(selectors.chart_event_list(organisation=access.organisation, measure=measure, active_only=True))
    chart = selectors.measure_chart_from(measure=measure, points=points, events=events)
    presenter = presenters.ChartPresenter(chart)
    rows = tuple(ChartRow(r.period, r.value, r.centre, r.point_type) for r in presenter.table)
    return ResultsChart(measure=measure, chart=chart, presenter=presenter, rows=rows)


IMPROVEMENT_POINT = "special_cause_improvement"


def measure_evidence(*, access: OrgAccess, links: list[ProjectLink], readable: bool) -> tuple[MeasureEvidence, ...]:
    """Each linked measure's recorded evidence beside what its chart shows now, in link order.

    With `readable` false (a partner organisation's reader) or a measure this reader may not see,
    only the lead's record is cited. The latest point is the measure's stored one, the same that
    draws its variation icon on the page."""
    found: list[MeasureEvidence] = []
    for link in links:
        if link.kind != LinkKind.MEASURE:
            continue
        measure = (
            selectors.measure_get(organisation=access.organisation, access=access, measure_id=link.ref_id)
            if readable
            else None
        )
        if measure is None or (_is_public(access) and measure.visibility != SHARED):
            found.append(MeasureEvidence(name=link.label, recorded=link.evidence))
            continue
        chart = selectors.measure_chart(organisation=access.organisation, measure=measure)
        plotted = [
            (point, row.period)
            for point, row in zip(chart.result.points, chart.rows, strict=True)
            if point.y is not None
        ]
        if not plotted:
            found.append(MeasureEvidence(name=measure.name, recorded=link.evidence))
            continue
        improving = [period for point, period in plotted if point.point_type == IMPROVEMENT_POINT]
        found.append(
            MeasureEvidence(
                name=measure.name,
                recorded=link.evidence,
                improvement_points=len(improving),
                first_improvement=improving[0] if improving else None,
                latest=measure.latest_point_type or plotted[-1][0].point_type,
            )
        )
    return tuple(found)


def measure_ids_by_name(*, organisation: Organisation, names: list[str]) -> dict[str, int]:
    """Ids of current measures by exact name (for the demo data, which links the falls measures)."""
    found = selectors.measure_by_name(organisation=organisation)
    return {name: found[name.strip().lower()].pk for name in names if name.strip().lower() in found}


def pdsa_chart_markers(*, access: OrgAccess, user_id: int, measure_id: int) -> list[extensions.ChartMarker]:
    """The PDSA cycles of the projects this reader may see that link the measure, for its chart."""
    visible = project_queryset(access=access, user_id=user_id).values("pk")
    project_ids = list(
        ProjectLink.objects.filter(
            organisation=access.organisation, kind=LinkKind.MEASURE, ref_id=measure_id, project_id__in=visible
        ).values_list("project_id", flat=True)
    )
    if not project_ids:
        return []
    return [
        extensions.ChartMarker(date=marker.date, label=marker.label, cycle_id=marker.cycle_id)
        for marker in pdsa_markers_for(organisation=access.organisation, project_ids=project_ids)
    ]


class MatrixProjectFilter:
    """The icon matrix's project filter (`measures.extensions.ProjectFilter`)."""

    def choices(self, *, access: OrgAccess, user_id: int) -> list[tuple[str, str]]:
        projects = (
            project_queryset(access=access, user_id=user_id)
            # this organisation's own projects: a project shared from elsewhere links that one's measures
            .filter(organisation=access.organisation, links__kind=LinkKind.MEASURE)
            .distinct()
            .order_by("title")
            .values_list("pk", "title")
        )
        return [(str(pk), title) for pk, title in projects]

    def measure_ids(self, *, access: OrgAccess, user_id: int, project_id: int) -> QuerySet[Any]:
        visible = project_queryset(access=access, user_id=user_id).filter(pk=project_id).values("pk")
        return ProjectLink.objects.filter(
            organisation=access.organisation, kind=LinkKind.MEASURE, project_id__in=visible
        ).values("ref_id")


def register_with_measures() -> None:
    """Give the measures app its PDSA markers and project filter (called from `ProjectsConfig.ready`)."""
    extensions.register_pdsa_markers(pdsa_chart_markers)
    extensions.register_project_filter(MatrixProjectFilter())
