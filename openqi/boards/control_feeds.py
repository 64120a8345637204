"""A process control category feeding a measure (issue 18: "the day's history kept as a measure so
it can be charted"). Modelled on co-production's survey feeds: a lead links a category to a daily
run, XmR (I) or c chart measure of the same organisation, and each completed day's count (required
or completed, as chosen) is written as that day's point through the measures app's own checked bulk
write (its checks, upsert, recomputation and audit), never its tables. Writing a day again replaces
its point, so re-running, or a day whose counts changed, updates that point and never duplicates.

Feeding runs when the link is saved, from the lead's "Feed the measure now" button, and daily from
`manage.py boards_scheduled` for every link (today is still being counted, so it waits for
tomorrow)."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.boards.models import ControlCategory, ControlDay, ControlFeed, FedCount
from openqi.measures.selectors import measure_list
from openqi.measures.services.bulk_write import PointRow, data_points_write
from openqi.organisations.access import OrgAccess

if TYPE_CHECKING:
    from openqi.measures.models import Measure

# The measures app's chart types for one count a day (`measures.models.ChartType`: run chart, I
# chart of an XmR pair, c chart) and its daily frequency; a test keeps these in step with it.
FEEDABLE_CHARTS = ("run", "i", "c")
DAILY = "daily"

OTHER_ORGANISATION = "This measure belongs to another organisation: choose one of this organisation's measures"
NOT_FEEDABLE = "Choose a daily run chart, XmR (I) chart or c chart measure that you can see"


def feed_measures(*, access: OrgAccess) -> "QuerySet[Measure]":
    """The live measures of this organisation, visible to this reader, that can take a day's count."""
    return measure_list(organisation=access.organisation, access=access).filter(
        chart_type__in=FEEDABLE_CHARTS, frequency=DAILY
    )


def control_feed_get(*, category: ControlCategory) -> ControlFeed | None:
    return (
        ControlFeed.objects.filter(organisation_id=category.organisation_id, category=category)
        .select_related("measure")
        .first()
    )


@transaction.atomic
def control_feed_set(
    *, actor: User, access: OrgAccess, category: ControlCategory, measure: "Measure", count: str
) -> ControlFeed:
    organisation = access.organisation
    if category.organisation_id != organisation.pk:
        raise ValidationError("Choose a count on a board of this organisation")
    if measure.organisation_id != organisation.pk:
        raise ValidationError({"measure": OTHER_ORGANISATION})
    if not feed_measures(access=access).filter(pk=measure.pk).exists():
        raise ValidationError({"measure": NOT_FEEDABLE})
    if count not in FedCount.values:
        raise ValidationError({"count": "Choose which count feeds the measure: required or completed"})
    feed, created = ControlFeed.objects.update_or_create(
        category=category,
        defaults={
            "organisation": organisation,
            "measure": measure,
            "count": count,
            "updated_by": actor,
            "updated_at": timezone.now(),
        },
    )
    audit_log(
        actor=actor,
        action="boards.control_feed_create" if created else "boards.control_feed_change",
        organisation=organisation,
        obj=feed,
        detail={"category": category.pk, "measure": measure.pk, "count": count},
    )
    return feed


@transaction.atomic
def control_feed_remove(*, actor: User, feed: ControlFeed) -> None:
    """Stop feeding: the points already written stay on the measure (they are its data now)."""
    audit_log(
        actor=actor,
        action="boards.control_feed_remove",
        organisation=feed.organisation,
        obj=feed,
        detail={"category": feed.category_id, "measure": feed.measure_id},
    )
    feed.delete()


@dataclass(frozen=True)
class FeedResult:
    written: int  # days written (added or replaced) on the measure


@transaction.atomic
def control_feed_run(*, actor: User, feed: ControlFeed) -> FeedResult:
    """Add or replace the measure's point for every completed day (before today) of the category."""
    days = ControlDay.objects.filter(
        organisation_id=feed.organisation_id, category_id=feed.category_id, date__lt=timezone.localdate()
    ).order_by("date")
    rows = [
        PointRow(
            measure_id=feed.measure_id,
            period=day.date,
            value=float(getattr(day, feed.count)),
            comment=f"From the process control board count ‘{feed.category.name}’ ({feed.get_count_display()})",
        )
        for day in days
    ]
    if rows:
        data_points_write(actor=actor, organisation=feed.organisation, rows=rows)
    feed.last_fed_at = timezone.now()
    feed.save(update_fields=["last_fed_at"])
    audit_log(
        actor=actor,
        action="boards.control_feed_run",
        organisation=feed.organisation,
        obj=feed,
        detail={"measure": feed.measure_id, "written": len(rows)},
    )
    return FeedResult(written=len(rows))


@dataclass(frozen=True)
class ScheduledResult:
    fed: int
    refused: int  # the measure was archived, or whoever linked it has left (their account erased)


def control_feeds_run_all() -> ScheduledResult:
    """The daily run: every link feeds its measure as the lead who last saved it."""
    fed = refused = 0
    for feed in ControlFeed.objects.select_related("category", "organisation", "updated_by").order_by("pk"):
        if feed.updated_by is None or not feed.updated_by.is_active:
            refused += 1
            continue
        try:
            control_feed_run(actor=feed.updated_by, feed=feed)
        except ValidationError:
            refused += 1
        else:
            fed += 1
    return ScheduledResult(fed=fed, refused=refused)
