"""The IHI progress score (0.5–5.0) suggested from a project's evidence. Pure: counts in, score
and reasons out, so it is tested without a database and explained on the page."""

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

SCALE: dict[Decimal, str] = {
    Decimal("0.5"): "Intent to participate",
    Decimal("1.0"): "Forming the team",
    Decimal("1.5"): "Planning for the project has begun",
    Decimal("2.0"): "Activity, but no changes",
    Decimal("2.5"): "Changes tested, but no improvement",
    Decimal("3.0"): "Modest improvement",
    Decimal("3.5"): "Improvement",
    Decimal("4.0"): "Significant improvement",
    Decimal("4.5"): "Sustainable improvement",
    Decimal("5.0"): "Outstanding sustainable results",
}
SCORE_CHOICES = [(f"{score:.1f}", f"{score:.1f} – {label}") for score, label in SCALE.items()]


@dataclass(frozen=True)
class MeasureEvidence:
    """What the lead recorded about one linked measure, beside what its chart shows now.

    `improvement_points` and `latest` are None when the chart cannot be read (no data yet, or a
    reader who may not see the measure): then only the lead's record can be cited."""

    name: str
    recorded: str  # "", "improvement" or "sustained" (the link's evidence)
    improvement_points: int | None = None  # points of special cause improvement on the chart
    first_improvement: datetime.date | None = None
    latest: str | None = None  # the latest point's type: common_cause, special_cause_improvement…

    @property
    def supported(self) -> bool:
        """The record stands unless the chart, read, shows no special cause improvement at all."""
        return bool(self.recorded) and (self.improvement_points is None or self.improvement_points > 0)


_LATEST = {
    "common_cause": "common cause",
    "special_cause_improvement": "special cause improvement",
    "special_cause_concern": "special cause concern",
    "special_cause_neutral_high": "special cause, neither better nor worse",
    "special_cause_neutral_low": "special cause, neither better nor worse",
}
_RECORDED = {"improvement": "improvement", "sustained": "sustained improvement"}


def measure_statement(m: MeasureEvidence) -> str:
    """One sentence on what a linked measure shows, built from its chart, so the words beside a
    chart never contradict its icon (the project page, its report and the progress score share it)."""
    claim = _RECORDED.get(m.recorded, "")
    if m.improvement_points is None or m.latest is None:
        if not claim:
            return f"{m.name}: no improvement recorded yet."
        return f"{m.name}: {claim}, as recorded by the project lead (the chart is not shown here)."
    latest = _LATEST.get(m.latest, "not yet read")
    points = _plural(m.improvement_points, "point")
    since = f" from {m.first_improvement:%d/%m/%Y}" if m.first_improvement else ""
    if not claim:
        if m.improvement_points:
            return f"{m.name}: {points} of special cause improvement{since}; the latest point is {latest}."
        return f"{m.name}: no special cause improvement on the chart; the latest point is {latest}."
    if not m.improvement_points:
        return (
            f"{m.name}: recorded as {claim}, but the chart shows no special cause improvement; "
            f"the latest point is {latest}. Review the evidence."
        )
    if m.latest == "special_cause_improvement":
        return f"{m.name}: {claim} ({points} of special cause improvement{since}, including the latest point)."
    return (
        f"{m.name}: {claim} seen earlier ({points} of special cause improvement{since}); the latest point is {latest}."
    )


@dataclass(frozen=True)
class Evidence:
    has_aim: bool
    measures: int
    measures_with_baseline: int
    cycles_run: int  # cycles with Do recorded or finished
    cycles_finished: int
    cycles_adopted: int
    measures_improving: int  # linked measures the measures app flags as improving
    measures_sustained: int  # …or as sustained improvement
    # What each linked measure's chart shows, when the reader's page has read the charts: the
    # improvement steps then count only records the charts support, and cite them.
    charts: tuple[MeasureEvidence, ...] = ()

    def with_charts(self, charts: tuple[MeasureEvidence, ...]) -> "Evidence":
        """The same evidence, its improvement counts taken from what the charts support."""
        supported = [c for c in charts if c.supported]
        return replace(
            self,
            charts=charts,
            measures_improving=sum(1 for c in supported if c.recorded == "improvement"),
            measures_sustained=sum(1 for c in supported if c.recorded == "sustained"),
        )


@dataclass(frozen=True)
class Suggestion:
    score: Decimal
    label: str
    reasons: tuple[str, ...]  # the evidence that reached each step, in order
    missing: str  # what would move the score up next ("" at the top of what can be suggested)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _cite(e: Evidence, recorded: tuple[str, ...], fallback: str, score: str) -> str:
    """The reason for an improvement step: the statement of the measure that earns it."""
    # In the order asked for: 3.5 cites a measure recorded as improving before a sustained one.
    cited = next((c for kind in recorded for c in e.charts if c.supported and c.recorded == kind), None)
    return f"{measure_statement(cited)[:-1]} ({score})." if cited else f"{fallback} ({score})."


def _gap(e: Evidence, default: str) -> str:
    """What is missing; a record the chart does not bear out is named, so the lead can review it."""
    unsupported = next((c for c in e.charts if c.recorded and not c.supported), None)
    return f"{default} {measure_statement(unsupported)}" if unsupported else default


def progress_suggest(evidence: Evidence) -> Suggestion:
    """Climb the scale while the evidence supports each step; stop at the first gap."""
    e = evidence
    score = Decimal("0.5")
    reasons = ["The project has started (0.5)."]
    steps: list[tuple[bool, Decimal, str, str]] = [
        (e.has_aim, Decimal("1.0"), "An aim is set (1.0).", "Set a specific, measurable aim to reach 1.0."),
        (
            e.measures_with_baseline > 0,
            Decimal("1.5"),
            f"{_plural(e.measures_with_baseline, 'linked measure')} with a baseline (1.5).",
            "Link a measure with a baseline to reach 1.5.",
        ),
        (
            e.cycles_run > 0,
            Decimal("2.0"),
            f"{_plural(e.cycles_run, 'PDSA cycle')} run (2.0).",
            "Run a PDSA cycle (record what happened) to reach 2.0.",
        ),
        (
            e.cycles_finished > 0,
            Decimal("2.5"),
            f"{_plural(e.cycles_finished, 'PDSA cycle')} completed with a decision (2.5).",
            "Complete a PDSA cycle with an adopt, adapt or abandon decision to reach 2.5.",
        ),
        (
            e.cycles_adopted > 0,
            Decimal("3.0"),
            f"{_plural(e.cycles_adopted, 'change')} adopted (3.0).",
            "Adopt a tested change to reach 3.0.",
        ),
        (
            e.measures_improving + e.measures_sustained > 0,
            Decimal("3.5"),
            _cite(e, ("improvement", "sustained"), "A linked measure is recorded as showing improvement", "3.5"),
            _gap(e, "Improvement on a linked measure (shown by its chart) would reach 3.5."),
        ),
        (
            e.measures_sustained > 0,
            Decimal("4.0"),
            _cite(e, ("sustained",), "A linked measure is recorded as showing sustained improvement", "4.0"),
            _gap(e, "Sustained improvement on a linked measure would reach 4.0."),
        ),
    ]
    missing = ""
    for reached, value, reason, gap in steps:
        if not reached:
            missing = gap
            break
        score = value
        reasons.append(reason)
    if not missing:
        missing = "Scores above 4.0 need the lead's judgement of how lasting and wide the results are."
    return Suggestion(score=score, label=SCALE[score], reasons=tuple(reasons), missing=missing)
