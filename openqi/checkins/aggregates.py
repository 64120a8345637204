"""Daily aggregates of check-ins by team (`CheckInDay`, `CheckInDayReason`).

Reports read these counts instead of scanning raw rows. They are kept in the same transaction as
each check-in by an increment that is safe under concurrency on PostgreSQL and SQLite:
`UPDATE … SET n = n + 1`; when no row exists yet, an INSERT inside a savepoint; when a concurrent
request inserted the row first, the unique constraint refuses ours and the UPDATE is retried.
Comments are not aggregated, so hiding one changes nothing here; purging markers neither.
`checkin_days_rebuild` recounts from raw rows (the data migration, the demo seed, repairs).
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, Q

from openqi.checkins.models import CheckIn, CheckInDay, CheckInDayReason
from openqi.organisations.models import Organisation, Team

SCORE_FIELDS = ("score_1", "score_2", "score_3", "score_4", "score_5")


def _bump(model: type[models.Model], lookup: Mapping[str, Any], deltas: Mapping[str, int]) -> None:
    """Add `deltas` to the row found by `lookup`, creating it when missing, without losing a
    concurrent increment."""
    updates = {name: F(name) + value for name, value in deltas.items()}
    manager = model._default_manager
    if manager.filter(**lookup).update(**updates):
        return
    try:
        with transaction.atomic():
            manager.create(**lookup, **deltas)
    except IntegrityError:
        # Another transaction created the row between our UPDATE and INSERT; it is committed now.
        manager.filter(**lookup).update(**updates)


def checkin_day_record(checkin: CheckIn) -> None:
    """Count one new check-in. Call inside the transaction that creates it."""
    lookup = {"organisation_id": checkin.organisation_id, "team_id": checkin.team_id, "date": checkin.date}
    _bump(CheckInDay, lookup, {"responses": 1, f"score_{checkin.score}": 1})
    for reason in checkin.reasons or []:
        _bump(CheckInDayReason, {**lookup, "reason": reason}, {"count": 1})


def recount(
    *,
    checkin_model: Any,
    day_model: Any,
    reason_model: Any,
    organisation_ids: Iterable[int] | None = None,
) -> int:
    """Replace the aggregates of the given organisations (all when None) with a recount of the raw
    rows. Takes the model classes so that the data migration can pass its historical models."""
    raw = checkin_model.objects.all()
    days = day_model.objects.all()
    reasons = reason_model.objects.all()
    if organisation_ids is not None:
        ids = list(organisation_ids)
        raw, days, reasons = (qs.filter(organisation_id__in=ids) for qs in (raw, days, reasons))
    days.delete()
    reasons.delete()
    per_score = {name: Count("id", filter=Q(score=int(name[-1]))) for name in SCORE_FIELDS}
    rows = raw.values("organisation_id", "team_id", "date").annotate(responses=Count("id"), **per_score).order_by()
    created = day_model.objects.bulk_create((day_model(**row) for row in rows.iterator()), batch_size=2000)
    counter: Counter[tuple[int, int | None, Any, str]] = Counter()
    chosen = raw.exclude(reasons=[]).values_list("organisation_id", "team_id", "date", "reasons")
    for organisation_id, team_id, date, names in chosen.iterator(chunk_size=5000):
        counter.update((organisation_id, team_id, date, name) for name in names or [])
    reason_model.objects.bulk_create(
        (
            reason_model(organisation_id=o, team_id=t, date=d, reason=name, count=n)
            for (o, t, d, name), n in counter.items()
        ),
        batch_size=2000,
    )
    return len(created)


@transaction.atomic
def checkin_days_rebuild(*, organisation: Organisation | None = None) -> int:
    """Recount one organisation's daily aggregates (or every organisation's) from raw rows."""
    return recount(
        checkin_model=CheckIn,
        day_model=CheckInDay,
        reason_model=CheckInDayReason,
        organisation_ids=None if organisation is None else [organisation.pk],
    )


def fold_team_into_no_team(*, team: Team) -> None:
    """A deleted team's check-ins keep their answers with no team (`CheckIn.team` is SET_NULL);
    move its aggregates to the no-team rows the same way before the cascade deletes them."""
    for day in CheckInDay.objects.filter(team=team):
        lookup: dict[str, Any] = {"organisation_id": day.organisation_id, "team_id": None, "date": day.date}
        _bump(CheckInDay, lookup, {name: getattr(day, name) for name in ("responses", *SCORE_FIELDS)})
    for row in CheckInDayReason.objects.filter(team=team):
        where: dict[str, Any] = {"organisation_id": row.organisation_id, "team_id": None, "date": row.date}
        _bump(CheckInDayReason, {**where, "reason": row.reason}, {"count": row.count})
    CheckInDay.objects.filter(team=team).delete()
    CheckInDayReason.objects.filter(team=team).delete()
