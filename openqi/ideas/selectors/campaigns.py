"""Campaigns and their progress."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from openqi.ideas.models import (
    Campaign,
    Idea,
    Identity,
    Moderation,
    Status,
)
from openqi.ideas.selectors.ideas import visible_ideas
from openqi.ideas.selectors.overview import REPORTING_THRESHOLD, anonymous_split
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
    today = timezone.localdate()
    return Campaign.objects.filter(
        organisation=organisation, closed_on__isnull=True, starts_on__lte=today, ends_on__gte=today
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
    ideas = visible_ideas(campaign.organisation).filter(campaign=campaign)
    total = ideas.count()
    counts = dict(ideas.order_by().values("status").annotate(n=Count("id")).values_list("status", "n"))
    anonymous = ideas.filter(identity=Identity.ANONYMOUS).count()
    named, shown_anonymous = anonymous_split(total, anonymous, k)
    return CampaignProgress(
        ideas=total,
        target=campaign.target,
        percent=min(100, round(100 * total / campaign.target)) if campaign.target else 0,
        by_status=[(str(label), counts[value]) for value, label in Status.choices if counts.get(value)],
        anonymous=shown_anonymous,
        named=named,
        threshold=k,
    )


def campaign_ideas(*, campaign: Campaign) -> QuerySet[Idea]:
    return (
        visible_ideas(campaign.organisation)
        .filter(campaign=campaign)
        .annotate(support_count=Count("supports", distinct=True))
        .order_by("-submitted_on", "-id")
    )
