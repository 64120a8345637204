"""Reading measures and their charts. The only callers of openqi.spc in the platform."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Q, QuerySet

from openqi.measures import extensions
from openqi.measures.models import (
    SUBGROUP_CHARTS,
    Annotation,
    AnnotationKind,
    ChartEvent,
    ChartType,
    DataPoint,
    EventKind,
    Frequency,
    Measure,
    MeasureFollow,
    PendingImport,
    Visibility,
)
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Organisation
from openqi.spc import SeriesResult, analyse

MIN_SPC_POINTS = 13
_STEP_DAYS: dict[str, int] = {Frequency.DAILY: 1, Frequency.WEEKLY: 7, Frequency.MONTHLY: 31}


def _visible_q(access: OrgAccess) -> Q:
    """Team-only measures are seen by their team, and by champions and above."""
    if access.has_role("champion"):
        return Q()
    team_id = access.membership.team_id if access.membership else None
    if team_id is None:  # no team: only what the whole organisation sees (never "team is null")
        return Q(visibility=Visibility.ORGANISATION)
    return Q(visibility=Visibility.ORGANISATION) | Q(visibility=Visibility.TEAM, team_id=team_id)


def _visible(measures: QuerySet[Measure], access: OrgAccess) -> QuerySet[Measure]:
    return measures.filter(_visible_q(access))


def measure_list_of(*, accesses: list[OrgAccess]) -> QuerySet[Measure]:
    """The live measures of several organisations, each organisation's read with its own access
    (the same rule as `measure_list`), unordered: for counts grouped by organisation."""
    found = Q(pk__in=[])
    for access in accesses:
        found |= Q(organisation=access.organisation) & _visible_q(access)
    return Measure.objects.filter(found, archived_at__isnull=True).order_by()


def measure_list(
    *,
    organisation: Organisation,
    access: OrgAccess,
    team_id: int | None = None,
    measure_type: str = "",
    variation_icon: str = "",
    include_archived: bool = False,
) -> QuerySet[Measure]:
    measures = Measure.objects.filter(organisation=organisation).select_related("team", "owner")
    if not include_archived:
        measures = measures.filter(archived_at__isnull=True)
    if team_id:
        measures = measures.filter(team_id=team_id)
    if measure_type:
        measures = measures.filter(measure_type=measure_type)
    if variation_icon:
        measures = measures.filter(variation_icon=variation_icon)
    return _visible(measures, access).order_by("name", "pk")


# The stored latest analysis (`measure_summary_refresh`): anything but common cause is a signal.
_NO_SIGNAL = ("", "common_cause")


def measure_list_new_signal(*, access: OrgAccess, user_id: int) -> QuerySet[Measure]:
    """Live measures this person owns or follows whose latest point shows special cause
    variation, among those they may see (the same rule as the alerts: team-only measures for
    their team or champions and above). Newest data first. For the personal home."""
    followed = MeasureFollow.objects.filter(organisation=access.organisation, user_id=user_id).values("measure_id")
    measures = (
        Measure.objects.filter(organisation=access.organisation, archived_at__isnull=True)
        .filter(Q(owner_id=user_id) | Q(pk__in=followed))
        .exclude(latest_point_type__in=_NO_SIGNAL)
    )
    return _visible(measures, access).order_by("-latest_period", "name", "pk")


def measure_get(*, organisation: Organisation, access: OrgAccess, measure_id: int) -> Measure | None:
    measures = Measure.objects.filter(organisation=organisation, pk=measure_id).select_related("team", "owner")
    return _visible(measures, access).first()


def measure_by_name(*, organisation: Organisation) -> dict[str, Measure]:
    """Current measures keyed by lower-case name, for matching import columns."""
    return {m.name.strip().lower(): m for m in Measure.objects.filter(organisation=organisation, archived_at=None)}


def data_point_list(*, organisation: Organisation, measure: Measure) -> QuerySet[DataPoint]:
    return DataPoint.objects.filter(organisation=organisation, measure=measure).order_by("period")


def data_point_get(*, organisation: Organisation, measure: Measure, point_id: int) -> DataPoint | None:
    return DataPoint.objects.filter(organisation=organisation, measure=measure, pk=point_id).first()


def chart_event_list(
    *, organisation: Organisation, measure: Measure, active_only: bool = False
) -> QuerySet[ChartEvent]:
    events = ChartEvent.objects.filter(organisation=organisation, measure=measure).select_related(
        "created_by", "undone_by"
    )
    return events.filter(undone_at__isnull=True) if active_only else events


def chart_event_get(*, organisation: Organisation, measure: Measure, event_id: int) -> ChartEvent | None:
    return ChartEvent.objects.filter(organisation=organisation, measure=measure, pk=event_id).first()


def annotation_list(*, organisation: Organisation, measure: Measure) -> QuerySet[Annotation]:
    return Annotation.objects.filter(organisation=organisation, measure=measure)


def pending_import_get(*, organisation: Organisation, user: Any, import_id: int) -> PendingImport | None:
    # An import belongs to whoever uploaded it: a colleague cannot confirm someone else's file.
    # The pages read its counts and preview, never its packed rows (only the write does).
    found = PendingImport.objects.filter(organisation=organisation, created_by=user, pk=import_id)
    return found.defer("packed_rows").first()


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """What a chart reads of a data point, loaded as plain values: building 16,700 model instances
    (with their JSON and date conversions) cost seconds on a long series' page."""

    period: datetime.date
    value: float | None
    numerator: float | None
    denominator: float | None
    comment: str = ""
    observations: tuple[float, ...] | list[float] = ()


def _series_points(points_qs: QuerySet[DataPoint], *, with_observations: bool) -> list[SeriesPoint]:
    fields = ["period", "value", "numerator", "denominator", "comment"]
    if with_observations:  # only subgroup charts read them; decoding JSON per row is the costly part
        return [SeriesPoint(*row) for row in points_qs.values_list(*fields, "observations")]
    return [SeriesPoint(*row) for row in points_qs.values_list(*fields)]


@dataclass(frozen=True)
class ChartRow:
    """One position on the chart: a data point, or a gap where a period has no data."""

    period: datetime.date | None
    point: DataPoint | SeriesPoint | None
    ghosted: bool = False


@dataclass(frozen=True)
class MeasureChart:
    measure: Measure
    rows: tuple[ChartRow, ...]
    result: SeriesResult
    chart_used: str
    run_chart_reason: str
    scale: float
    events: tuple[ChartEvent, ...] = field(default=())
    annotations: tuple[Annotation, ...] = field(default=())

    @property
    def n_values(self) -> int:
        return sum(1 for r in self.rows if r.point is not None)


def _with_gaps(points: Sequence[DataPoint | SeriesPoint], frequency: str) -> list[ChartRow]:
    step = _STEP_DAYS.get(frequency, 31)
    rows: list[ChartRow] = []
    for point in points:
        if rows and rows[-1].period is not None and (point.period - rows[-1].period).days > step * 1.5:
            rows.append(ChartRow(period=None, point=None))
        rows.append(ChartRow(period=point.period, point=point))
    return rows


def _y(point: DataPoint | SeriesPoint | None, chart: str, rate_per: int) -> tuple[float | None, float | None]:
    """Engine inputs (value, n) for one point. U rates are shown per `rate_per` by scaling n."""
    if point is None:
        return None, None
    if chart in (ChartType.P, ChartType.U):
        if point.numerator is None or not point.denominator:
            return None, None
        per = rate_per if chart == ChartType.U else 1
        return point.numerator, point.denominator / per
    return point.value, None


def _observations(
    rows: list[ChartRow], phase: list[int], baseline: list[bool], exclude: list[bool]
) -> tuple[list[float | None], list[str | None], list[int], list[bool], list[bool]]:
    """Spread each period's observations over engine rows; a gap keeps one empty row of its own."""
    values: list[float | None] = []
    xs: list[str | None] = []
    out_phase: list[int] = []
    out_baseline: list[bool] = []
    out_exclude: list[bool] = []
    for i, row in enumerate(rows):
        observations = (row.point.observations if row.point is not None else None) or [None]
        for value in observations:
            values.append(value)
            xs.append(row.period.isoformat() if row.period else f"gap-{i}")
            out_phase.append(phase[i])
            out_baseline.append(baseline[i])
            out_exclude.append(exclude[i])
    return values, xs, out_phase, out_baseline, out_exclude


@dataclass(frozen=True)
class ChartView:
    """How a reader chose to look at a chart on the page; nothing here is saved on the measure."""

    rules: str = ""
    chart: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @property
    def is_default(self) -> bool:
        return self == ChartView()


# Other chart types each measure's data can be read with: Laney's P′ and U′ for very large
# denominators, an I chart for counts or times, and a run chart for anything.
ALTERNATIVE_CHARTS: dict[str, tuple[tuple[str, str], ...]] = {
    ChartType.P: (("pp", "P′ chart (Laney), for very large denominators"), ("run", "Run chart (median)")),
    ChartType.U: (("up", "U′ chart (Laney), for very large denominators"), ("run", "Run chart (median)")),
    ChartType.I: (("run", "Run chart (median)"),),
    ChartType.C: (("i", "I chart (XmR)"), ("run", "Run chart (median)")),
    ChartType.G: (("i", "I chart (XmR)"), ("run", "Run chart (median)")),
    ChartType.T: (("i", "I chart (XmR)"), ("run", "Run chart (median)")),
    ChartType.XBAR: (("s", "S chart: spread of the observations"), ("run", "Run chart of the averages (median)")),
    ChartType.S: (("xbar", "X-bar chart: average of the observations"), ("run", "Run chart of the averages (median)")),
    ChartType.RUN: (),
}


def pdsa_annotations(*, access: OrgAccess, user_id: int, measure: Measure) -> tuple[Annotation, ...]:
    """PDSA cycles of the work that links this measure, as chart annotations (not saved).

    The markers come from the sources registered in `measures.extensions` (the projects app
    registers one); each returns only what this person may see, so a private project's cycles
    stay private.
    """
    return tuple(
        Annotation(
            measure=measure,
            organisation=access.organisation,
            period=marker.date,
            text=marker.label,
            kind=AnnotationKind.PDSA,
            source_ref=f"pdsa:{marker.cycle_id}",
        )
        for source in extensions.pdsa_marker_sources()
        for marker in source(access=access, user_id=user_id, measure_id=measure.pk)
    )


def measure_chart(
    *,
    organisation: Organisation,
    measure: Measure,
    view: ChartView | None = None,
    extra_annotations: tuple[Annotation, ...] = (),
) -> MeasureChart:
    """Analyse a measure's data with its active chart events (rebase, baseline, ghost), plus any
    annotations from elsewhere (PDSA cycles) that fall within the charted dates."""
    if measure.organisation_id != organisation.pk:
        raise ValueError("The measure belongs to another organisation.")
    view = view or ChartView()
    points_qs = data_point_list(organisation=organisation, measure=measure)
    if view.date_from:
        points_qs = points_qs.filter(period__gte=view.date_from)
    if view.date_to:
        points_qs = points_qs.filter(period__lte=view.date_to)
    points = _series_points(points_qs, with_observations=measure.needs_subgroups)
    events = tuple(chart_event_list(organisation=organisation, measure=measure, active_only=True))
    annotations = tuple(annotation_list(organisation=organisation, measure=measure))
    if extra_annotations and points:
        # Only markers within the charted dates: one planned for next month has no point to sit on.
        first, last = points[0].period, points[-1].period
        inside = tuple(a for a in extra_annotations if first <= a.period <= last)
        annotations = tuple(sorted(annotations + inside, key=lambda a: a.period))
    return measure_chart_from(measure=measure, points=points, events=events, annotations=annotations, view=view)


def measure_chart_from(
    *,
    measure: Measure,
    points: Sequence[DataPoint | SeriesPoint],
    events: tuple[ChartEvent, ...] = (),
    annotations: tuple[Annotation, ...] = (),
    view: ChartView | None = None,
) -> MeasureChart:
    view = view or ChartView()
    ghosts = {e.period for e in events if e.kind == EventKind.GHOST}
    rebases = sorted(e.period for e in events if e.kind == EventKind.REBASE)
    baselines = sorted(e.period for e in events if e.kind == EventKind.BASELINE)
    rows = [
        ChartRow(period=r.period, point=r.point, ghosted=r.period in ghosts)
        for r in _with_gaps(points, measure.frequency)
    ]
    n_values = sum(1 for r in rows if r.point is not None)
    allowed = {value for value, _ in ALTERNATIVE_CHARTS.get(measure.chart_type, ())}
    chart = view.chart if view.chart in allowed else measure.chart_type
    reason = ""
    if chart == ChartType.RUN and measure.chart_type != ChartType.RUN:
        reason = "You chose to see a run chart. It shows the median and run rules, without process limits."
    elif chart != ChartType.RUN and n_values < MIN_SPC_POINTS:
        reason = (
            f"There are {n_values} values so far. A run chart is shown until there are at least "
            f"{MIN_SPC_POINTS}, because process limits from fewer points are not reliable."
        )
        chart = ChartType.RUN
    values: list[float | None] = []
    ns: list[float | None] = []
    for row in rows:
        y, n = _y(row.point, measure.chart_type, measure.rate_per)
        values.append(y)
        ns.append(n)
    use_n = measure.chart_type in (ChartType.P, ChartType.U)
    if chart == ChartType.RUN and use_n:
        # A run chart of the rate itself: value = numerator / n.
        values = [None if y is None or not n else y / n for y, n in zip(values, ns, strict=True)]
        use_n = False
    if chart == ChartType.RUN and measure.chart_type == ChartType.P:
        values = [None if v is None else v * 100 for v in values]
    # The phase changes at each rebase; the running period keeps gaps in the part before them.
    phase: list[int] = []
    current = 0
    last_period: datetime.date | None = None
    for row in rows:
        period = row.period or last_period
        current = sum(1 for d in rebases if period is not None and d <= period)
        phase.append(current)
        last_period = period
    baseline = [False] * len(rows)
    for end in baselines:
        part_of_end = next((phase[i] for i, r in enumerate(rows) if r.period == end), None)
        if part_of_end is None:
            continue
        for i, row in enumerate(rows):
            if phase[i] == part_of_end and (row.period is None or row.period <= end):
                baseline[i] = True
    target = measure.target
    if target is not None and measure.chart_type == ChartType.P and chart != ChartType.RUN:
        target = target / 100  # entered as a percentage; the engine works in proportions
    xs: list[str | None] = [r.period.isoformat() if r.period else None for r in rows]
    exclude = [r.ghosted for r in rows]
    if chart in SUBGROUP_CHARTS:
        # One engine value per observation, sharing the period as x: the engine forms the subgroups.
        values, xs, phase, baseline, exclude = _observations(rows, phase, baseline, exclude)
    result = analyse(
        values,
        chart=cast(Any, str(chart)),
        rules=cast(Any, view.rules or measure.rules),
        improvement=cast(Any, measure.improvement),
        target=target,
        x=xs,
        n=ns if use_n else None,
        phase=phase if rebases else None,
        baseline=baseline if any(baseline) else None,
        exclude=exclude if ghosts else None,
    )
    # P charts are plotted as percentages; the engine's proportions are multiplied on display.
    scale = 100.0 if measure.chart_type == ChartType.P and chart != ChartType.RUN else 1.0
    return MeasureChart(
        measure=measure,
        rows=tuple(rows),
        result=result,
        chart_used=str(chart),
        run_chart_reason=reason,
        scale=scale,
        events=events,
        annotations=annotations,
    )
