"""Measures with their data, process limits and Making Data Count icons (read through the
measures selectors and presenters), and writes of data points through the measures services."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel, ConfigDict

from openqi.api.auth import ApiPrincipal, principal_of
from openqi.api.pagination import PageMeta, PageParams, paginate
from openqi.api.params import MAX_ID, IdField, OrgSlug, PathId
from openqi.api.problems import ServiceRefusal, field_errors_from_django
from openqi.measures import selectors, services
from openqi.measures.models import Measure
from openqi.measures.presenters import EXPORT_HEADER, ChartPresenter, assurance_icon, variation_icon
from openqi.organisations.models import Role

router = Router(tags=["Measures"])
# The web app's rule: champions and above enter and import data.
EDIT_ROLE = Role.CHAMPION


class IconOut(Schema):
    code: str
    letter: str
    label: str


class MeasureOut(Schema):
    id: int
    name: str
    measure_type: str
    unit: str
    frequency: str
    chart_type: str
    improvement: str
    target: float | None
    team_id: int | None
    latest_value: float | None
    latest_period: datetime.date | None
    variation_icon: IconOut | None
    assurance_icon: IconOut | None
    summary: str


class MeasureDetailOut(MeasureOut):
    what_counted: str
    numerator: str
    denominator: str
    inclusions_exclusions: str
    data_source: str
    rate_per: int


class MeasurePage(PageMeta):
    items: list[MeasureOut]


class MeasureFilters(Schema):
    team_id: int | None = IdField()
    measure_type: str = ""
    variation_icon: str = ""


class PointOut(Schema):
    id: int
    period: datetime.date
    value: float | None
    numerator: float | None
    denominator: float | None
    observations: list[float]
    comment: str


class PointPage(PageMeta):
    items: list[PointOut]


class SpcRow(Schema):
    date: datetime.date
    value: float | None
    numerator: float | None
    denominator: float | None
    plotted_value: float | None
    centre_line: float | None
    lower_limit: float | None
    upper_limit: float | None
    part: int
    point_type: str
    flags: str
    ghosted: bool
    comment: str


class SpcOut(Schema):
    measure_id: int
    chart: str = Field(description="The chart drawn: the measure's own, or a run chart until there are enough points.")
    chart_note: str
    variation_icon: IconOut | None
    assurance_icon: IconOut | None
    summary: str
    rows: list[SpcRow]


class PointIn(Schema):
    # Strict: JSON `true` is not the number 1, nor "12" a number (the dates alone are parsed from text).
    model_config = ConfigDict(strict=True)

    period: datetime.date = Field(strict=False)
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    observations: list[float] = []
    comment: str = Field("", max_length=500)


class BulkPointIn(BaseModel):
    """A plain pydantic model, not a ninja Schema: ninja's Schema validates each item through a
    Django-aware wrapper, which cost seconds on 50,000 points."""

    # Strict: JSON `true` is not the number 1, nor "12" a number (the dates alone are parsed from text).
    model_config = ConfigDict(strict=True)

    measure_id: int = Field(ge=1, le=MAX_ID)
    period: datetime.date = Field(strict=False)
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    observations: list[float] = []
    comment: str = Field("", max_length=500)


class BulkIn(BaseModel):
    model_config = ConfigDict(strict=True)

    points: list[BulkPointIn] = Field(description=f"At most {services.MAX_BULK_POINTS:,} points, all or nothing.")


class BulkOut(Schema):
    created: int
    updated: int


def _icon(kind: str, code: str) -> dict[str, str] | None:
    icon = variation_icon(code) if kind == "variation" else assurance_icon(code)
    return {"code": code, "letter": icon.letter, "label": icon.label} if icon else None


def measure_out(measure: Measure) -> dict[str, Any]:
    return {
        "id": measure.pk,
        "name": measure.name,
        "measure_type": measure.measure_type,
        "unit": measure.unit,
        "frequency": measure.frequency,
        "chart_type": measure.chart_type,
        "improvement": measure.improvement,
        "target": measure.target,
        "team_id": measure.team_id,
        "latest_value": measure.latest_value,
        "latest_period": measure.latest_period,
        "variation_icon": _icon("variation", measure.variation_icon),
        "assurance_icon": _icon("assurance", measure.assurance_icon),
        "summary": measure.summary,
    }


def _measure(principal: ApiPrincipal, measure_id: int) -> Measure:
    measure = selectors.measure_get(organisation=principal.organisation, access=principal.access, measure_id=measure_id)
    if measure is None:
        raise Http404
    return measure


@router.get("", response=MeasurePage, summary="Measures the token's person may see")
def measure_index(
    request: HttpRequest, org_slug: OrgSlug, filters: Query[MeasureFilters], page: Query[PageParams]
) -> dict[str, Any]:
    principal = principal_of(request)
    measures = selectors.measure_list(
        organisation=principal.organisation,
        access=principal.access,
        team_id=filters.team_id,
        measure_type=filters.measure_type,
        variation_icon=filters.variation_icon,
    )
    return paginate(request, measures, page, measure_out)


@router.get("/{int:measure_id}", response=MeasureDetailOut, summary="One measure and its operational definition")
def measure_detail(request: HttpRequest, org_slug: OrgSlug, measure_id: PathId) -> dict[str, Any]:
    measure = _measure(principal_of(request), measure_id)
    return {
        **measure_out(measure),
        "what_counted": measure.what_counted,
        "numerator": measure.numerator,
        "denominator": measure.denominator,
        "inclusions_exclusions": measure.inclusions_exclusions,
        "data_source": measure.data_source,
        "rate_per": measure.rate_per,
    }


@router.get("/{int:measure_id}/data", response=PointPage, summary="A measure's data points, oldest first")
def point_index(request: HttpRequest, org_slug: OrgSlug, measure_id: PathId, page: Query[PageParams]) -> dict[str, Any]:
    principal = principal_of(request)
    measure = _measure(principal, measure_id)
    points = selectors.data_point_list(organisation=principal.organisation, measure=measure)
    return paginate(
        request,
        points,
        page,
        lambda p: {
            "id": p.pk,
            "period": p.period,
            "value": p.value,
            "numerator": p.numerator,
            "denominator": p.denominator,
            "observations": list(p.observations or []),
            "comment": p.comment,
        },
    )


def _number(cell: Any) -> float | None:
    return None if cell == "" or cell is None else float(cell)


@router.get("/{int:measure_id}/spc", response=SpcOut, summary="The SPC chart as a flat table, with limits and icons")
def measure_spc(request: HttpRequest, org_slug: OrgSlug, measure_id: PathId) -> dict[str, Any]:
    principal = principal_of(request)
    measure = _measure(principal, measure_id)
    chart = selectors.measure_chart(organisation=principal.organisation, measure=measure)
    keys = [name.replace(" ", "_") for name in EXPORT_HEADER]
    rows = []
    for cells in ChartPresenter(chart).export_rows():
        row = dict(zip(keys, cells, strict=True))
        for key in ("value", "numerator", "denominator", "plotted_value", "centre_line", "lower_limit", "upper_limit"):
            row[key] = _number(row[key])
        row["ghosted"] = row["ghosted"] == "yes"
        rows.append(row)
    return {
        "measure_id": measure.pk,
        "chart": chart.chart_used,
        "chart_note": chart.run_chart_reason,
        "variation_icon": _icon("variation", str(chart.result.variation_icon)),
        "assurance_icon": _icon("assurance", str(chart.result.assurance_icon)),
        "summary": chart.result.summary,
        "rows": rows,
    }


@router.post("/{int:measure_id}/data", response={201: PointOut}, summary="Add one data point")
def point_create(
    request: HttpRequest, org_slug: OrgSlug, measure_id: PathId, payload: PointIn
) -> Status[dict[str, Any]]:
    principal = principal_of(request, EDIT_ROLE)
    measure = _measure(principal, measure_id)
    if measure.is_archived:
        raise Http404
    point = services.data_point_add(
        actor=principal.user,
        measure=measure,
        period=payload.period,
        value=payload.value,
        numerator=payload.numerator,
        denominator=payload.denominator,
        observations=payload.observations or None,
        comment=payload.comment.strip(),
    )
    return Status(
        201,
        {
            "id": point.pk,
            "period": point.period,
            "value": point.value,
            "numerator": point.numerator,
            "denominator": point.denominator,
            "observations": list(point.observations or []),
            "comment": point.comment,
        },
    )


@router.post("/data", response=BulkOut, summary="Add or replace many data points, all or nothing (idempotent)")
def point_bulk(request: HttpRequest, org_slug: OrgSlug, payload: BulkIn) -> dict[str, int]:
    principal = principal_of(request, EDIT_ROLE)
    rows = [
        services.PointRow(
            measure_id=p.measure_id,
            period=p.period,
            value=p.value,
            numerator=p.numerator,
            denominator=p.denominator,
            observations=tuple(p.observations),
            comment=p.comment,
        )
        for p in payload.points
    ]
    try:
        result = services.data_points_write(actor=principal.user, organisation=principal.organisation, rows=rows)
    except ValidationError as refusal:
        raise ServiceRefusal(field_errors_from_django(refusal, prefix="points.")) from None
    return {"created": result.created, "updated": result.updated}
