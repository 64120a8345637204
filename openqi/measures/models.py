"""Measures (a family of measures per organisation), their data, chart events and annotations."""

import json
import zlib
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from openqi.organisations.models import Organisation, Team
from openqi.vocabulary import MeasureType


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


class ChartType(models.TextChoices):
    RUN = "run", "Run chart (median)"
    I = "i", "I chart (XmR): individual values"  # noqa: E741
    P = "p", "P chart: percentage (numerator and denominator)"
    U = "u", "U chart: rate (count per exposure)"
    C = "c", "C chart: count of events"
    G = "g", "G chart: cases between rare events"
    T = "t", "T chart: time between rare events"
    # Several observations per period (a subgroup): the chart of their means, or of their spread.
    XBAR = "xbar", "X-bar chart: average of several observations per period"
    S = "s", "S chart: spread (standard deviation) of several observations per period"


RATIO_CHARTS = (ChartType.P, ChartType.U)
COUNT_CHARTS = (ChartType.C, ChartType.G)
SUBGROUP_CHARTS = (ChartType.XBAR, ChartType.S)
MIN_SUBGROUP = 2  # a standard deviation needs two observations


class Improvement(models.TextChoices):
    INCREASE = "increase", "Higher is better"
    DECREASE = "decrease", "Lower is better"
    NEUTRAL = "neutral", "Neither (no direction)"


class RulesProfile(models.TextChoices):
    MDC = "mdc", "Making Data Count (default)"
    MDC_SQL = "mdc-sql", "Making Data Count SQL"
    PTD = "ptd", "NHSRplotthedots"
    QIC = "qic", "qicharts2"


class Visibility(models.TextChoices):
    ORGANISATION = "organisation", "Everyone in the organisation"
    TEAM = "team", "The team, and champions and above"


class Measure(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="measures")
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures")
    # A reference to a QI project; a foreign key replaces it when projects exist.
    project_ref = models.CharField(max_length=100, blank=True, default="")
    name = models.CharField(max_length=200)
    measure_type = models.CharField(max_length=20, choices=MeasureType.choices)
    what_counted = models.TextField(blank=True)
    numerator = models.TextField(blank=True)
    denominator = models.TextField(blank=True)
    inclusions_exclusions = models.TextField(blank=True)
    data_source = models.TextField(blank=True)
    unit = models.CharField(max_length=50, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    chart_type = models.CharField(max_length=10, choices=ChartType.choices, default=ChartType.I)
    # U chart rates are shown per this many units of exposure (1,000 bed days); 1 otherwise.
    rate_per = models.PositiveIntegerField(default=1)
    improvement = models.CharField(max_length=10, choices=Improvement.choices, default=Improvement.INCREASE)
    target = models.FloatField(null=True, blank=True)
    target_from = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_measures"
    )
    rules = models.CharField(max_length=10, choices=RulesProfile.choices, default=RulesProfile.MDC)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.ORGANISATION)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The latest analysis, kept by the measure_recompute task so lists never re-run the engine.
    latest_value = models.FloatField(null=True, blank=True)
    latest_period = models.DateField(null=True, blank=True)
    latest_point_type = models.CharField(max_length=40, blank=True)
    variation_icon = models.CharField(max_length=20, blank=True)
    assurance_icon = models.CharField(max_length=20, blank=True)
    summary = models.TextField(blank=True)
    sparkline = models.JSONField(default=list, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("name",)
        indexes: ClassVar = [models.Index(fields=("organisation", "archived_at"), name="measure_org_archived")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def needs_ratio(self) -> bool:
        return self.chart_type in RATIO_CHARTS

    @property
    def needs_subgroups(self) -> bool:
        return self.chart_type in SUBGROUP_CHARTS


class DataPoint(models.Model):
    # No index of its own: the unique (measure, period) index starts with the measure and serves
    # every lookup by measure; a second index only slowed each write (an import writes 50,000).
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="data_points", db_index=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    comment = models.CharField(max_length=500, blank=True)
    # X-bar and S charts: the period's observations (value holds their mean, denominator their number).
    observations = models.JSONField(default=list, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("period",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("measure", "period"), name="datapoint_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.period}"


class EventKind(models.TextChoices):
    REBASE = "rebase", "Recalculate limits from this point"
    BASELINE = "baseline", "Fix limits on the points up to here (baseline)"
    GHOST = "ghost", "Ghost this point (leave it out of the limits and rules)"


class ChartEvent(models.Model):
    """A decision about how a chart is calculated; undone rather than deleted, for the record."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="events")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    reason = models.CharField(max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("period", "created_at")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.period}"


class AnnotationKind(models.TextChoices):
    NOTE = "note", "Note"
    PDSA = "pdsa", "PDSA cycle"


class Annotation(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="annotations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=AnnotationKind.choices, default=AnnotationKind.NOTE)
    # Where a PDSA annotation came from (a cycle reference) once PDSA cycles exist.
    source_ref = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("period", "created_at")

    def __str__(self) -> str:
        return self.text


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    QUEUED = "queued", "Waiting to be imported"
    IMPORTING = "importing", "Importing"
    FAILED = "failed", "Could not be imported"
    CONFIRMED = "confirmed", "Imported"
    CANCELLED = "cancelled", "Cancelled"


# A value of an import as it is held until written: (measure id, ISO date, value, numerator,
# denominator, comment, observations).
HeldRow = tuple[int, str, float | None, float | None, float | None, str, list[float]]
PREVIEW_ROWS = 200  # values the preview page shows, kept apart from the packed rows
ERRORS_KEPT = 200  # row errors the preview page lists; `error_count` counts them all


class PendingImport(models.Model):
    """Parsed rows of an uploaded file, held on the server until the person confirms them.

    The rows are held packed (compact JSON lists, zlib-compressed: about 150 KB for 50,000
    values) in `packed_rows`, which only the write reads; the pages read the counts, the first
    200 values (`preview`) and the first 200 row errors. A 50,000-row import held as JSON objects
    (about 6 MB) was read whole by every preview, every status check and the confirm request."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=10)
    packed_rows = models.BinaryField(default=bytes, editable=False)
    row_count = models.PositiveIntegerField(default=0)
    preview = models.JSONField(default=list)  # the first PREVIEW_ROWS rows as the page shows them
    errors = models.JSONField(default=list)  # the first ERRORS_KEPT row errors
    error_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    # The confirmed import runs in a background task (the import_run service); these say how far it got.
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    imported_count = models.PositiveIntegerField(null=True, blank=True)
    failure = models.CharField(max_length=300, blank=True)  # why it failed, in words for the uploader

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.IMPORTING)

    def hold(self, rows: Sequence[Mapping[str, Any]], errors: Sequence[Mapping[str, Any]]) -> None:
        """Keep parsed rows (dicts, as `importing.parse_upload` gives them) and row errors."""
        held = [
            [
                r["measure_id"],
                r["period"],
                r.get("value"),
                r.get("numerator"),
                r.get("denominator"),
                r.get("comment", ""),
                r.get("observations") or [],
            ]
            for r in rows
        ]
        text = json.dumps(held, separators=(",", ":"), allow_nan=False)
        self.packed_rows = zlib.compress(text.encode(), 1) if held else b""
        self.row_count = len(held)
        self.preview = [dict(r) for r in rows[:PREVIEW_ROWS]]
        self.errors = [dict(e) for e in errors[:ERRORS_KEPT]]
        self.error_count = len(errors)

    def held_rows(self) -> list[HeldRow]:
        """The rows kept by `hold`, for the write."""
        packed = bytes(self.packed_rows or b"")  # PostgreSQL gives a memoryview
        return [tuple(row) for row in json.loads(zlib.decompress(packed))] if packed else []  # type: ignore[misc]

    def release(self) -> None:
        """Drop the held rows (written, or cancelled); the counts and the preview stay."""
        self.packed_rows = b""


class MeasureFollow(models.Model):
    """Someone who wants the measure's alerts (new special cause, assurance change) besides its owner."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="follows")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=("measure", "user"), name="measure_follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.measure_id}"


class MeasureSet(models.Model):
    """A saved selection of measures (a board report, a directorate's KPIs) for the icon matrix."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="measure_sets")
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    shared = models.BooleanField(default=True)  # everyone in the organisation, or only its creator
    measures = models.ManyToManyField(Measure, related_name="+", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name", "pk")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("organisation", "name"), name="measure_set_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name
