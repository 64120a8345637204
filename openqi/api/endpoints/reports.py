"""Check-in and survey aggregates, only as the web app shows them: every figure goes through the
owning app's selector, which applies k and complementary suppression; a hidden figure is null
with a status saying why ("below_k" or "complementary"), never a number."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from openqi.api.auth import principal_of
from openqi.api.params import OrgSlug, PathId
from openqi.checkins.selectors import Cell, checkin_organisation_overview
from openqi.organisations.models import Role
from openqi.surveys.selectors import OptionResult, survey_get, survey_list, survey_results

router = Router(tags=["Check-ins and surveys"])
# As the web app: the organisation overview and survey results are for QI coaches and above.
REPORT_ROLE = Role.QI_COACH


class CellOut(Schema):
    label: str
    responses: int | None
    good_days: int | None
    status: str


class TeamCellOut(CellOut):
    team_id: int
    depth: int


class CheckinOverviewOut(Schema):
    k: int
    start: datetime.date
    end: datetime.date
    organisation: CellOut
    teams: list[TeamCellOut]


class SurveyOut(Schema):
    id: int
    title: str
    state: str
    opens_on: datetime.date
    closes_on: datetime.date


class FigureOut(Schema):
    label: str
    count: int | None
    status: str


class QuestionOut(Schema):
    id: int
    text: str
    kind: str
    answered: int | None
    options: list[FigureOut]
    groups: list[FigureOut]
    nps: int | None
    texts: list[str]


class SurveyResultsOut(Schema):
    survey_id: int
    k: int
    responses: int | None
    questions: list[QuestionOut]


def _cell(cell: Cell) -> dict[str, Any]:
    return {"label": cell.label, "responses": cell.responses, "good_days": cell.good, "status": cell.status}


def _figure(figure: OptionResult) -> dict[str, Any]:
    return {"label": figure.label, "count": figure.count, "status": figure.status}


@router.get("/checkins", response=CheckinOverviewOut, summary="Check-ins: good days by team, last four weeks")
def checkin_overview(request: HttpRequest, org_slug: OrgSlug) -> dict[str, Any]:
    principal = principal_of(request, REPORT_ROLE)
    overview = checkin_organisation_overview(organisation=principal.organisation)
    return {
        "k": overview.k,
        "start": overview.start,
        "end": overview.end,
        "organisation": _cell(overview.total),
        "teams": [
            {**_cell(row.cell), "team_id": row.team.pk, "depth": row.depth}
            for row in overview.rows
            if row.team is not None
        ],
    }


@router.get("/surveys", response=list[SurveyOut], summary="Surveys")
def survey_index(request: HttpRequest, org_slug: OrgSlug) -> list[dict[str, Any]]:
    principal = principal_of(request, REPORT_ROLE)
    return [
        {"id": s.pk, "title": s.title, "state": s.state, "opens_on": s.opens_on, "closes_on": s.closes_on}
        for s in survey_list(organisation=principal.organisation)
    ]


@router.get("/surveys/{int:survey_id}", response=SurveyResultsOut, summary="A survey's results, k-suppressed")
def survey_result(request: HttpRequest, org_slug: OrgSlug, survey_id: PathId) -> dict[str, Any]:
    principal = principal_of(request, REPORT_ROLE)
    survey = survey_get(organisation=principal.organisation, survey_id=survey_id)
    if survey is None:
        raise Http404
    results = survey_results(organisation=principal.organisation, survey=survey)
    return {
        "survey_id": survey.pk,
        "k": results.k,
        "responses": results.responses,
        "questions": [
            {
                "id": q.question.pk,
                "text": q.question.text,
                "kind": q.question.kind,
                "answered": q.answered,
                "options": [_figure(o) for o in q.options],
                "groups": [_figure(g) for g in q.groups],
                "nps": q.nps,
                "texts": q.texts,
            }
            for q in results.questions
        ],
    }
