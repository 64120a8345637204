"""Count existing check-ins into the aggregates (a recount from the raw rows)."""

from typing import Any

from django.db import migrations


def backfill(apps: Any, schema_editor: Any) -> None:
    from openqi.checkins.aggregates import recount

    recount(
        checkin_model=apps.get_model("checkins", "CheckIn"),
        day_model=apps.get_model("checkins", "CheckInDay"),
        week_model=apps.get_model("checkins", "CheckInWeek"),
        reason_model=apps.get_model("checkins", "CheckInWeekReason"),
    )


def empty(apps: Any, schema_editor: Any) -> None:
    for name in ("CheckInDay", "CheckInWeek", "CheckInWeekReason"):
        apps.get_model("checkins", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0002_checkin_aggregates"),
    ]

    operations = [
        migrations.RunPython(backfill, empty),
    ]
