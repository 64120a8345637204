"""The leaders' dashboard's figures: every tile of the organisation dashboard, as the web page
and its CSV export show it. Tiles come from the registry in `core.dashboard_tiles`, each built by
its owning app's selectors, so the API can never show more than the page: k and complementary
suppression hold, and a hidden figure is empty with the tile's note saying why."""

import datetime
import decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from openqi.api.auth import principal_of
from openqi.api.params import OrgSlug, QueryDate
from openqi.core.dashboard_tiles import DashboardScope, TileData, tiles_build
from openqi.organisations.models import Role
from openqi.vocabulary import Domain

router = Router(tags=["Dashboards"])
# As the web app: the organisation dashboard (and its exports) are for leads and above.
DASHBOARD_ROLE = Role.LEAD

Value = str | int | float | bool | None


class FilterParams(Schema):
    start: QueryDate | None = None
    end: QueryDate | None = None
    domain: Domain | None = None


class FigureOut(Schema):
    label: str
    value: Value


class TableOut(Schema):
    caption: str
    header: list[str]
    rows: list[list[Value]]


class TileOut(Schema):
    key: str
    title: str
    section: str
    summary: str
    note: str
    figures: list[FigureOut]
    table: TableOut


class DashboardOut(Schema):
    organisation: str
    generated_on: datetime.date
    start: datetime.date | None
    end: datetime.date | None
    domain: str
    tiles: list[TileOut]


def plain(value: Any) -> Value:
    """A figure or cell as JSON has it: numbers stay numbers, dates and the rest become text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | decimal.Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def tile_out(tile: TileData) -> dict[str, Any]:
    return {
        "key": tile.key,
        "title": tile.title,
        "section": tile.section,
        "summary": tile.summary,
        "note": tile.note,
        "figures": [{"label": str(label), "value": plain(value)} for label, value in tile.figures],
        "table": {
            "caption": tile.table.caption,
            "header": [str(h) for h in tile.table.header],
            "rows": [[plain(cell) for cell in row] for row in tile.table.rows],
        },
    }


@router.get("", response=DashboardOut, summary="The organisation dashboard's tiles (leads)")
def dashboard(request: HttpRequest, org_slug: OrgSlug, filters: Query[FilterParams]) -> dict[str, Any]:
    """Every tile the organisation dashboard shows for this period and quality domain, each with
    its one-sentence summary, headline figures and the table its CSV export holds."""
    principal = principal_of(request, DASHBOARD_ROLE)
    if filters.start and filters.end and filters.start > filters.end:
        raise ValidationError({"end": "The end must be the same as or after the start"})
    scope = DashboardScope(
        access=principal.access,
        user_id=principal.user.pk,
        start=filters.start,
        end=filters.end,
        domain=filters.domain.value if filters.domain else "",
        today=timezone.localdate(),
    )
    return {
        "organisation": principal.organisation.slug,
        "generated_on": scope.today,
        "start": filters.start,
        "end": filters.end,
        "domain": scope.domain,
        "tiles": [tile_out(tile) for tile in tiles_build(scope)],
    }
