"""The capability tile of the leaders' dashboards (issue 14: "people trained by level"), from the
capability dashboard's own selector, registered with `core.dashboard_tiles` in this app's `ready()`.
An organisation's figures only: a team's dashboard leaves it out (the capability page has teams)."""

from django.urls import reverse

from openqi.core.dashboard_tiles import DashboardScope, Link, Table, TileData, scopes_common
from openqi.training.selectors import CapabilityHeadline, capability_headlines_of


def capability_tiles(scopes: list[DashboardScope]) -> list[TileData | None]:
    """Every organisation's tile from the same grouped queries (the ICS page); one organisation's
    page calls this with its one scope."""
    if scopes_common(scopes).team is not None:
        return [None for _scope in scopes]
    found = capability_headlines_of(organisations=[s.organisation for s in scopes])
    return [_capability_tile(scope, found[scope.organisation.pk]) for scope in scopes]


def _capability_tile(scope: DashboardScope, capability: CapabilityHeadline) -> TileData | None:
    if not capability.levels:
        return None
    rows: list[list[object]] = [
        [
            row.level.name,
            row.people,
            f"{row.percent:.1f}%",
            "" if row.target is None else f"{row.target}%",
            "" if row.meets_target is None else ("Yes" if row.meets_target else "Not yet"),
        ]
        for row in capability.levels
    ]
    trained = max((row.people for row in capability.levels), default=0)
    summary = (
        f"{trained} of {capability.staff} staff have trained at the most-attended level; "
        f"{capability.led_by_leader} of {capability.active_projects} active projects are led by someone trained "
        f"at leader level ({capability.leader_share:.0f}%)."
    )
    slug = scope.organisation.slug
    return TileData(
        key="capability",
        title="Improvement capability",
        section="People and capability",
        summary=summary,
        table=Table(
            "People trained by level, against the organisation's targets",
            ["Level", "People trained", "Share of staff", "Target", "Target met"],
            rows,
        ),
        figures=[
            ("Staff", capability.staff),
            ("Projects led by a trained leader", f"{capability.led_by_leader} of {capability.active_projects}"),
            ("QI coaches", capability.coaches),
        ],
        links=[
            Link("Capability dashboard", reverse("training:capability", args=[slug])),
            Link("Courses", reverse("training:home", args=[slug])),
        ],
    )
