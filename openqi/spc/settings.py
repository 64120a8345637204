"""Rules profiles: defaults per profile, validated and merged with explicit overrides."""

from __future__ import annotations

from .types import CHARTS, IMPROVEMENTS, RULES, Chart, Conflict, Improvement, Rules, RunRules, Settings

# profile: (screen_mr, shift_points, trend_points)
PROFILES: dict[str, tuple[bool, int, int]] = {
    "mdc": (False, 6, 6),
    "mdc-sql": (False, 6, 6),
    "ptd": (True, 7, 7),
    "qic": (True, 8, 6),
}


def resolve(
    chart: Chart,
    rules: Rules,
    improvement: Improvement,
    target: float | None,
    screen_mr: bool | None,
    shift_points: int | None,
    trend_points: int | None,
    conflict: Conflict | None,
    run_rules: RunRules,
) -> Settings:
    if chart not in CHARTS:
        raise ValueError(f"unknown chart {chart!r}; choose one of {', '.join(CHARTS)}")
    if rules not in RULES:
        raise ValueError(f"unknown rules profile {rules!r}; choose one of {', '.join(RULES)}")
    if improvement not in IMPROVEMENTS:
        raise ValueError(f"unknown improvement direction {improvement!r}")
    if run_rules not in ("anhoej", "ihi"):
        raise ValueError(f"unknown run rules {run_rules!r}; choose anhoej or ihi")
    if conflict not in (None, "improvement", "concern"):
        raise ValueError(f"unknown conflict setting {conflict!r}")
    screen, shift, trend = PROFILES[rules]
    if chart == "run" and run_rules == "ihi":
        # IHI run-chart rules: shift of 6, trend of 5, unless overridden.
        shift, trend = 6, 5
    shift = shift if shift_points is None else shift_points
    trend = trend if trend_points is None else trend_points
    for name, value in (("shift", shift), ("trend", trend)):
        if value < 2:
            raise ValueError(f"{name} points must be at least 2, got {value}")
    return Settings(
        chart=chart,
        rules=rules,
        improvement=improvement,
        target=target,
        screen_mr=screen if screen_mr is None else screen_mr,
        shift_points=shift,
        trend_points=trend,
        conflict=conflict or "improvement",
        run_rules=run_rules,
        min_points=13,
    )
