"""Count existing check-ins into the daily aggregates (a recount from the raw rows)."""

from typing import Any

from django.db import migrations


def backfill(apps: Any, schema_editor: Any) -> None:
    from openqi.checkins.aggregates import recount

    recount(
        checkin_model=apps.get_model("checkins", "CheckIn"),
        day_model=apps.get_model("checkins", "CheckInDay"),
        reason_model=apps.get_model("checkins", "CheckInDayReason"),
    )


def empty(apps: Any, schema_editor: Any) -> None:
    apps.get_model("checkins", "CheckInDay").objects.all().delete()
    apps.get_model("checkins", "CheckInDayReason").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0002_checkin_day_aggregates"),
    ]

    operations = [
        migrations.RunPython(backfill, empty),
    ]
