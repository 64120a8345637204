"""The leaders' dashboards (issue 14): a team's, an organisation's and an ICS's, each a page of
tiles (`tiles.py`) with filters, a live version address (ADR 0020) and an export of every tile.

Without JavaScript the page is read by reloading it; with it, `live.js` asks the version every
few seconds and swaps the tiles in place when a new idea or check-in arrives.
"""

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.audit.services import audit_log
from openqi.core.csv_export import csv_response
from openqi.core.dashboard_tiles import (
    SECTIONS,
    DashboardScope,
    Table,
    TileData,
    tile_spec,
    tile_specs,
    tiles_build,
    tiles_build_many,
)
from openqi.core.xlsx_export import xlsx_response
from openqi.dashboards import selectors
from openqi.dashboards.forms import DashboardFilterForm
from openqi.dashboards.presenters import BarChartPresenter
from openqi.live.registry import live_response, live_version
from openqi.measures.selectors.matrix import measure_peer_groups
from openqi.organisations.access import OrgAccess, org_view
from openqi.organisations.models import Organisation, Team
from openqi.organisations.selectors import team_list

ORGANISATION_CHANNEL = "dashboards.organisation"
SYSTEM_CHANNEL = "dashboards.system"
LIVE_SECONDS = 5
FORMATS = ("csv", "xlsx")


def _filters(request: AuthenticatedHttpRequest, teams: list[tuple[Team, int]] | None) -> DashboardFilterForm:
    data = request.GET if any(k in request.GET for k in ("start-day", "end-day", "team", "domain")) else None
    form = DashboardFilterForm(data, teams=teams)
    form.is_valid()
    return form


def _scope(
    request: AuthenticatedHttpRequest, access: OrgAccess, form: DashboardFilterForm, team: Team | None
) -> DashboardScope:
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if team is None and data.get("team"):
        team = selectors.team_get(organisation=access.organisation, team_id=int(data["team"]))
    return DashboardScope(
        access=access,
        user_id=request.user.pk,
        team=team,
        team_ids=selectors.team_subtree_ids(organisation=access.organisation, team=team) if team else None,
        start=data.get("start"),
        end=data.get("end"),
        domain=data.get("domain") or "",
        today=timezone.localdate(),
    )


def _sections(tiles: list[TileData]) -> list[tuple[str, list[TileData]]]:
    return [
        (name, [t for t in tiles if t.section == name]) for name in SECTIONS if any(t.section == name for t in tiles)
    ]


def _export(
    request: AuthenticatedHttpRequest, table: Table, filename: str, fmt: str, organisation: Any
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    audit_log(
        actor=request.user,
        action="dashboard.export",
        organisation=organisation,
        detail={"file": f"{filename}.{fmt}", "query": request.GET.urlencode()[:300]},
    )
    if fmt == "csv":
        return csv_response(f"{filename}.csv", table.header, table.rows)
    return xlsx_response(
        f"{filename}.xlsx",
        table.header,
        table.rows,
        sheet_title=re.sub(r"[\[\]:*?/\\]", " ", table.caption)[:31].strip() or "Data",
    )


def _query(request: AuthenticatedHttpRequest) -> str:
    return f"?{request.GET.urlencode()}" if request.GET else ""


# ---- organisation --------------------------------------------------------------------------------


def _own_team(access: OrgAccess) -> Team | None:
    return access.membership.team if access.membership is not None else None


@org_view("staff")
def organisation_dashboard(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    if not selectors.may_see_organisation(access):
        team = _own_team(access)
        if team is not None and selectors.may_see_team(access, team):
            return redirect("dashboards:team", access.organisation.slug, team.pk)
        raise PermissionDenied("The organisation dashboard is for leads and organisation admins.")
    form = _filters(request, team_list(organisation=access.organisation))
    scope = _scope(request, access, form, None)
    return _render(
        request, access, form, scope, live_url=reverse("dashboards:organisation_live", args=[access.organisation.slug])
    )


@org_view("lead")
def organisation_live(request: AuthenticatedHttpRequest, access: OrgAccess) -> HttpResponse:
    return live_response(request, ORGANISATION_CHANNEL, organisation_id=access.organisation.pk)


@org_view("lead")
def organisation_export(request: AuthenticatedHttpRequest, access: OrgAccess, key: str, fmt: str) -> HttpResponse:
    spec = tile_spec(key)
    if spec is None:
        raise Http404
    form = _filters(request, team_list(organisation=access.organisation))
    data = spec.build_one(_scope(request, access, form, None))
    if data is None:
        raise Http404
    return _export(request, data.table, f"dashboard-{access.organisation.slug}-{key}", fmt, access.organisation)


# ---- team ----------------------------------------------------------------------------------------


def _team(access: OrgAccess, team_id: int) -> Team:
    team = selectors.team_get(organisation=access.organisation, team_id=team_id)
    if team is None:
        raise Http404
    if not selectors.may_see_team(access, team):
        raise PermissionDenied("A team's dashboard is for its members, QI coaches and leads.")
    return team


@org_view("staff")
def team_dashboard(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    team = _team(access, team_id)
    form = _filters(request, None)
    scope = _scope(request, access, form, team)
    return _render(
        request, access, form, scope, live_url=reverse("dashboards:team_live", args=[access.organisation.slug, team.pk])
    )


@org_view("staff")
def team_live(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int) -> HttpResponse:
    _team(access, team_id)
    return live_response(request, ORGANISATION_CHANNEL, organisation_id=access.organisation.pk)


@org_view("staff")
def team_export(request: AuthenticatedHttpRequest, access: OrgAccess, team_id: int, key: str, fmt: str) -> HttpResponse:
    team = _team(access, team_id)
    spec = tile_spec(key)
    if spec is None:
        raise Http404
    data = spec.build_one(_scope(request, access, _filters(request, None), team))
    if data is None:
        raise Http404
    return _export(
        request, data.table, f"dashboard-{access.organisation.slug}-team-{team.pk}-{key}", fmt, access.organisation
    )


def _render(
    request: AuthenticatedHttpRequest,
    access: OrgAccess,
    form: DashboardFilterForm,
    scope: DashboardScope,
    *,
    live_url: str,
) -> HttpResponse:
    tiles = tiles_build(scope)
    if scope.team is not None and "team" not in form.fields:
        export_base = reverse("dashboards:team", args=[access.organisation.slug, scope.team.pk])
    else:
        export_base = reverse("dashboards:organisation", args=[access.organisation.slug])
    return render(
        request,
        "dashboards/dashboard.jinja",
        {
            "organisation": access.organisation,
            "form": form,
            "scope": scope,
            "sections": _sections(tiles),
            "live_url": live_url,
            "version": live_version(ORGANISATION_CHANNEL, organisation_id=access.organisation.pk),
            "live_seconds": LIVE_SECONDS,
            "export_base": export_base,
            "query": _query(request),
            "is_team_page": "team" not in form.fields,
        },
    )


# ---- ICS -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemTile:
    key: str
    title: str
    section: str
    table: Table
    summaries: list[tuple[str, str]]  # (organisation, one sentence)


ICS_CACHE_SECONDS = 120


def _system_built(
    request: AuthenticatedHttpRequest,
    system: Any,
    organisations: list[Organisation],
    is_admin: bool,
    form: DashboardFilterForm,
    keys: list[str],
    version: str,
) -> dict[str, list[TileData | None]]:
    """Every organisation's tiles for the ICS page, without their charts (the ICS page shows the
    figures side by side): each tile's builder called once for all the organisations, with
    queries grouped by organisation (ADR 0034), so the page costs as many queries for two
    organisations as for ten. Kept for two minutes under the ICS's live version, so a new idea or
    check-in anywhere shows at once and other changes (projects, measures) within two minutes;
    the key holds the reader and the filters (ADR 0023)."""
    key = (
        "dashboards:ics:"
        + hashlib.sha256(
            f"{system.pk}|{request.user.pk}|{is_admin}|{request.GET.urlencode()}|{timezone.localdate()}|{version}".encode()
        ).hexdigest()
    )
    found: dict[str, list[TileData | None]] | None = cache.get(key)
    if found is None:
        scopes = []
        for organisation in organisations:
            access = OrgAccess(organisation=organisation, membership=None, is_system_admin=is_admin)
            scopes.append(replace(_scope(request, access, form, None), team=None, team_ids=None))
        found = {
            tile_key: [replace(data, charts=[]) if data is not None else None for data in tiles]
            for tile_key, tiles in tiles_build_many(scopes, keys=keys).items()
        }
        cache.set(key, found, ICS_CACHE_SECONDS)
    return found


def _system_tiles(
    request: AuthenticatedHttpRequest, system: Any, form: DashboardFilterForm, version: str | None = None
) -> list[SystemTile]:
    organisations = selectors.system_organisations(system=system)
    if version is None:
        version = live_version(SYSTEM_CHANNEL, system_id=system.pk)
    is_admin = selectors.reader_is_system_admin(user=request.user, system=system)
    keys = [s.key for s in tile_specs() if s.key != "network"]  # one network per ICS: shown once, below
    built = _system_built(request, system, organisations, is_admin, form, keys, version)
    tiles = []
    for spec in tile_specs():
        if spec.key not in built:
            continue
        found = [(org, data) for org, data in zip(organisations, built[spec.key], strict=True) if data]
        if not found:
            continue
        labels = [label for label, _v in found[0][1].figures]
        rows = [[org.name, *[dict(d.figures).get(label, "–") for label in labels]] for org, d in found]
        tiles.append(
            SystemTile(
                key=spec.key,
                title=found[0][1].title,
                section=spec.section,
                table=Table(f"{found[0][1].title} by organisation", ["Organisation", *labels], rows),
                summaries=[(org.name, d.summary) for org, d in found],
            )
        )
    return tiles


def _benchmark(request: AuthenticatedHttpRequest, system: Any) -> dict[str, Any]:
    groups = measure_peer_groups(organisations=selectors.system_organisations(system=system))
    chosen = next((g for g in groups if g.key == request.GET.get("measure")), groups[0] if groups else None)
    if chosen is None:
        return {"groups": [], "chosen": None, "chart": None, "table": None}
    rows = [
        [r.organisation, r.measure, r.latest_value if r.latest_value is not None else "–", r.latest_period or "–"]
        for r in chosen.rows
    ]
    valued = [r for r in chosen.rows if r.latest_value is not None]
    if valued:
        low = min(r.latest_value or 0 for r in valued)
        high = max(r.latest_value or 0 for r in valued)
        summary = (
            f"{len(chosen.rows)} organisations measure “{chosen.name}” the same way; the latest value ranges from "
            f"{low:g} to {high:g}{(' ' + chosen.unit) if chosen.unit else ''}"
        )
        if chosen.improvement in ("increase", "decrease"):
            pick = max if chosen.improvement == "increase" else min
            best = pick(valued, key=lambda r: r.latest_value or 0)
            summary += f", with {best.organisation} best placed ({'higher' if chosen.improvement == 'increase' else 'lower'} is better)."
        else:
            summary += "; neither higher nor lower is better for this measure."
    else:
        summary = f"{len(chosen.rows)} organisations measure “{chosen.name}” the same way; none has data yet."
    chart = BarChartPresenter(
        f"Latest value of {chosen.name} by organisation",
        summary,
        [
            (r.organisation, r.latest_value, f"{r.latest_value:g}" if r.latest_value is not None else "no data")
            for r in chosen.rows
        ],
    )
    table = Table(
        f"Latest value of {chosen.name} by organisation", ["Organisation", "Measure", "Latest value", "Period"], rows
    )
    items = [{"value": g.key, "text": g.name, "selected": g is chosen} for g in groups]
    return {"groups": groups, "choices": items, "chosen": chosen, "chart": chart, "table": table}


def _system(request: AuthenticatedHttpRequest, system_slug: str) -> Any:
    system = selectors.readable_system_get(user=request.user, slug=system_slug)
    if system is None:
        raise Http404("No such ICS, or not one you may see.")
    return system


@login_required
def system_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    systems = list(selectors.readable_systems(user=request.user))
    if not systems:
        raise PermissionDenied("The ICS dashboard is for system admins and executives.")
    if len(systems) == 1:
        return redirect("dashboards:system", systems[0].slug)
    return render(request, "dashboards/system_list.jinja", {"systems": systems})


@login_required
def system_dashboard(request: AuthenticatedHttpRequest, system_slug: str) -> HttpResponse:
    system = _system(request, system_slug)
    form = _filters(request, None)
    version = live_version(SYSTEM_CHANNEL, system_id=system.pk)
    return render(
        request,
        "dashboards/system_dashboard.jinja",
        {
            "system": system,
            "form": form,
            "tiles": _system_tiles(request, system, form, version),
            "network": _system_network(request, system, form),
            "benchmark": _benchmark(request, system),
            "live_url": reverse("dashboards:system_live", args=[system.slug]),
            "version": version,
            "live_seconds": LIVE_SECONDS,
            "query": _query(request),
            "sections": SECTIONS,
        },
    )


def _system_network(request: AuthenticatedHttpRequest, system: Any, form: DashboardFilterForm) -> TileData | None:
    organisations = selectors.system_organisations(system=system)
    spec = tile_spec("network")
    if spec is None or not organisations:
        return None
    access = OrgAccess(organisation=organisations[0], membership=None, is_system_admin=False)
    data = spec.build_one(_scope(request, access, form, None))
    if data is None:
        return None
    figures = dict(data.figures)
    summary = (
        f"The {system.name} QI network has {figures['Network members']} members from every organisation and "
        f"the public; {figures['Upcoming events']} events coming up."
    )
    return replace(data, summary=summary)


@login_required
def system_live(request: AuthenticatedHttpRequest, system_slug: str) -> HttpResponse:
    system = _system(request, system_slug)
    return live_response(request, SYSTEM_CHANNEL, system_id=system.pk)


@login_required
def system_export(request: AuthenticatedHttpRequest, system_slug: str, key: str, fmt: str) -> HttpResponse:
    system = _system(request, system_slug)
    if key == "benchmark":
        table = _benchmark(request, system)["table"]
    else:
        table = next((t.table for t in _system_tiles(request, system, _filters(request, None)) if t.key == key), None)
    if table is None:
        raise Http404
    return _export(request, table, f"dashboard-{system.slug}-{key}", fmt, None)
