"""Aggregates of check-ins by team: `CheckInDay`, `CheckInWeek` and `CheckInWeekReason`.

Reports read these counts instead of scanning raw rows. They are kept in the same transaction as
each check-in by an atomic upsert (`INSERT … ON CONFLICT … DO UPDATE SET n = n + 1`) that is safe
under concurrency on PostgreSQL and SQLite: the unique constraint serialises the first insert of a
row, and the row lock every later increment. Comments are not aggregated, so hiding one changes
nothing here; purging markers neither. `checkin_days_rebuild` recounts from raw rows (the data
migration, the demo seed, repairs).
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, Q

from openqi.checkins.decisions import decisions_forget
from openqi.checkins.models import CheckIn, CheckInDay, CheckInWeek, CheckInWeekReason
from openqi.organisations.models import Organisation, Team

SCORE_FIELDS = ("score_1", "score_2", "score_3", "score_4", "score_5")
COUNTS = ("responses", *SCORE_FIELDS)
DAY_KEYS = ("organisation_id", "team_id", "date")
WEEK_KEYS = ("organisation_id", "team_id", "week")
REASON_KEYS = (*WEEK_KEYS, "reason")


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


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


def checkin_day_record(checkin: CheckIn) -> None:
    """Count one new check-in. Call inside the transaction that creates it."""
    scores = {"responses": 1, **{name: int(name == f"score_{checkin.score}") for name in SCORE_FIELDS}}
    team = {"organisation_id": checkin.organisation_id, "team_id": checkin.team_id}
    week = monday(checkin.date)
    _bump(CheckInDay, [{**team, "date": checkin.date, **scores}], DAY_KEYS, COUNTS)
    _bump(CheckInWeek, [{**team, "week": week, **scores}], WEEK_KEYS, COUNTS)
    reasons = [{**team, "week": week, "reason": r, "count": 1} for r in dict.fromkeys(checkin.reasons or [])]
    _bump(CheckInWeekReason, reasons, REASON_KEYS, ("count",))
    # A week's published decision read its counts: one that changed is decided again.
    decisions_forget(organisation_id=checkin.organisation_id, week=week)


def recount(
    *,
    checkin_model: Any,
    day_model: Any,
    week_model: Any,
    reason_model: Any,
    organisation_ids: Iterable[int] | None = None,
) -> int:
    """Replace the aggregates of the given organisations (all when None) with a recount of the raw
    rows; returns the number of team-days. Takes the model classes so that the data migration can
    pass its historical models."""
    raw = checkin_model.objects.all()
    existing = [model.objects.all() for model in (day_model, week_model, reason_model)]
    if organisation_ids is not None:
        ids = list(organisation_ids)
        raw = raw.filter(organisation_id__in=ids)
        existing = [qs.filter(organisation_id__in=ids) for qs in existing]
    for queryset in existing:
        queryset.delete()
    per_score = {name: Count("id", filter=Q(score=int(name[-1]))) for name in SCORE_FIELDS}
    rows = raw.values("organisation_id", "team_id", "date").annotate(responses=Count("id"), **per_score).order_by()
    days = day_model.objects.bulk_create((day_model(**row) for row in rows.iterator()), batch_size=2000)
    weeks: dict[tuple, Counter[str]] = {}
    for day in days:
        weeks.setdefault((day.organisation_id, day.team_id, monday(day.date)), Counter()).update(
            {name: getattr(day, name) for name in COUNTS}
        )
    week_model.objects.bulk_create(
        (week_model(organisation_id=o, team_id=t, week=w, **totals) for (o, t, w), totals in weeks.items()),
        batch_size=2000,
    )
    reasons: Counter[tuple[int, int | None, datetime.date, str]] = Counter()
    chosen = raw.exclude(reasons=[]).values_list("organisation_id", "team_id", "date", "reasons")
    for organisation_id, team_id, date, names in chosen.iterator(chunk_size=5000):
        reasons.update((organisation_id, team_id, monday(date), name) for name in names or [])
    reason_model.objects.bulk_create(
        (
            reason_model(organisation_id=o, team_id=t, week=w, reason=name, count=n)
            for (o, t, w, name), n in reasons.items()
        ),
        batch_size=2000,
    )
    return len(days)


@transaction.atomic
def checkin_days_rebuild(*, organisation: Organisation | None = None) -> int:
    """Recount one organisation's aggregates (or every organisation's) from raw rows."""
    decisions_forget(organisation_id=None if organisation is None else organisation.pk)
    return recount(
        checkin_model=CheckIn,
        day_model=CheckInDay,
        week_model=CheckInWeek,
        reason_model=CheckInWeekReason,
        organisation_ids=None if organisation is None else [organisation.pk],
    )


def fold_team_into_no_team(*, team: Team) -> None:
    """A deleted team's check-ins keep their answers with no team (`CheckIn.team` is SET_NULL);
    move its aggregates to the no-team rows the same way before the cascade deletes them."""
    days = list(CheckInDay.objects.filter(team=team).values(*DAY_KEYS, *COUNTS))
    weeks = list(CheckInWeek.objects.filter(team=team).values(*WEEK_KEYS, *COUNTS))
    reasons = list(CheckInWeekReason.objects.filter(team=team).values(*REASON_KEYS, "count"))
    for row in days + weeks + reasons:
        row["team_id"] = None
    _bump(CheckInDay, days, DAY_KEYS, COUNTS)
    _bump(CheckInWeek, weeks, WEEK_KEYS, COUNTS)
    _bump(CheckInWeekReason, reasons, REASON_KEYS, ("count",))
    for model in (CheckInDay, CheckInWeek, CheckInWeekReason):
        model.objects.filter(team=team).delete()
    decisions_forget(organisation_id=team.organisation_id)
