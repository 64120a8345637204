"""The built-in tiles, each composed from the owning app's selectors (never a copy of a query):
staff voice (ideas, campaigns, check-ins, surveys), improvement work (projects), measures (the
icon matrix summary) and the ICS network. Registered in `apps.DashboardsConfig.ready()`.

Each tile is built for several organisations at once (`TileSpec.many`, ADR 0034): its owning
selector answers every organisation from queries grouped by organisation, and the tile is then
written for each; an organisation's or a team's page calls the same builder with its one scope.

Anonymous figures are whatever the owning selector lets through under the shared k rule
(`openqi.anonymity`, applied by ideas, check-ins and surveys); a hidden figure is said in words
("fewer than 11 responses") on the page and in the exports alike.
"""

from urllib.parse import urlencode

from django.urls import reverse

from openqi.checkins.dashboard_selectors import CheckinDashboard, checkin_dashboards
from openqi.checkins.presenters import hidden_text, percent
from openqi.core.dashboard_tiles import DashboardScope, Link, Table, TileData, TileSpec, scopes_common
from openqi.dashboards.presenters import BarChartPresenter, PChart
from openqi.ideas.models import Campaign
from openqi.ideas.selectors import campaign_open_list_of, campaign_progress_of
from openqi.ideas.selectors.campaigns import CampaignProgress
from openqi.ideas.selectors.dashboard import IdeaDashboard, idea_dashboards
from openqi.measures.presenters.icons import ASSURANCE_ICONS, VARIATION_ICONS
from openqi.measures.selectors.matrix import MatrixSummary, matrix_summaries
from openqi.network.selectors import event_list, member_counts
from openqi.projects.selectors.dashboard import ProjectDashboard, project_dashboards
from openqi.surveys.models import Survey
from openqi.surveys.selectors import survey_latest_recurring_of, survey_trend


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:g} days"


def _plural(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


# ---- staff voice ------------------------------------------------------------------------------


def ideas_tiles(scopes: list[DashboardScope]) -> list[TileData | None]:
    common = scopes_common(scopes)
    found = idea_dashboards(
        organisations=[s.organisation for s in scopes],
        start=common.start,
        end=common.end,
        team_ids=common.team_ids,
        domain=common.domain,
        today=common.today,
    )
    return [_ideas_tile(scope, found[scope.organisation.pk]) for scope in scopes]


def _ideas_tile(scope: DashboardScope, found: IdeaDashboard) -> TileData:
    hidden = f"hidden (fewer than {found.threshold})"
    rows: list[list[object]] = [[label, n] for _value, label, n in found.by_status]
    rows += [
        ["All ideas", found.total],
        ["Anonymous ideas", found.anonymous if found.anonymous is not None else hidden],
        [
            "Median days to first response",
            found.median_days_to_response if found.median_days_to_response is not None else "–",
        ],
        ["Median days to answer", found.median_days_to_answer if found.median_days_to_answer is not None else "–"],
        ["“You said, we did” this month", found.answered_this_month],
    ]
    open_ideas = sum(n for v, _l, n in found.by_status if v in ("submitted", "under_review", "needs_info"))
    response = (
        f"the first response took a median of {_days(found.median_days_to_response)}"
        if found.median_days_to_response is not None
        else "none has had a first response yet"
    )
    answer = (
        f"the answer {_days(found.median_days_to_answer)}"
        if found.median_days_to_answer is not None
        else "none has been answered yet"
    )
    summary = (
        f"{_plural(found.total, 'idea')} shared in this period, {open_ideas} still open; {response}, and {answer}."
        if found.total
        else "No ideas were shared in this period."
    )
    chart = BarChartPresenter(
        "Ideas by stage",
        summary,
        [(label, float(n), str(n)) for _v, label, n in found.by_status],
    )
    slug = scope.organisation.slug
    return TileData(
        key="ideas",
        title="Ideas by stage",
        section="Staff voice",
        summary=summary,
        table=Table("Ideas by stage, response times and answers", ["Figure", "Value"], rows),
        figures=[
            ("Ideas shared", found.total),
            (
                "Median days to first response",
                found.median_days_to_response if found.median_days_to_response is not None else "–",
            ),
            ("Median days to answer", found.median_days_to_answer if found.median_days_to_answer is not None else "–"),
            ("“You said, we did” this month", found.answered_this_month),
        ],
        charts=[chart],
        links=[Link("“You said, we did”", reverse("ideas:you_said_we_did", args=[slug]))],
        note=(
            f"Anonymous ideas are counted apart only when there are at least {found.threshold}."
            if found.anonymous is None
            else ""
        ),
    )


def campaigns_tiles(scopes: list[DashboardScope]) -> list[TileData | None]:
    common = scopes_common(scopes)
    by_organisation: dict[int, list[Campaign]] = {}
    for campaign in campaign_open_list_of(organisations=[s.organisation for s in scopes]):
        if common.team_ids is None or campaign.team_id is None or campaign.team_id in common.team_ids:
            by_organisation.setdefault(campaign.organisation_id, []).append(campaign)
    shown = [c for campaigns in by_organisation.values() for c in campaigns[:10]]
    progress = campaign_progress_of(campaigns=shown) if shown else {}
    return [_campaigns_tile(scope, by_organisation.get(scope.organisation.pk, []), progress) for scope in scopes]


def _campaigns_tile(
    scope: DashboardScope, campaigns: list[Campaign], progress_of: dict[int, CampaignProgress]
) -> TileData | None:
    if not campaigns:
        return None
    rows: list[list[object]] = []
    for campaign in campaigns[:10]:
        progress = progress_of[campaign.pk]
        rows.append([campaign.title, progress.ideas, progress.target, f"{progress.percent}%", campaign.ends_on])
    summary = (
        f"{_plural(len(campaigns), 'campaign')} open; "
        + "; ".join(f"{r[0]} has {r[1]} of {r[2]} ideas" for r in rows[:3])
        + "."
    )
    chart = BarChartPresenter(
        "Campaign progress", summary, [(str(r[0]), float(str(r[3]).rstrip("%")), str(r[3])) for r in rows]
    )
    return TileData(
        key="campaigns",
        title="Campaigns",
        section="Staff voice",
        summary=summary,
        table=Table("Open campaigns and their progress", ["Campaign", "Ideas", "Target", "Progress", "Ends on"], rows),
        figures=[("Open campaigns", len(campaigns))],
        charts=[chart],
        links=[Link("All campaigns", reverse("ideas:campaign_list", args=[scope.organisation.slug]))],
    )


def checkins_tiles(scopes: list[DashboardScope]) -> list[TileData | None]:
    common = scopes_common(scopes)
    found = checkin_dashboards(
        organisations=[s.organisation for s in scopes],
        team=common.team,
        today=common.today,
        start=common.start,
        end=common.end,
    )
    return [_checkins_tile(scope, found[scope.organisation.pk]) for scope in scopes]


def _checkins_tile(scope: DashboardScope, found: CheckinDashboard) -> TileData:
    words = hidden_text(found.k)
    labels = [c.label for c in found.weeks]
    # More check-ins than members placed in these teams could give (kiosks, members without a
    # team): a participation share would be wrong, so it is not drawn.
    countable = all(
        c.responses is not None and c.responses <= found.headcount * 7 for c in found.weeks if c.status == "shown"
    )
    rows: list[list[object]] = []
    for cell, share in zip(found.weeks, found.participation, strict=True):
        if cell.status == "shown":
            rows.append(
                [str(cell.key), cell.responses, percent(cell.good_share), percent(share) if countable else "not shown"]
            )
        elif cell.status == "empty":
            rows.append([str(cell.key), 0, "–", "0%"])
        else:
            text = words[cell.status]
            rows.append([str(cell.key), text, text, text])
    shown = [c for c in found.weeks if c.status == "shown"]
    where = scope.team.name if scope.team else scope.organisation.name
    if shown:
        last = shown[-1]
        summary = (
            f"In the week beginning {last.label}, {percent(last.good_share)} of {last.responses} check-ins in {where} "
            f"were good days. {found.good_chart.summary}"
        )
    else:
        summary = f"No complete week in {where} has at least {found.k} check-ins to show yet."
    this_week = found.this_week if found.this_week is not None else words["below_k"]
    charts = [PChart(f"p chart: share of good days each week, {where}", found.good_chart, labels)]
    if countable:
        charts.append(PChart(f"p chart: participation each week, {where}", found.participation_chart, labels))
    return TileData(
        key="checkins",
        title="Check-ins",
        section="Staff voice",
        summary=summary,
        table=Table(
            "Check-ins by complete week: responses, share of good days and participation",
            ["Week beginning", "Responses", "Good days", "Participation"],
            rows,
        ),
        figures=[
            ("Check-ins so far this week", this_week),
            ("Latest shown week: good days", percent(shown[-1].good_share) if shown else "–"),
            ("Staff counted", found.headcount),
        ],
        charts=charts,
        note=(
            f"Complete weeks only; a week is shown when it rests on at least {found.k} check-ins and hiding it "
            "protects no smaller group. Participation is check-ins over one a day for each member placed in "
            "these teams"
            + ("." if countable else "; it is not shown, as more check-ins came in than those members could give.")
        ),
    )


def surveys_tiles(scopes: list[DashboardScope]) -> list[TileData | None]:
    latest = survey_latest_recurring_of(organisations=[s.organisation for s in scopes])
    return [_surveys_tile(scope, latest.get(scope.organisation.pk)) for scope in scopes]


def _surveys_tile(scope: DashboardScope, latest: Survey | None) -> TileData | None:
    if latest is None:
        return None
    trends = survey_trend(organisation=scope.organisation, survey=latest)
    if not trends:
        return None
    rounds = [p.survey for p in trends[0].points]
    header = ["Question", *[f"Round {r.round_number} ({r.opens_on:%b %Y})" for r in rounds]]
    rows: list[list[object]] = []
    for trend in trends:
        if trend.kind not in ("likert", "nps"):
            continue
        rows.append([trend.text, *[p.score if p.score is not None else "not shown" for p in trend.points]])
    if not rows:
        return None
    first = next((t for t in trends if t.kind in ("likert", "nps")), None)
    scores = [p.score for p in first.points] if first else []
    if len(scores) >= 2 and scores[-1] is not None and scores[-2] is not None:
        move = "up" if scores[-1] > scores[-2] else ("down" if scores[-1] < scores[-2] else "unchanged")
        summary = f"In “{latest.title}”, “{first.text if first else ''}” scored {scores[-1]}, {move} from {scores[-2]}."
    else:
        summary = f"“{latest.title}” has scores shown only for rounds with enough answers."
    return TileData(
        key="surveys",
        title="Survey trend",
        section="Staff voice",
        summary=summary,
        table=Table(f"Scores by round: {latest.title} (Likert: % agreeing; 0–10: NPS)", header, rows),
        figures=[("Survey", latest.title), ("Rounds", len(rounds))],
        links=(
            [Link("Survey results", reverse("surveys:survey_results", args=[scope.organisation.slug, latest.pk]))]
            if scope.access.has_role("qi_coach")
            else []
        ),
        note="A round's score is shown only when enough people answered it (the same rule as the results page).",
    )


# ---- improvement work -------------------------------------------------------------------------


def projects_tiles(scopes: list[DashboardScope]) -> list[TileData | None]:
    common = scopes_common(scopes)
    found = project_dashboards(
        accesses=[s.access for s in scopes],
        user_id=common.user_id,
        team_ids=common.team_ids,
        domain=common.domain,
        start=common.start,
        end=common.end,
        today=common.today,
    )
    return [_projects_tile(scope, found[scope.organisation.pk]) for scope in scopes]


def _projects_tile(scope: DashboardScope, found: ProjectDashboard) -> TileData:
    rows: list[list[object]] = [[f"Stage: {label}", n] for _v, label, n in found.by_stage]
    rows += [[f"Progress score {score}", n] for score, n in found.by_score]
    rows += [
        ["Mean progress score", found.mean_score if found.mean_score is not None else "–"],
        ["Projects not yet scored", found.unscored],
        ["PDSA cycles this month", found.cycles_this_month],
        *[[f"PDSA decisions: {label}", n] for _v, label, n in found.decisions],
        ["Changes adopted from other organisations", found.adopted_from_elsewhere],
        ["Adoptions of our changes by other organisations", found.adopted_elsewhere],
    ]
    decided = ", ".join(f"{n} {label.lower()}" for _v, label, n in found.decisions)
    summary = (
        f"{_plural(found.total, 'active project')}, mean progress score "
        f"{found.mean_score if found.mean_score is not None else 'not yet set'}; "
        f"{_plural(found.cycles_this_month, 'PDSA cycle')} this month; decisions: {decided}."
        if found.total
        else "No active projects match these filters."
    )
    chart = BarChartPresenter(
        "Projects by stage", summary, [(label, float(n), str(n)) for _v, label, n in found.by_stage]
    )
    return TileData(
        key="projects",
        title="Projects and PDSA cycles",
        section="Improvement work",
        summary=summary,
        table=Table("Projects by stage and progress score, PDSA cycles and spread", ["Figure", "Value"], rows),
        figures=[
            ("Active projects", found.total),
            ("Mean progress score", found.mean_score if found.mean_score is not None else "–"),
            ("PDSA cycles this month", found.cycles_this_month),
            ("Adopted elsewhere", found.adopted_elsewhere),
        ],
        charts=[chart],
        links=[Link("All projects", reverse("projects:project_list", args=[scope.organisation.slug]))],
    )


# ---- measures ---------------------------------------------------------------------------------


def measures_tiles(scopes: list[DashboardScope]) -> list[TileData | None]:
    common = scopes_common(scopes)
    found = matrix_summaries(accesses=[s.access for s in scopes], team_ids=common.team_ids)
    return [_measures_tile(scope, found[scope.organisation.pk]) for scope in scopes]


def _measures_tile(scope: DashboardScope, found: MatrixSummary) -> TileData:
    slug = scope.organisation.slug
    matrix = reverse("measures:measure_matrix", args=[slug])
    team = {"team": str(scope.team.pk)} if scope.team else {}
    rows: list[list[object]] = [[VARIATION_ICONS[code][3], found.variation.get(code, 0)] for code in VARIATION_ICONS]
    rows.append(["No variation icon yet", found.variation.get("", 0)])
    rows += [[ASSURANCE_ICONS[code][3], found.assurance.get(code, 0)] for code in ASSURANCE_ICONS]
    summary = (
        f"Of {_plural(found.total, 'measure')}, {found.concern} show special cause concern and "
        f"{found.failing} consistently fail their target; {found.improvement} show improvement."
        if found.total
        else "No measures yet."
    )
    chart = BarChartPresenter(
        "Measures by variation icon",
        summary,
        [
            (VARIATION_ICONS[c][3], float(found.variation.get(c, 0)), str(found.variation.get(c, 0)))
            for c in VARIATION_ICONS
        ],
    )
    links = [
        *[
            Link(
                f"{found.variation[code]} {VARIATION_ICONS[code][3].lower()}",
                f"{matrix}?{urlencode({**team, 'icon': code})}",
            )
            for code in ("concern_high", "concern_low")
            if found.variation.get(code)
        ],
        Link(f"{found.failing} failing their target", f"{matrix}?{urlencode({**team, 'assurance': 'fail'})}"),
        Link("The icon matrix", f"{matrix}?{urlencode(team)}" if team else matrix),
    ]
    return TileData(
        key="measures",
        title="Measures: icon matrix summary",
        section="Measures",
        summary=summary,
        table=Table("Measures by variation and assurance icon", ["Icon", "Measures"], rows),
        figures=[
            ("Measures", found.total),
            ("Special cause concern", found.concern),
            ("Failing target", found.failing),
        ],
        charts=[chart],
        links=links,
    )


# ---- network ----------------------------------------------------------------------------------


def network_tile(scope: DashboardScope) -> TileData | None:
    if scope.team is not None:
        return None  # the network is the ICS's; a team's dashboard does not repeat it
    system = scope.organisation.system
    counts = member_counts(system=system)
    events = event_list(system=system, limit=5)
    if not counts.total and not events:
        return None
    ours = dict(counts.by_organisation).get(scope.organisation.name, 0)
    rows: list[list[object]] = [
        [row.event.occasion.title, row.event.occasion.starts_at.date(), row.places.free, row.places.capacity]
        for row in events
    ]
    summary = (
        f"The {system.name} QI network has {_plural(counts.total, 'member')}, {ours} from {scope.organisation.name}; "
        f"{_plural(len(events), 'event')} coming up."
    )
    return TileData(
        key="network",
        title="QI network",
        section="Network",
        summary=summary,
        table=Table("Upcoming network events", ["Event", "Date", "Places free", "Capacity"], rows),
        figures=[("Network members", counts.total), ("From this organisation", ours), ("Upcoming events", len(events))],
        links=[Link("Network events", reverse("network:event_list", args=[system.slug]))],
    )


BUILT_IN = (
    TileSpec("ideas", "Ideas by stage", "Staff voice", 10, many=ideas_tiles),
    TileSpec("campaigns", "Campaigns", "Staff voice", 20, many=campaigns_tiles),
    TileSpec("checkins", "Check-ins", "Staff voice", 30, many=checkins_tiles),
    TileSpec("surveys", "Survey trend", "Staff voice", 40, many=surveys_tiles),
    TileSpec("projects", "Projects and PDSA cycles", "Improvement work", 10, many=projects_tiles),
    TileSpec("measures", "Measures", "Measures", 10, many=measures_tiles),
    TileSpec("network", "QI network", "Network", 10, network_tile),
)
