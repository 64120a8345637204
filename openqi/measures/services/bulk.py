"""Set-based writes of many data points: one statement per few thousand values, no model instances.

An import of 50,000 values built 50,000 `DataPoint` objects and had Django prepare half a million
field values, then read the existing points to choose between insert and update: most of a
minute. Here each value becomes a plain tuple of database values and is written by an upsert on
the unique (measure, period) pair — `INSERT … ON CONFLICT (measure_id, period) DO UPDATE`, which
SQLite (3.24+) and PostgreSQL both understand — sent in chunks of 5,000. It runs inside
the caller's transaction, so an import still writes all its values or none. No signals are sent
(bulk_create sent none either).
"""

import datetime
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

from openqi.measures.models import DataPoint

CHUNK = 5000  # values per statement (or executemany): a 50,000-value import is ten

# The columns an upsert writes, and those it changes on a point that already exists (never the
# measure, period or organisation that identify it).
_FIELDS = (
    "measure",
    "organisation",
    "period",
    "value",
    "numerator",
    "denominator",
    "comment",
    "observations",
    "updated_by",
    "updated_at",
)
_CHANGED = ("value", "numerator", "denominator", "comment", "observations", "updated_by", "updated_at")


def _columns() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {field.name: quote(field.column) for field in DataPoint._meta.concrete_fields if field.name in _FIELDS}


def _sql() -> str:
    """The upsert of one value."""
    quote = connection.ops.quote_name
    column = _columns()
    values = "(" + ", ".join(["%s"] * len(_FIELDS)) + ")"
    changes = ", ".join(f"{column[name]} = excluded.{column[name]}" for name in _CHANGED)
    # Only identifiers from the model, quoted by the backend, go into the text; every value is a
    # parameter.
    table = quote(DataPoint._meta.db_table)
    columns = ", ".join(column[name] for name in _FIELDS)
    key = f"{column['measure']}, {column['period']}"
    return f"INSERT INTO {table} ({columns}) VALUES {values} ON CONFLICT ({key}) DO UPDATE SET {changes}"  # noqa: S608


# PostgreSQL: the chunk's columns as arrays, unnested into rows: a statement of ten parameters
# whatever the chunk's size (a statement of 50,000 placeholders cost seconds to bind).
_ARRAY_TYPES = ("bigint", "bigint", "date", "double precision", "double precision", "double precision", "text", "text")


def _unnest_sql() -> str:
    quote = connection.ops.quote_name
    column = _columns()
    arrays = ", ".join(f"%s::{kind}[]" for kind in _ARRAY_TYPES)
    changes = ", ".join(f"{column[name]} = excluded.{column[name]}" for name in _CHANGED)
    table = quote(DataPoint._meta.db_table)
    columns = ", ".join(column[name] for name in _FIELDS)
    key = f"{column['measure']}, {column['period']}"
    return (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608  (identifiers from the model; values are parameters)
        f"SELECT m, o, p, v, n, d, c, x::jsonb, %s, %s FROM unnest({arrays}) AS u(m, o, p, v, n, d, c, x) "
        f"ON CONFLICT ({key}) DO UPDATE SET {changes}"
    )


def _send(cursor: Any, rows: list[tuple[Any, ...]]) -> None:
    """One chunk: SQLite runs a one-row statement per value in process (executemany, in C); to
    PostgreSQL, over the network, one statement carries the whole chunk as column arrays."""
    if connection.vendor == "sqlite":
        cursor.executemany(_sql(), rows)
        return
    columns = [list(column) for column in zip(*rows, strict=True)]
    by, at = rows[0][8], rows[0][9]
    cursor.execute(_unnest_sql(), [by, at, *columns[:8]])  # in the order of their placeholders


def data_points_upsert(
    values: Iterable[tuple[int, int, datetime.date, float | None, float | None, float | None, str, Sequence[float]]],
    *,
    updated_by_id: int | None,
    updated_at: datetime.datetime,
) -> int:
    """Write (measure id, organisation id, period, value, numerator, denominator, comment,
    observations) tuples, creating or replacing each measure's point for the period. The caller has
    checked them (and that no (measure, period) pair comes twice). Returns how many were written."""
    ops = connection.ops
    at = ops.adapt_datetimefield_value(updated_at)
    empty = json.dumps([])  # JSON text, as Django sends a JSONField's value (cast to jsonb on PostgreSQL)
    rows: list[tuple[Any, ...]] = []
    written = 0
    with connection.cursor() as cursor:
        for measure_id, organisation_id, period, value, numerator, denominator, comment, observations in values:
            rows.append(
                (
                    measure_id,
                    organisation_id,
                    ops.adapt_datefield_value(period),
                    value,
                    numerator,
                    denominator,
                    comment,
                    json.dumps(list(observations)) if observations else empty,
                    updated_by_id,
                    at,
                )
            )
            if len(rows) == CHUNK:
                _send(cursor, rows)
                written += len(rows)
                rows = []
        if rows:
            _send(cursor, rows)
            written += len(rows)
    return written
