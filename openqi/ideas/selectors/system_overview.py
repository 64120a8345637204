"""The ICS overview: ideas of every organisation in a system, for its system admins and executives.

Counts by organisation and status, and the median days from sharing to the first status change (the
first response the person hears). Anonymous counts follow the organisation overview's rule: shown
only for groups of at least k, with complementary suppression of the total.
"""

import statistics
from dataclasses import dataclass

from django.db.models import Count, Min, Q

from openqi.accounts.models import User
from openqi.ideas.models import EventKind, Identity, Status
from openqi.ideas.selectors.ideas import visible_ideas
from openqi.ideas.selectors.overview import REPORTING_THRESHOLD, anonymous_split
from openqi.organisations.models import Organisation, System, SystemMembership, SystemRole

SYSTEM_ROLES = (SystemRole.SYSTEM_ADMIN, SystemRole.EXECUTIVE)


@dataclass(frozen=True)
class OrganisationRow:
    organisation: str
    total: int
    by_status: list[int]  # in the order of Status.choices
    named: int | None  # None below k (see anonymous_split)
    anonymous: int | None
    responded: int
    median_days_to_response: float | None  # None when no idea has had a response


@dataclass(frozen=True)
class SystemOverview:
    system: System
    statuses: list[str]
    rows: list[OrganisationRow]
    total: int
    anonymous_total: int | None
    median_days_to_response: float | None
    threshold: int


def user_can_read_system(*, user: User, system_id: int) -> bool:
    return SystemMembership.objects.filter(user=user, system_id=system_id, role__in=SYSTEM_ROLES).exists()


def _median(values: list[int]) -> float | None:
    return round(float(statistics.median(values)), 1) if values else None


def idea_system_overview(*, system: System, k: int = REPORTING_THRESHOLD) -> SystemOverview:
    """One row per organisation of the system (those with no ideas too), in name order."""
    organisations = list(Organisation.objects.filter(system=system).order_by("name"))
    rows: list[OrganisationRow] = []
    all_days: list[int] = []
    anonymous_counts: list[int] = []
    for organisation in organisations:
        ideas = visible_ideas(organisation).order_by()
        counts = dict(ideas.values("status").annotate(n=Count("id")).values_list("status", "n"))
        total = sum(counts.values())
        anonymous = ideas.filter(identity=Identity.ANONYMOUS).count()
        anonymous_counts.append(anonymous)
        responses = ideas.annotate(first=Min("events__created_on", filter=Q(events__kind=EventKind.STATUS))).filter(
            first__isnull=False
        )
        days = [(first - shared).days for shared, first in responses.values_list("submitted_on", "first")]
        all_days.extend(days)
        rows.append(
            OrganisationRow(
                organisation=organisation.name,
                total=total,
                by_status=[counts.get(value, 0) for value in Status.values],
                named=anonymous_split(total, anonymous, k)[0],
                anonymous=anonymous_split(total, anonymous, k)[1],
                responded=len(days),
                median_days_to_response=_median(days),
            )
        )
    anonymous_total = sum(anonymous_counts)
    hidden = sum(n for n in anonymous_counts if n < k)
    show_total = anonymous_total >= k and not 0 < hidden < k
    return SystemOverview(
        system=system,
        statuses=[str(label) for _, label in Status.choices],
        rows=rows,
        total=sum(row.total for row in rows),
        anonymous_total=anonymous_total if show_total else None,
        median_days_to_response=_median(all_days),
        threshold=k,
    )
