"""Improvement work in figures for the leaders' dashboards (issue 14): the organisation's own
projects this person may see, by stage and progress score, PDSA cycles this month, Act decisions
and spread (changes adopted from or by other organisations of the ICS)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, F, Q

from openqi.organisations.access import OrgAccess
from openqi.projects.access import own_projects_visible_q
from openqi.projects.models import ActDecision, PdsaCycle, Project, Stage


@dataclass(frozen=True)
class ProjectDashboard:
    total: int
    by_stage: list[tuple[str, str, int]]  # (value, label, count) in stage order
    by_score: list[tuple[str, int]]  # ("0.5" … "5.0", count), scored projects only
    mean_score: float | None
    unscored: int
    cycles_this_month: int
    decisions: list[tuple[str, str, int]]  # adopt, adapt, abandon (value, short label, count)
    adopted_from_elsewhere: int
    adopted_elsewhere: int


def project_dashboard(
    *,
    access: OrgAccess,
    user_id: int,
    team_ids: list[int] | None = None,
    domain: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    today: datetime.date | None = None,
) -> ProjectDashboard:
    """One organisation's figures: `project_dashboards` for that one reader's access."""
    return project_dashboards(
        accesses=[access], user_id=user_id, team_ids=team_ids, domain=domain, start=start, end=end, today=today
    )[access.organisation.pk]


def project_dashboards(
    *,
    accesses: list[OrgAccess],
    user_id: int,
    team_ids: list[int] | None = None,
    domain: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    today: datetime.date | None = None,
) -> dict[int, ProjectDashboard]:
    """Each organisation's own projects this person may see there (each organisation read with
    its own access), by organisation id: six queries grouped by organisation, whatever the
    number of organisations. The period (start, end) narrows the Act decisions to cycles
    completed in it; stages and scores are where the projects stand now."""
    if not accesses:
        return {}
    visible = Project.objects.filter(own_projects_visible_q(accesses=accesses, user_id=user_id)).values("pk")
    projects = Project.objects.filter(pk__in=visible, archived_at__isnull=True)
    if team_ids is not None:
        projects = projects.filter(team_id__in=team_ids)
    if domain:
        projects = projects.filter(domains__icontains=f'"{domain}"')
    # A subquery, not a list of ids: at ICS scale the list is tens of thousands of parameters,
    # which PostgreSQL plans slowly (seconds); the subquery is a semi-join on the primary key.
    ids = projects.order_by().values("pk")
    own = Project.objects.filter(pk__in=ids).order_by()
    counted = {
        row["organisation_id"]: row
        for row in own.values("organisation_id").annotate(
            total=Count("pk"),
            mean=Avg("progress_score"),
            unscored=Count("pk", filter=Q(progress_score__isnull=True)),
            **{f"s_{value}": Count("pk", filter=Q(stage=value)) for value in Stage.values},
            from_elsewhere=Count(
                "pk", filter=Q(adopted_from__isnull=False) & ~Q(adopted_from__organisation_id=F("organisation_id"))
            ),
        )
    }
    scores: dict[int, dict[Decimal | None, int]] = {}
    for org_id, score, n in (
        own.filter(progress_score__isnull=False)
        .values_list("organisation_id", "progress_score")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "progress_score", "n")
    ):
        scores.setdefault(org_id, {})[score] = n
    today = today or datetime.date.today()
    cycles = PdsaCycle.objects.filter(project__in=ids).order_by()
    month_start = today.replace(day=1)
    period = cycles.filter(completed_on__isnull=False)
    if start is not None:
        period = period.filter(completed_on__gte=start)
    if end is not None:
        period = period.filter(completed_on__lte=end)
    this_month = dict(
        cycles.filter(Q(created_at__date__gte=month_start) | Q(completed_on__gte=month_start))
        .values("project__organisation_id")
        .annotate(n=Count("pk"))
        .values_list("project__organisation_id", "n")
    )
    decision_counts: dict[int, dict[str, int]] = {}
    for org_id, decision, n in (
        period.values_list("project__organisation_id", "act_decision")
        .annotate(n=Count("pk"))
        .values_list("project__organisation_id", "act_decision", "n")
    ):
        decision_counts.setdefault(org_id, {})[decision] = n
    adopted_elsewhere = dict(
        Project.objects.filter(adopted_from__in=ids)
        .exclude(organisation_id=F("adopted_from__organisation_id"))
        .order_by()
        .values("adopted_from__organisation_id")
        .annotate(n=Count("pk"))
        .values_list("adopted_from__organisation_id", "n")
    )
    found = {}
    for access in accesses:
        org_id = access.organisation.pk
        row = counted.get(org_id, {})
        mean = row.get("mean")
        decisions = decision_counts.get(org_id, {})
        found[org_id] = ProjectDashboard(
            total=row.get("total", 0),
            by_stage=[(value, str(label), row.get(f"s_{value}", 0)) for value, label in Stage.choices],
            by_score=[
                (f"{Decimal(s or 0):.1f}", n)
                for s, n in sorted(scores.get(org_id, {}).items(), key=lambda item: item[0] or 0)
            ],
            mean_score=round(float(mean), 1) if mean is not None else None,
            unscored=row.get("unscored", 0),
            cycles_this_month=this_month.get(org_id, 0),
            decisions=[
                (value, str(label).split(":")[0], decisions.get(value, 0)) for value, label in ActDecision.choices
            ],
            adopted_from_elsewhere=row.get("from_elsewhere", 0),
            adopted_elsewhere=adopted_elsewhere.get(org_id, 0),
        )
    return found
