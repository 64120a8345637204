"""Test helpers: anonymous check-ins placed straight into the database."""

import datetime
from typing import Any

from django.utils import timezone

from openqi.checkins.aggregates import checkin_day_record
from openqi.checkins.models import CheckIn
from openqi.checkins.selectors import complete_weeks


def last_week() -> datetime.date:
    """Monday of the newest complete week."""
    return complete_weeks(today=timezone.localdate(), count=1)[0]


def add_checkins(
    organisation: Any,
    team: Any,
    count: int,
    *,
    day: datetime.date | None = None,
    score: int = 4,
    reasons: list[str] | None = None,
    comment: str = "",
) -> list[CheckIn]:
    day = day or last_week()
    created = CheckIn.objects.bulk_create(
        CheckIn(organisation=organisation, team=team, date=day, score=score, reasons=reasons or [], comment=comment)
        for _ in range(count)
    )
    for checkin in created:
        checkin_day_record(checkin)  # as the submission service does
    return created
