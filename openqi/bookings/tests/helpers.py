"""Occasions for tests: generic ones, owned by no app (bookings must work without any owner)."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from openqi.bookings.models import Occasion
from openqi.bookings.services import occasion_create


def an_occasion(*, capacity: int = 2, days_ahead: float = 7, **kwargs: Any) -> Occasion:
    starts = timezone.now() + timedelta(days=days_ahead)
    return occasion_create(
        owner=kwargs.pop("owner", "tests.occasion"),
        title=kwargs.pop("title", "Learning session"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=capacity,
        **kwargs,
    )
