"""What the measures app learns from apps above it, without importing them (ADR 0008).

Projects sit above measures: a project links measures by id, its PDSA cycles mark their charts,
and the icon matrix can narrow to the measures a project links. An import from measures into
projects would run up the layers and make a cycle, so the measures app states here what it needs,
as typed Protocols, and an app that can provide it registers an implementation from its
`AppConfig.ready()` (the projects app does so in `projects/measure_refs.py`). With nothing
registered, charts carry no PDSA markers and the matrix offers no project filter.

Implementations answer for one reader: they are given the reader's `OrgAccess` and user id and
return only what that person may see (a private project's cycles stay private).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import QuerySet

from openqi.organisations.access import OrgAccess


@dataclass(frozen=True)
class ChartMarker:
    """A PDSA cycle's date to mark on a measure's chart (its planned start, or its decision)."""

    date: datetime.date
    label: str
    cycle_id: int


class PdsaMarkerSource(Protocol):
    """Markers for one measure's chart, limited to what this reader may see."""

    def __call__(self, *, access: OrgAccess, user_id: int, measure_id: int) -> Iterable[ChartMarker]: ...


class ProjectFilter(Protocol):
    """The icon matrix's "project" filter: which projects to offer, and which measures one links."""

    def choices(self, *, access: OrgAccess, user_id: int) -> list[tuple[str, str]]:
        """(id, title) of the projects this reader may see that link at least one measure."""
        ...

    def measure_ids(self, *, access: OrgAccess, user_id: int, project_id: int) -> QuerySet[Any] | Iterable[int]:
        """Ids of the measures the project links, or nothing if this reader may not see it."""
        ...


@dataclass
class Registry:
    pdsa_marker_sources: list[PdsaMarkerSource] = field(default_factory=list)
    project_filter: ProjectFilter | None = None


# One per process, filled while Django starts (AppConfig.ready); tests may swap in a fresh one.
REGISTRY = Registry()


def register_pdsa_markers(source: PdsaMarkerSource) -> None:
    if source not in REGISTRY.pdsa_marker_sources:  # ready() may run more than once in tests
        REGISTRY.pdsa_marker_sources.append(source)


def register_project_filter(project_filter: ProjectFilter) -> None:
    REGISTRY.project_filter = project_filter


def pdsa_marker_sources() -> tuple[PdsaMarkerSource, ...]:
    return tuple(REGISTRY.pdsa_marker_sources)


def project_filter() -> ProjectFilter | None:
    return REGISTRY.project_filter
