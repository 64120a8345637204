"""Overviews and the export, with anonymous counts shown only for groups of at least k."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from openqi.anonymity import DEFAULT_K
from openqi.ideas.models import (
    Idea,
    Identity,
    Status,
)
from openqi.ideas.selectors.ideas import idea_list, visible_ideas
from openqi.organisations.models import Organisation

# The least number of anonymous ideas before a count of them is shown for a group (GUIDE: k).
REPORTING_THRESHOLD = DEFAULT_K


OPEN_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.NEEDS_INFO)


@dataclass(frozen=True)
class TeamRow:
    team: str
    total: int
    # None when the split would reveal fewer than k anonymous ideas (named is hidden too, or
    # total minus named would give the anonymous count away).
    named: int | None
    anonymous: int | None


@dataclass(frozen=True)
class IdeaOverview:
    total: int
    by_status: list[tuple[str, int]]
    by_team: list[TeamRow]
    anonymous_total: int | None
    unassigned: int
    overdue: list[Idea]
    threshold: int


def anonymous_split(total: int, anonymous: int, k: int) -> tuple[int | None, int | None]:
    return (total - anonymous, anonymous) if anonymous >= k else (None, None)


def idea_overview(*, organisation: Organisation, k: int = REPORTING_THRESHOLD) -> IdeaOverview:
    ideas = visible_ideas(organisation)
    status_counts = dict(ideas.order_by().values("status").annotate(n=Count("id")).values_list("status", "n"))
    by_status = [(str(label), status_counts.get(value, 0)) for value, label in Status.choices]
    team_counts = (
        ideas.values("team__name")
        .annotate(total=Count("id"), anonymous=Count("id", filter=Q(identity=Identity.ANONYMOUS)))
        .order_by("team__name")
    )
    by_team = [
        TeamRow(row["team__name"] or "No team", row["total"], *anonymous_split(row["total"], row["anonymous"], k))
        for row in team_counts
    ]
    anonymous_total = ideas.filter(identity=Identity.ANONYMOUS).count()
    # Complementary suppression: with the total shown, the hidden rows' sum would be the total
    # less the shown rows, so the total is hidden too unless that sum is itself at least k.
    hidden = sum(row["anonymous"] for row in team_counts if row["anonymous"] < k)
    show_total = anonymous_total >= k and not 0 < hidden < k
    today = timezone.localdate()
    return IdeaOverview(
        total=ideas.count(),
        by_status=by_status,
        by_team=by_team,
        anonymous_total=anonymous_total if show_total else None,
        unassigned=ideas.filter(owner__isnull=True, status__in=OPEN_STATUSES).count(),
        overdue=list(
            ideas.filter(status__in=OPEN_STATUSES, response_due__lt=today)
            .select_related("owner")
            .order_by("response_due", "id")
        ),
        threshold=k,
    )


def idea_export_rows(*, organisation: Organisation, status: str = "", team_id: int | None = None) -> list[list[Any]]:
    """One row per idea. Anonymous ideas carry no identity; named-to-the-QI-team ones no name."""
    ideas = idea_list(organisation=organisation, status=status, team_id=team_id).select_related("submitted_by", "owner")
    rows: list[list[Any]] = []
    for idea in ideas:
        if idea.identity == Identity.NAMED and idea.submitted_by is not None:
            shared_by = idea.submitted_by.display_name
        elif idea.identity == Identity.QI_TEAM:
            shared_by = "Name shared with the QI team"
        else:
            shared_by = ""
        rows.append(
            [
                idea.pk,
                idea.title,
                idea.status_text,
                idea.team.name if idea.team else "",
                ", ".join(idea.domain_labels),
                idea.get_identity_display() if idea.identity != Identity.ANONYMOUS else "Anonymous",
                shared_by,
                idea.submitted_on.isoformat(),
                idea.support_count,  # type: ignore[attr-defined]  # annotated by the queryset above
                idea.owner.display_name if idea.owner else "",
                idea.response_due.isoformat() if idea.response_due else "",
                idea.answered_on.isoformat() if idea.answered_on else "",
                idea.public_answer,
            ]
        )
    return rows


EXPORT_HEADER = [
    "number",
    "title",
    "status",
    "team",
    "quality domains",
    "identity",
    "shared by",
    "shared on",
    "supporters",
    "owner",
    "first response due",
    "answered on",
    "you said, we did",
]
