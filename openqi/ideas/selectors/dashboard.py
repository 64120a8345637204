"""The staff-voice figures a leaders' dashboard shows for ideas (issue 14): ideas by stage over a
period, for a set of teams and a quality domain, the median days to the first response and to the
public answer, and the "you said, we did" answers published this month.

Anonymous counts follow the overview's rule (`anonymous_split`): shown only for at least k.
"""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from openqi.ideas.models import EventKind, Idea, IdeaEvent, Identity, Moderation, Status
from openqi.ideas.selectors.ideas import visible_ideas
from openqi.ideas.selectors.overview import REPORTING_THRESHOLD, anonymous_split
from openqi.organisations.models import Organisation


@dataclass(frozen=True)
class IdeaDashboard:
    total: int
    by_status: list[tuple[str, str, int]]  # (value, label, count) in workflow order
    named: int | None  # None below k
    anonymous: int | None
    responded: int
    median_days_to_response: float | None
    answered: int
    median_days_to_answer: float | None
    answered_this_month: int
    latest_answers: list[Idea]
    threshold: int


def _median(values: list[int]) -> float | None:
    return round(float(statistics.median(values)), 1) if values else None


def _visible_ideas_of(organisations: list[Organisation]) -> QuerySet[Idea]:
    """`visible_ideas` of several organisations at once (the same moderation rule)."""
    if len(organisations) == 1:
        return visible_ideas(organisations[0])
    return Idea.objects.filter(
        organisation__in=organisations, moderation__in=(Moderation.NOT_NEEDED, Moderation.APPROVED)
    )


def idea_dashboard_ideas(
    *,
    organisation: Organisation | None = None,
    organisations: list[Organisation] | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    team_ids: list[int] | None = None,
    domain: str = "",
) -> QuerySet[Idea]:
    """The ideas members can see, shared between `start` and `end`, in `team_ids` (None: every
    team, and ideas with no team), tagged with `domain`; of one organisation or several."""
    chosen = organisations if organisations is not None else [organisation] if organisation is not None else []
    ideas = _visible_ideas_of(chosen).order_by()
    if start is not None:
        ideas = ideas.filter(submitted_on__gte=start)
    if end is not None:
        ideas = ideas.filter(submitted_on__lte=end)
    if team_ids is not None:
        ideas = ideas.filter(team_id__in=team_ids)
    if domain:
        ideas = ideas.filter(domains__contains=f",{domain},")
    return ideas


def idea_dashboard(
    *,
    organisation: Organisation,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    team_ids: list[int] | None = None,
    domain: str = "",
    today: datetime.date | None = None,
    k: int = REPORTING_THRESHOLD,
) -> IdeaDashboard:
    """One organisation's figures: `idea_dashboards` for that one organisation."""
    return idea_dashboards(
        organisations=[organisation], start=start, end=end, team_ids=team_ids, domain=domain, today=today, k=k
    )[organisation.pk]


def idea_dashboards(
    *,
    organisations: list[Organisation],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    team_ids: list[int] | None = None,
    domain: str = "",
    today: datetime.date | None = None,
    k: int = REPORTING_THRESHOLD,
) -> dict[int, IdeaDashboard]:
    """Each organisation's figures, by organisation id, from five queries grouped by organisation
    whatever the number of organisations and ideas. The anonymous count is split from k for each
    organisation on its own (`anonymous_split`)."""
    if not organisations:
        return {}
    ideas = idea_dashboard_ideas(organisations=organisations, start=start, end=end, team_ids=team_ids, domain=domain)
    counted = {
        row["organisation_id"]: row
        for row in ideas.values("organisation_id").annotate(
            total=Count("id"),
            anonymous=Count("id", filter=Q(identity=Identity.ANONYMOUS)),
            **{f"s_{value}": Count("id", filter=Q(status=value)) for value in Status.values},
        )
    }
    response_days: dict[int, list[int]] = {}
    first = ideas.annotate(first=Min("events__created_on", filter=Q(events__kind=EventKind.STATUS))).filter(
        first__isnull=False
    )
    for org_id, s, f in first.values_list("organisation_id", "submitted_on", "first"):
        response_days.setdefault(org_id, []).append((f - s).days)
    answer_days: dict[int, list[int]] = {}
    for org_id, s, a in ideas.filter(answered_on__isnull=False).values_list(
        "organisation_id", "submitted_on", "answered_on"
    ):
        if a is not None:
            answer_days.setdefault(org_id, []).append((a - s).days)
    today = today or datetime.date.today()
    month_start = today.replace(day=1)
    this_month = (
        _visible_ideas_of(organisations)
        .filter(answered_on__gte=month_start, answered_on__lte=today)
        .exclude(public_answer="")
    )
    if team_ids is not None:
        this_month = this_month.filter(team_id__in=team_ids)
    if domain:
        this_month = this_month.filter(domains__contains=f",{domain},")
    answered_this_month = dict(
        this_month.order_by().values("organisation_id").annotate(n=Count("id")).values_list("organisation_id", "n")
    )
    # The three latest answers of each organisation: one query ranked within each organisation.
    latest: dict[int, list[Idea]] = {}
    ranked = this_month.annotate(
        rank=Window(RowNumber(), partition_by=[F("organisation_id")], order_by=[F("answered_on").desc(), F("id").asc()])
    ).filter(rank__lte=3)
    for idea in ranked.order_by("organisation_id", "-answered_on", "id"):
        latest.setdefault(idea.organisation_id, []).append(idea)
    found = {}
    for organisation in organisations:
        row = counted.get(organisation.pk, {})
        total = row.get("total", 0)
        named, anonymous = anonymous_split(total, row.get("anonymous", 0), k)
        responses = response_days.get(organisation.pk, [])
        answers = answer_days.get(organisation.pk, [])
        found[organisation.pk] = IdeaDashboard(
            total=total,
            by_status=[(value, str(label), row.get(f"s_{value}", 0)) for value, label in Status.choices],
            named=named,
            anonymous=anonymous,
            responded=len(responses),
            median_days_to_response=_median(responses),
            answered=len(answers),
            median_days_to_answer=_median(answers),
            answered_this_month=answered_this_month.get(organisation.pk, 0),
            latest_answers=latest.get(organisation.pk, []),
            threshold=k,
        )
    return found


def idea_dashboard_version(*, organisation: Organisation) -> str:
    """Changes when an idea is shared or moves on (for live dashboards): two counts."""
    return idea_dashboard_versions(organisations=[organisation])[organisation.pk]


def idea_dashboard_versions(*, organisations: list[Organisation]) -> dict[int, str]:
    """`idea_dashboard_version` of each organisation, from two counts grouped by organisation."""
    ideas = dict(
        _visible_ideas_of(organisations)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )
    events = dict(
        IdeaEvent.objects.filter(idea__organisation__in=organisations)
        .order_by()
        .values("idea__organisation_id")
        .annotate(n=Count("id"))
        .values_list("idea__organisation_id", "n")
    )
    return {o.pk: f"{ideas.get(o.pk, 0)}:{events.get(o.pk, 0)}" for o in organisations}
