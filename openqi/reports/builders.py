"""What each kind of report shows, read through the other apps' own selectors and presenters,
and who may open it.

A report is read by more people than the one who asked for it (a schedule's recipients, a
colleague with the link), so it is built from what *every* reader allowed to open it may see: a
"floor reader" of the kind's minimum role, with no team and no project membership
(`floor_access`). Team-only measures, private projects and anything below k stay out, whoever
requested it. On every download the reader's own access is checked again (`reader_may_open`)."""

import base64
import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from openqi.checkins.selectors import checkin_organisation_overview
from openqi.documents.pdf import PdfDocument, render_pdf
from openqi.ideas.models import Identity
from openqi.ideas.selectors import (
    REPORTING_THRESHOLD,
    campaign_get,
    idea_answered_list,
    idea_overview,
)
from openqi.ideas.selectors.ideas import visible_ideas
from openqi.ideas.selectors.overview import anonymous_split
from openqi.measures.models import Annotation, AnnotationKind, Measure
from openqi.measures.presenters import ChartPresenter
from openqi.measures.presenters.icons import assurance_icon, format_number, unit_label, variation_icon
from openqi.measures.selectors import measure_chart, measure_list
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Membership, Organisation, Role, Team
from openqi.projects.access import project_access_get, project_queryset
from openqi.projects.models import LinkKind, Project, Stage
from openqi.projects.presenters.drivers import aim_sentence
from openqi.projects.selectors import pdsa_cycles, pdsa_markers_for, progress_evidence, project_links
from openqi.recognition.reports import campaign_report_pdf
from openqi.recognition.selectors import challenge_get
from openqi.reports.models import Kind, Report
from openqi.sustainability.presenters import ResultPresenter
from openqi.sustainability.scoring import sustainability_model
from openqi.sustainability.selectors import assessment_history

MINIMUM_ROLE: dict[str, str] = {
    Kind.BOARD: Role.LEAD,
    Kind.PROJECT: Role.STAFF,
    Kind.NEWSLETTER: Role.STAFF,
    Kind.CAMPAIGN: Role.STAFF,
}
CONCERN = ("concern_high", "concern_low")
NEWS_DAYS = 92  # "you said, we did": the last three months
HIGHLIGHTS = 10

Progress = Callable[[int, str], None]


class ReportRefused(Exception):
    """The report's subject is gone or may not be reported on (a private project, an open campaign)."""


def floor_access(*, organisation: Organisation, kind: str) -> OrgAccess:
    """The least any reader of this kind of report may see: its minimum role, no team."""
    membership = Membership(organisation=organisation, role=MINIMUM_ROLE[kind], team=None)
    return OrgAccess(organisation=organisation, membership=membership, is_system_admin=False)


def reader_may_open(*, access: OrgAccess, user_id: int, kind: str, parameters: dict[str, Any]) -> bool:
    """The rule for the list, the download and a schedule's recipients, asked every time."""
    if not access.has_role(MINIMUM_ROLE[kind]):
        return False
    if kind == Kind.PROJECT:
        try:
            project_access_get(access=access, user_id=user_id, project_id=int(parameters.get("project_id", 0)))
        except (Http404, PermissionDenied):
            return False
    return True


@dataclass(frozen=True)
class Figure:
    """A chart as an image with alt text (the tagged PDF carries it), and its one-line summary."""

    title: str
    src: str
    alt: str
    summary: str
    markers: tuple[str, ...] = ()  # the numbered flags' meanings (PDSA cycles), as a key below the chart


def chart_figure(
    *, organisation: Organisation, measure: Measure, annotations: tuple[Annotation, ...] = ()
) -> Figure | None:
    """The measure's chart drawn by the measures app's own template, or None without data."""
    chart = measure_chart(organisation=organisation, measure=measure, extra_annotations=annotations)
    if not any(row.point is not None for row in chart.rows):
        return None
    presenter = ChartPresenter(chart)
    svg = render_to_string(
        "measures/chart.svg.jinja", {"p": presenter, "chart": chart, "measure": measure, "standalone": True}
    )
    title = f"{'Run chart' if chart.chart_used == 'run' else chart.chart_used.upper() + ' chart'} of {measure.name}"
    encoded = base64.b64encode(svg.encode()).decode()
    description = str(presenter.description)
    return Figure(
        title=title,
        src=f"data:image/svg+xml;base64,{encoded}",
        alt=description or title,
        summary=description,
        markers=tuple(f"{flag.label}: {flag.title}" for flag in presenter.flags),
    )


@dataclass(frozen=True)
class MatrixRow:
    name: str
    team: str
    latest: str
    variation: str
    variation_letter: str
    assurance: str
    assurance_letter: str


def _matrix_row(measure: Measure) -> MatrixRow:
    v, a = variation_icon(measure.variation_icon), assurance_icon(measure.assurance_icon)
    latest = format_number(measure.latest_value)
    unit = unit_label(measure)
    return MatrixRow(
        name=measure.name,
        team=measure.team.name if measure.team else "Whole organisation",
        latest=f"{latest} {unit}".strip() if measure.latest_value is not None else "No data",
        variation=v.label if v else "Not enough data",
        variation_letter=v.letter if v else "–",
        assurance=a.label if a else "No target",
        assurance_letter=a.letter if a else "–",
    )


def _answered(organisation: Organisation, team_id: int | None, since: datetime.date) -> list[Any]:
    return list(idea_answered_list(organisation=organisation, team_id=team_id).filter(answered_on__gte=since)[:50])


def _stage_counts(projects: list[Project]) -> list[tuple[str, int]]:
    counts = Counter(p.stage for p in projects)
    return [(str(label), counts.get(value, 0)) for value, label in Stage.choices]


def _board(report: Report, progress: Progress) -> PdfDocument:
    organisation = report.organisation
    access = floor_access(organisation=organisation, kind=report.kind)
    today = timezone.localdate()
    progress(10, "Reading ideas and check-ins")
    ideas = idea_overview(organisation=organisation)
    checkins = checkin_organisation_overview(organisation=organisation, today=today)
    progress(25, "Reading projects")
    projects = list(
        project_queryset(access=access, user_id=0)
        .filter(organisation=organisation, archived_at__isnull=True)
        .select_related("team")
    )
    highlights = sorted(
        (p for p in projects if p.progress_score is not None), key=lambda p: (-(p.progress_score or 0), p.title)
    )[:HIGHLIGHTS]
    progress(35, "Reading the measures")
    measures = list(measure_list(organisation=organisation, access=access))
    concern = [m for m in measures if m.variation_icon in CONCERN]
    figures: list[tuple[MatrixRow, Figure | None]] = []
    for i, measure in enumerate(concern):
        figures.append((_matrix_row(measure), chart_figure(organisation=organisation, measure=measure)))
        if i % 5 == 4:
            progress(35 + 40 * (i + 1) // len(concern), f"Drawing charts ({i + 1} of {len(concern)})")
    progress(75, "Laying out the pages")
    document = render_pdf(
        template_name="reports/pdf/board.jinja",
        context={
            "ideas": ideas,
            "checkins": checkins,
            "project_total": len(projects),
            "project_stages": _stage_counts(projects),
            "highlights": [(p, aim_of(p)) for p in highlights],
            "matrix": [_matrix_row(m) for m in measures],
            "concern_count": len(concern),
            "failing_count": sum(1 for m in measures if m.assurance_icon == "fail"),
            "figures": figures,
            "answered": _answered(organisation, None, today - datetime.timedelta(days=NEWS_DAYS))[:HIGHLIGHTS],
            "month": today,
        },
        organisation_name=organisation.name,
        title=report.title,
    )
    return document


def aim_of(project: Project) -> str:
    return aim_sentence(
        what=project.aim_what,
        amount=project.aim_amount,
        unit=project.aim_unit,
        by=project.aim_by,
        for_whom=project.aim_for_whom,
    )


def _project_subject(report: Report) -> Project:
    project = (
        Project.objects.filter(organisation=report.organisation, pk=report.parameters.get("project_id", 0))
        .select_related("team")
        .first()
    )
    if project is None:
        raise ReportRefused("The project is gone.")
    return project


def _project(report: Report, progress: Progress) -> PdfDocument:
    organisation = report.organisation
    project = _project_subject(report)
    access = floor_access(organisation=organisation, kind=report.kind)
    progress(15, "Reading the project")
    links = [link for link in project_links(project=project) if link.kind == LinkKind.MEASURE]
    markers = pdsa_markers_for(organisation=organisation, project_ids=[project.pk])
    cycles = list(pdsa_cycles(project=project).order_by("number"))
    progress(30, "Drawing the family of measures")
    shown = {
        m.pk: m
        for m in measure_list(organisation=organisation, access=access).filter(pk__in=[link.ref_id for link in links])
    }
    measures: list[tuple[str, str, Figure | None]] = []
    for link in links:
        measure = shown.get(link.ref_id)
        if measure is None:
            # Shared with its team only (or gone): named by the project's own label, never drawn.
            measures.append((link.label, "", None))
            continue
        annotations = tuple(
            Annotation(
                measure=measure,
                organisation=organisation,
                period=marker.date,
                text=marker.label,
                kind=AnnotationKind.PDSA,
                source_ref=f"pdsa:{marker.cycle_id}",
            )
            for marker in markers
        )
        measures.append(
            (
                measure.name,
                measure.get_measure_type_display(),
                chart_figure(organisation=organisation, measure=measure, annotations=annotations),
            )
        )
    progress(60, "Reading the sustainability score")
    history = assessment_history(project=project)
    progress(75, "Laying out the page")
    return render_pdf(
        template_name="reports/pdf/project.jinja",
        context={
            "project": project,
            "aim": aim_of(project),
            "measures": measures,
            "cycles": cycles,
            "evidence": progress_evidence(project=project),
            "sustainability": history[-1] if history else None,
            "sustainability_summary": ResultPresenter(history[-1].result).summary() if history else "",
            "sustainability_model": sustainability_model(),
        },
        organisation_name=organisation.name,
        title=report.title,
    )


def _newsletter(report: Report, progress: Progress) -> PdfDocument:
    organisation = report.organisation
    team_id = report.parameters.get("team_id")
    team = Team.objects.filter(organisation=organisation, pk=team_id).first() if team_id else None
    if team_id and team is None:
        raise ReportRefused("The team is gone.")
    today = timezone.localdate()
    since = today - datetime.timedelta(days=NEWS_DAYS)
    progress(20, "Reading the answers")
    answered = _answered(organisation, team.pk if team else None, since)
    shared = visible_ideas(organisation).filter(submitted_on__gte=since)
    if team is not None:
        shared = shared.filter(team=team)
    total = shared.count()
    # The anonymous share only when it is at least k, by the ideas app's own rule.
    _named, anonymous = anonymous_split(total, shared.filter(identity=Identity.ANONYMOUS).count(), REPORTING_THRESHOLD)
    progress(60, "Laying out the pages")
    return render_pdf(
        template_name="reports/pdf/newsletter.jinja",
        context={
            "team": team,
            "since": since,
            "answered": answered,
            "shared_total": total,
            "shared_anonymous": anonymous,
            "threshold": REPORTING_THRESHOLD,
        },
        organisation_name=organisation.name,
        title=report.title,
    )


def _campaign(report: Report, progress: Progress) -> PdfDocument:
    campaign = campaign_get(organisation=report.organisation, campaign_id=int(report.parameters.get("campaign_id", 0)))
    if campaign is None or campaign.closed_on is None:
        raise ReportRefused("The campaign is gone or not closed yet.")
    progress(40, "Reading the campaign")
    return campaign_report_pdf(
        campaign=campaign, challenge=challenge_get(organisation=report.organisation, campaign=campaign)
    )


BUILDERS: dict[str, Callable[[Report, Progress], PdfDocument]] = {
    Kind.BOARD: _board,
    Kind.PROJECT: _project,
    Kind.NEWSLETTER: _newsletter,
    Kind.CAMPAIGN: _campaign,
}


def report_title(*, organisation: Organisation, kind: str, parameters: dict[str, Any], on: datetime.date) -> str:
    """The report's title (and its PDF's), from the subject's current name."""
    month = f"{on:%B %Y}"
    if kind == Kind.BOARD:
        return f"Integrated improvement report, {month}"
    if kind == Kind.PROJECT:
        project = Project.objects.filter(organisation=organisation, pk=parameters.get("project_id", 0)).first()
        return f"Project one-pager: {project.title if project else 'a project'}"[:200]
    if kind == Kind.NEWSLETTER:
        team = Team.objects.filter(organisation=organisation, pk=parameters.get("team_id") or 0).first()
        return f"You said, we did: {team.name if team else organisation.name}, {month}"[:200]
    campaign = campaign_get(organisation=organisation, campaign_id=int(parameters.get("campaign_id", 0)))
    return f"Campaign closing report: {campaign.title if campaign else 'a campaign'}"[:200]
