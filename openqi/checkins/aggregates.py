"""Daily and weekly aggregates of check-ins by team (`CheckInDay`, `CheckInWeek`, `CheckInDayReason`).

Reports read these counts instead of scanning raw rows. They are kept in the same transaction as
each check-in by an atomic upsert (`INSERT … ON CONFLICT … DO UPDATE SET n = n + 1`) that is safe
under concurrency on PostgreSQL and SQLite: the unique constraint serialises the first insert of a
row, and the row lock every later increment.
Comments are not aggregated, so hiding one changes nothing here; purging markers neither.
`checkin_days_rebuild` recounts from raw rows (the data migration, the demo seed, repairs).
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, Q

from openqi.checkins.models import CheckIn, CheckInDay, CheckInDayReason, CheckInWeek
from openqi.organisations.models import Organisation, Team

SCORE_FIELDS = ("score_1", "score_2", "score_3", "score_4", "score_5")
DAY_KEYS = ("organisation_id", "team_id", "date")
WEEK_KEYS = ("organisation_id", "team_id", "week")
DAY_COUNTS = ("responses", *SCORE_FIELDS)
REASON_KEYS = (*DAY_KEYS, "reason")


def _bump(
    model: type[models.Model], rows: list[dict[str, Any]], keys: tuple[str, ...], counts: tuple[str, ...]
) -> None:
    """Add each row's `counts` to the aggregate row with the same `keys`, creating it when missing:
    one `INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n` (PostgreSQL and SQLite), so a
    concurrent increment is never lost and a submission costs one round trip per table. The rows
    of one call share their team (or its absence), which picks the partial unique index."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = (*keys, *counts)
    no_team = rows[0]["team_id"] is None
    target = [quote(k) for k in keys if not (no_team and k == "team_id")]
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    updates = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in counts)
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) VALUES {placeholders} "  # noqa: S608
        f"ON CONFLICT ({', '.join(target)}) WHERE {quote('team_id')} IS {'' if no_team else 'NOT '}NULL "
        f"DO UPDATE SET {updates}"
    )
    ordered = sorted(rows, key=lambda row: tuple(str(row[k]) for k in keys))  # one lock order: no deadlock
    with connection.cursor() as cursor:
        cursor.execute(sql, [row[c] for row in ordered for c in columns])


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def checkin_day_record(checkin: CheckIn) -> None:
    """Count one new check-in. Call inside the transaction that creates it."""
    where = {"organisation_id": checkin.organisation_id, "team_id": checkin.team_id, "date": checkin.date}
    day = {**where, "responses": 1, **{name: int(name == f"score_{checkin.score}") for name in SCORE_FIELDS}}
    _bump(CheckInDay, [day], DAY_KEYS, DAY_COUNTS)
    week = {key: value for key, value in day.items() if key != "date"} | {"week": monday(checkin.date)}
    _bump(CheckInWeek, [week], WEEK_KEYS, DAY_COUNTS)
    reasons = [{**where, "reason": reason, "count": 1} for reason in dict.fromkeys(checkin.reasons or [])]
    _bump(CheckInDayReason, reasons, REASON_KEYS, ("count",))


def recount(
    *,
    checkin_model: Any,
    day_model: Any,
    reason_model: Any,
    week_model: Any = None,
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
    weeks = week_model.objects.all() if week_model is not None else None
    if weeks is not None and organisation_ids is not None:
        weeks = weeks.filter(organisation_id__in=ids)
    days.delete()
    reasons.delete()
    if weeks is not None:
        weeks.delete()
    per_score = {name: Count("id", filter=Q(score=int(name[-1]))) for name in SCORE_FIELDS}
    rows = raw.values("organisation_id", "team_id", "date").annotate(responses=Count("id"), **per_score).order_by()
    created = day_model.objects.bulk_create((day_model(**row) for row in rows.iterator()), batch_size=2000)
    if week_model is not None:
        by_week: dict[tuple, Counter[str]] = {}
        for day in created:
            totals = by_week.setdefault((day.organisation_id, day.team_id, monday(day.date)), Counter())
            totals.update({name: getattr(day, name) for name in DAY_COUNTS})
        week_model.objects.bulk_create(
            (week_model(organisation_id=o, team_id=t, week=w, **totals) for (o, t, w), totals in by_week.items()),
            batch_size=2000,
        )
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
        week_model=CheckInWeek,
        organisation_ids=None if organisation is None else [organisation.pk],
    )


def fold_team_into_no_team(*, team: Team) -> None:
    """A deleted team's check-ins keep their answers with no team (`CheckIn.team` is SET_NULL);
    move its aggregates to the no-team rows the same way before the cascade deletes them."""
    days = list(CheckInDay.objects.filter(team=team).values(*DAY_KEYS, *DAY_COUNTS))
    weeks = list(CheckInWeek.objects.filter(team=team).values(*WEEK_KEYS, *DAY_COUNTS))
    reasons = list(CheckInDayReason.objects.filter(team=team).values(*REASON_KEYS, "count"))
    for row in days + weeks + reasons:
        row["team_id"] = None
    _bump(CheckInDay, days, DAY_KEYS, DAY_COUNTS)
    _bump(CheckInWeek, weeks, WEEK_KEYS, DAY_COUNTS)
    _bump(CheckInDayReason, reasons, REASON_KEYS, ("count",))
    for model in (CheckInDay, CheckInWeek, CheckInDayReason):
        model.objects.filter(team=team).delete()
