"""Demo check-ins for `seed_demo`: a year of anonymous answers on three Northfield wards."""

import datetime
import random

from django.utils import timezone

from openqi.checkins.aggregates import checkin_days_rebuild
from openqi.checkins.models import DEFAULT_REASONS, CheckIn
from openqi.organisations.models import Organisation, Team


def seed_checkins(*, organisation: Organisation, teams: dict[str, Team]) -> None:
    """A year of anonymous check-ins for three Northfield wards of about 40 staff each:
    quieter weekends, harder Mondays, and Ward 9 dipping a few months ago and recovering."""
    wards = [teams["Ward 7 (Acute Medicine)"], teams["Ward 9 (Elderly Care)"], teams["Emergency Department"]]
    if CheckIn.objects.filter(organisation=organisation, team__in=wards).exists():
        return
    rng = random.Random(2026)  # noqa: S311  (demo data, not security)
    comments = [
        "One more healthcare assistant on the late shift",
        "Working hoist on the bay",
        "Time for a proper break",
        "Handover that starts on time",
        "Fewer agency gaps",
        "Thank the team – it was a great shift",
    ]
    today = timezone.localdate()
    rows = []
    for days_ago in range(365, 0, -1):
        day = today - datetime.timedelta(days=days_ago)
        for index, ward in enumerate(wards):
            good = [0.68, 0.62, 0.55][index]
            good += {0: -0.08, 4: 0.06}.get(day.weekday(), 0.0)
            if index == 1 and 60 <= days_ago <= 130:
                # Ward 9: a staffing crisis, then recovery after a change in rostering.
                good -= 0.3 * min(1.0, (131 - days_ago) / 20, (days_ago - 59) / 20)
            answers = rng.randint(8, 14) if day.weekday() >= 5 else rng.randint(16, 26)
            for _ in range(answers):
                roll = rng.random()
                score = (5 if rng.random() < 0.4 else 4) if roll < good else rng.choice([3, 3, 2, 2, 1])
                reasons = rng.sample(DEFAULT_REASONS, rng.choice([0, 1, 1, 2]))
                comment = rng.choice(comments) if rng.random() < 0.05 else ""
                rows.append(
                    CheckIn(
                        organisation=organisation,
                        team=ward,
                        date=day,
                        score=score,
                        reasons=reasons,
                        comment=comment,
                    )
                )
    CheckIn.objects.bulk_create(rows, batch_size=2000)
    checkin_days_rebuild(organisation=organisation)  # the daily aggregates the reports read
