"""Campaigns and their progress."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from openqi.ideas import extensions
from openqi.ideas.models import (
    Campaign,
    Idea,
    Identity,
    Moderation,
    Status,
)
from openqi.ideas.selectors.ideas import visible_ideas
from openqi.ideas.selectors.overview import REPORTING_THRESHOLD, anonymous_split
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Organisation


def campaign_list(*, organisation: Organisation) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(organisation=organisation)
        .select_related("team")
        .annotate(
            idea_count=Count("ideas", filter=Q(ideas__moderation__in=(Moderation.NOT_NEEDED, Moderation.APPROVED)))
        )
        .order_by("closed_on", "-starts_on", "-id")
    )


def campaign_open_list(*, organisation: Organisation) -> QuerySet[Campaign]:
    return campaign_open_list_of(organisations=[organisation])


def campaign_open_list_of(*, organisations: list[Organisation]) -> QuerySet[Campaign]:
    """The campaigns open today in any of these organisations, ending soonest first."""
    today = timezone.localdate()
    return Campaign.objects.filter(
        organisation__in=organisations, closed_on__isnull=True, starts_on__lte=today, ends_on__gte=today
    ).order_by("ends_on", "id")


def campaign_get(*, organisation: Organisation, campaign_id: int) -> Campaign | None:
    return Campaign.objects.filter(organisation=organisation, pk=campaign_id).select_related("team").first()


@dataclass(frozen=True)
class CampaignProgress:
    ideas: int
    target: int
    percent: int
    by_status: list[tuple[str, int]]
    anonymous: int | None  # None below k
    named: int | None
    threshold: int


def campaign_progress(*, campaign: Campaign, k: int = REPORTING_THRESHOLD) -> CampaignProgress:
    return campaign_progress_of(campaigns=[campaign], k=k)[campaign.pk]


def campaign_progress_of(*, campaigns: list[Campaign], k: int = REPORTING_THRESHOLD) -> dict[int, CampaignProgress]:
    """Each campaign's progress, by campaign id, from one query grouped by campaign and status
    (the ideas members can see, as `visible_ideas`); anonymous ideas split from k per campaign."""
    counts: dict[int, dict[str, int]] = {}
    anonymous: dict[int, int] = {}
    rows = (
        Idea.objects.filter(campaign__in=campaigns, moderation__in=(Moderation.NOT_NEEDED, Moderation.APPROVED))
        .order_by()
        .values("campaign_id", "status")
        .annotate(n=Count("id"), anonymous=Count("id", filter=Q(identity=Identity.ANONYMOUS)))
    )
    for row in rows:
        counts.setdefault(row["campaign_id"], {})[row["status"]] = row["n"]
        anonymous[row["campaign_id"]] = anonymous.get(row["campaign_id"], 0) + row["anonymous"]
    found = {}
    for campaign in campaigns:
        by_status = counts.get(campaign.pk, {})
        total = sum(by_status.values())
        named, shown_anonymous = anonymous_split(total, anonymous.get(campaign.pk, 0), k)
        found[campaign.pk] = CampaignProgress(
            ideas=total,
            target=campaign.target,
            percent=min(100, round(100 * total / campaign.target)) if campaign.target else 0,
            by_status=[(str(label), by_status[value]) for value, label in Status.choices if by_status.get(value)],
            anonymous=shown_anonymous,
            named=named,
            threshold=k,
        )
    return found


def campaign_ideas(*, campaign: Campaign) -> QuerySet[Idea]:
    return (
        visible_ideas(campaign.organisation)
        .filter(campaign=campaign)
        .annotate(support_count=Count("supports", distinct=True))
        .order_by("-submitted_on", "-id")
    )


def campaign_named_idea_counts(*, campaign: Campaign) -> dict[int, int]:
    """Ideas each person shared in the campaign under their own name ({user id: count}), for an
    individual target and its prize draw. Only ideas shared as "Named: everyone can see my name"
    count: an anonymous idea stores no person, and an idea named to the QI team only must not make
    its author known to everyone through a prize."""
    rows = (
        visible_ideas(campaign.organisation)
        .filter(campaign=campaign, identity=Identity.NAMED, submitted_by__isnull=False)
        .order_by()
        .values("submitted_by")
        .annotate(n=Count("id"))
        .values_list("submitted_by", "n")
    )
    return {int(user_id): int(n) for user_id, n in rows}


def campaign_panels(*, access: OrgAccess, user_id: int, campaign: Campaign) -> list[extensions.CampaignPanel]:
    """What apps above ideas add to this reader's campaign page (`ideas.extensions`), in the
    order they registered: for example recognition's individual target and the reader's progress."""
    panels = (
        source(access=access, user_id=user_id, campaign=campaign) for source in extensions.campaign_panel_sources()
    )
    return [panel for panel in panels if panel is not None]
