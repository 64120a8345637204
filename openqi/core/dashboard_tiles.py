"""The leaders' dashboards' tiles as a small registry (issue 14): each figure is a *tile* that
knows how to build itself for a scope (a team, an organisation) from its owning app's selectors.

It lives in `core`, below every app, like the header's navigation registry: the dashboards app
sits at the top of the layers, so an app below it (training, say) could not import a registry of
its own. An app registers its tiles in `AppConfig.ready()` (`tile_register`) without the
dashboards app knowing it: write a builder that returns a `TileData` and
register it with a key, a section and an order. A builder returns None when it has nothing to
say for that scope (no network, no survey with rounds); the page then leaves the tile out.

A tile may instead give a *grouped* builder (`TileSpec.many`): given the scopes of several
organisations (the ICS page), it answers each one's tile from grouped queries (GROUP BY
organisation), so the ICS page costs the same number of queries for two organisations as for
ten (ADR 0034). The organisation's own page then calls that same builder with its one scope, so
the two pages share one code path and one rule for k.

Every tile carries one table: the page shows it under the chart, and the CSV and Excel exports
are that same table, so an export can never show more than the page (the k rule holds in both).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SECTIONS = ("Staff voice", "Improvement work", "Measures", "People and capability", "Network")


@dataclass(frozen=True)
class DashboardScope:
    """What a tile is built for: an organisation, optionally narrowed to a team and the teams
    inside it, a period and a quality domain, read as `access` (whose own visibility rules the
    owning apps' selectors apply)."""

    access: Any  # organisations.access.OrgAccess (core imports no domain app)
    user_id: int
    team: Any | None = None  # organisations.models.Team
    team_ids: list[int] | None = None  # the team and every team inside it; None: whole organisation
    start: datetime.date | None = None
    end: datetime.date | None = None
    domain: str = ""
    today: datetime.date = field(default_factory=datetime.date.today)

    @property
    def organisation(self) -> Any:
        return self.access.organisation


def scopes_common(scopes: list[DashboardScope]) -> DashboardScope:
    """The first of several organisations' scopes, after checking that they differ only in the
    organisation (a grouped builder reads the reader, team, period and domain once)."""
    first = scopes[0]
    shared = (first.user_id, first.team_ids, first.start, first.end, first.domain, first.today)
    for scope in scopes[1:]:
        if (scope.user_id, scope.team_ids, scope.start, scope.end, scope.domain, scope.today) != shared:
            raise ValueError("Grouped dashboard scopes must differ only in their organisation.")
        if scope.team is not None:
            raise ValueError("A team's dashboard is one organisation's.")
    return first


@dataclass(frozen=True)
class Table:
    caption: str
    header: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class TileData:
    key: str
    title: str
    section: str
    summary: str  # one sentence, always: what the chart or table says
    table: Table
    figures: list[tuple[str, Any]] = field(default_factory=list)  # headline numbers (ICS columns too)
    charts: list[Any] = field(default_factory=list)  # presenters the template draws
    links: list[Link] = field(default_factory=list)
    note: str = ""  # e.g. why a figure is hidden


Builder = Callable[[DashboardScope], TileData | None]
# The scopes of several organisations (same reader, filters and day) in, each one's tile out, in order.
ManyBuilder = Callable[[list[DashboardScope]], list[TileData | None]]


@dataclass(frozen=True)
class TileSpec:
    key: str
    title: str
    section: str
    order: int
    build: Builder | None = None
    many: ManyBuilder | None = None

    def __post_init__(self) -> None:
        if (self.build is None) == (self.many is None):
            raise ValueError(f"Dashboard tile {self.key!r} needs one builder: build (one scope) or many (grouped)")

    @property
    def builder(self) -> Builder | ManyBuilder:
        return self.many if self.many is not None else self.build  # type: ignore[return-value]  # one is set (__post_init__)

    def build_one(self, scope: DashboardScope) -> TileData | None:
        """The tile for one scope: a grouped builder is called with that one scope."""
        return self.build_many([scope])[0]

    def build_many(self, scopes: list[DashboardScope]) -> list[TileData | None]:
        """The tile for each scope: one call of a grouped builder, else the builder in turn."""
        if not scopes:
            return []
        if self.many is not None:
            found = self.many(scopes)
            if len(found) != len(scopes):
                raise ValueError(f"Dashboard tile {self.key!r} answered {len(found)} scopes of {len(scopes)}")
            return found
        assert self.build is not None  # noqa: S101  # __post_init__
        return [self.build(scope) for scope in scopes]


_tiles: dict[str, TileSpec] = {}


def tile_register(spec: TileSpec) -> None:
    """Register a tile; the same key twice with a different builder is a mistake between apps."""
    existing = _tiles.get(spec.key)
    if existing is not None and existing.builder is not spec.builder:
        raise ValueError(f"Dashboard tile {spec.key!r} is already registered")
    if spec.section not in SECTIONS:
        raise ValueError(f"Unknown dashboard section {spec.section!r}")
    _tiles[spec.key] = spec


def tile_specs() -> list[TileSpec]:
    return sorted(_tiles.values(), key=lambda s: (SECTIONS.index(s.section), s.order, s.key))


def tile_spec(key: str) -> TileSpec | None:
    return _tiles.get(key)


def tiles_build(scope: DashboardScope, keys: list[str] | None = None) -> list[TileData]:
    """One scope's tiles (a team's or an organisation's page)."""
    return [tiles[0] for tiles in tiles_build_many([scope], keys=keys).values() if tiles[0] is not None]


def tiles_build_many(scopes: list[DashboardScope], keys: list[str] | None = None) -> dict[str, list[TileData | None]]:
    """Every tile for each scope (the ICS page: one scope per organisation), each tile's builder
    called once for all the scopes; in registry order, a tile's list in the order of `scopes`."""
    return {spec.key: spec.build_many(scopes) for spec in tile_specs() if keys is None or spec.key in keys}
