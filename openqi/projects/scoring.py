"""The IHI progress score (0.5–5.0) suggested from a project's evidence. Pure: counts in, score
and reasons out, so it is tested without a database and explained on the page."""

from dataclasses import dataclass
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
class Evidence:
    has_aim: bool
    measures: int
    measures_with_baseline: int
    cycles_run: int  # cycles with Do recorded or finished
    cycles_finished: int
    cycles_adopted: int
    measures_improving: int  # linked measures the measures app flags as improving
    measures_sustained: int  # …or as sustained improvement


@dataclass(frozen=True)
class Suggestion:
    score: Decimal
    label: str
    reasons: tuple[str, ...]  # the evidence that reached each step, in order
    missing: str  # what would move the score up next ("" at the top of what can be suggested)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


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
            "A linked measure shows improvement (3.5).",
            "Improvement on a linked measure (shown by its chart) would reach 3.5.",
        ),
        (
            e.measures_sustained > 0,
            Decimal("4.0"),
            "A linked measure shows sustained improvement (4.0).",
            "Sustained improvement on a linked measure would reach 4.0.",
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
