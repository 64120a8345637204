"""The stored latest analysis of a measure and the alerts it raises."""

import math

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openqi.accounts.models import User
from openqi.core.events import event_publish
from openqi.measures.models import Measure, MeasureFollow, Visibility
from openqi.measures.presenters import ChartPresenter, assurance_icon, variation_icon
from openqi.measures.selectors import measure_chart
from openqi.notifications.services import notification_create
from openqi.organisations.models import Membership


def _is_special(point_type: str) -> bool:
    return point_type not in ("", "common_cause")


@transaction.atomic
def measure_summary_refresh(*, measure_id: int) -> Measure | None:
    """Store the latest icons, summary and sparkline; tell the owner and followers about new signals."""
    measure = (
        Measure.objects.select_for_update(of=("self",))
        .select_related("organisation", "owner")
        .filter(pk=measure_id)
        .first()
    )
    if measure is None:
        return None
    chart = measure_chart(organisation=measure.organisation, measure=measure)
    presenter = ChartPresenter(chart)
    latest = next(
        (
            (p, y, r)
            for p, y, r in reversed(list(zip(chart.result.points, presenter.plotted_values, chart.rows, strict=True)))
            if y is not None
        ),
        None,
    )
    old = (measure.latest_period, measure.latest_point_type, measure.assurance_icon)
    measure.latest_value = latest[1] if latest else None
    measure.latest_period = latest[2].period if latest else None
    measure.latest_point_type = latest[0].point_type if latest else ""
    measure.variation_icon = chart.result.variation_icon
    measure.assurance_icon = chart.result.assurance_icon
    measure.summary = chart.result.summary
    measure.sparkline = presenter.plotted_values[-26:]
    measure.computed_at = timezone.now()
    measure.save(
        update_fields=[
            "latest_value",
            "latest_period",
            "latest_point_type",
            "variation_icon",
            "assurance_icon",
            "summary",
            "sparkline",
            "computed_at",
        ]
    )
    new_signal = _is_special(measure.latest_point_type) and (not _is_special(old[1]) or old[0] != measure.latest_period)
    if new_signal and measure.latest_period is not None:
        # Every write of data (the form, an import, the API) ends here, once per change of the latest point.
        event_publish(
            "measure.special_cause",
            organisation_id=measure.organisation_id,
            payload={
                "measure_id": measure.pk,
                "name": measure.name,
                "period": measure.latest_period.isoformat(),
                "value": measure.latest_value
                if measure.latest_value is not None and math.isfinite(measure.latest_value)
                else None,
                "point_type": measure.latest_point_type,
                "variation_icon": measure.variation_icon,
                "assurance_icon": measure.assurance_icon,
                "summary": measure.summary,
            },
        )
    recipients = alert_recipients(measure)
    if not recipients:
        return measure
    url = reverse("measures:measure_detail", args=[measure.organisation.slug, measure.pk])
    alerts: list[tuple[str, str]] = []
    if new_signal:
        icon = variation_icon(measure.variation_icon)
        alerts.append(
            (
                f"{measure.name}: special cause variation at the latest point",
                (icon.label + ". " if icon else "") + measure.summary,
            )
        )
    if old[2] and old[2] != measure.assurance_icon:
        icon = assurance_icon(measure.assurance_icon)
        alerts.append(
            (
                f"{measure.name}: assurance against the target has changed",
                (icon.label if icon else "No assurance can be given yet") + ". " + measure.summary,
            )
        )
    for title, body in alerts:
        for user in recipients:
            notification_create(
                user=user, organisation=measure.organisation, title=title, body=body, url=url, important=True
            )
    return measure


def alert_recipients(measure: Measure) -> list[User]:
    """The owner and the followers who may still see the measure: active members of its
    organisation, and for a team-only measure members of that team or champions and above."""
    follower_ids = set(MeasureFollow.objects.filter(measure=measure).values_list("user_id", flat=True))
    wanted = follower_ids | ({measure.owner_id} if measure.owner_id else set())
    if not wanted:
        return []
    memberships = Membership.objects.filter(
        organisation_id=measure.organisation_id, user_id__in=wanted, user__is_active=True
    ).select_related("user")
    return sorted(
        (
            m.user
            for m in memberships
            if m.has_role("staff")
            and (
                measure.visibility != Visibility.TEAM
                or (m.team_id is not None and m.team_id == measure.team_id)
                or m.has_role("champion")
            )
        ),
        key=lambda user: user.pk,
    )
