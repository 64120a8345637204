"""The one-page project report: display values only, no queries (the view hands in what the
selectors and `measure_refs` read)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openqi.projects.models import FINISHED_STATUSES
from openqi.projects.scoring import MeasureEvidence, measure_statement


@dataclass(frozen=True)
class MeasureLine:
    label: str
    summary: Any  # measure_refs.MeasureSummary, or None when the reader may not see the measure
    evidence: str


@dataclass(frozen=True)
class Lesson:
    number: int
    objective: str
    status: str
    status_label: str
    decided_on: datetime.date | None
    learned: str
    next_steps: str


def measure_lines(links: list[Any], summaries: dict[int, Any], charts: Sequence[MeasureEvidence]) -> list[MeasureLine]:
    """One line per linked measure, in link order; a measure the reader may not see keeps only
    the project's own label for it. The evidence is the statement the progress score cites
    (`charts` holds one entry per linked measure, in the same order)."""
    measure_links = [link for link in links if link.kind == "measure"]
    return [
        MeasureLine(
            label=link.label,
            summary=summaries.get(link.ref_id),
            evidence=measure_statement(chart) if chart.recorded or chart.improvement_points else "",
        )
        for link, chart in zip(measure_links, charts, strict=True)
    ]


def lessons(cycles: list[Any]) -> list[Lesson]:
    """What each finished cycle taught: adopted, adapted or abandoned, with its study and next step."""
    return [
        Lesson(
            number=c.number,
            objective=c.objective,
            status=c.status,
            status_label=c.get_status_display(),
            decided_on=c.completed_on,
            learned=c.study_results,
            next_steps=c.act_next,
        )
        for c in cycles
        if c.status in FINISHED_STATUSES
    ]
