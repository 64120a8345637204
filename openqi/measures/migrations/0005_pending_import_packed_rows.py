"""Pending imports hold their rows packed (compressed compact JSON) with counts and a preview
beside them, instead of one JSON object per row read by every page (issue 13)."""

import json
import zlib

from django.db import migrations, models

PREVIEW_ROWS = 200
ERRORS_KEPT = 200


def pack(apps, schema_editor):  # type: ignore[no-untyped-def]
    PendingImport = apps.get_model("measures", "PendingImport")
    for pending in PendingImport.objects.all().iterator(chunk_size=20):
        rows = pending.rows or []
        held = [
            [
                r["measure_id"],
                r["period"],
                r.get("value"),
                r.get("numerator"),
                r.get("denominator"),
                r.get("comment", ""),
                r.get("observations") or [],
            ]
            for r in rows
        ]
        # A confirmed import's values are in its data points: nothing more to hold.
        keep = held and pending.status not in ("confirmed", "cancelled")
        pending.packed_rows = zlib.compress(json.dumps(held, separators=(",", ":")).encode(), 1) if keep else b""
        pending.row_count = len(rows)
        pending.preview = rows[:PREVIEW_ROWS]
        errors = pending.errors or []
        pending.error_count = len(errors)
        pending.errors = errors[:ERRORS_KEPT]
        pending.save(update_fields=["packed_rows", "row_count", "preview", "errors", "error_count"])


def unpack(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Back to one JSON object per row (the line numbers beyond the preview are not kept)."""
    PendingImport = apps.get_model("measures", "PendingImport")
    for pending in PendingImport.objects.all().iterator(chunk_size=20):
        packed = bytes(pending.packed_rows or b"")
        held = json.loads(zlib.decompress(packed)) if packed else []
        names = {r["measure_id"]: r.get("measure_name", "") for r in pending.preview or []}
        pending.rows = [
            {
                "line": index + 2,
                "measure_id": measure_id,
                "measure_name": names.get(measure_id, ""),
                "period": period,
                "value": value,
                "numerator": numerator,
                "denominator": denominator,
                "comment": comment,
                **({"observations": observations} if observations else {}),
            }
            for index, (measure_id, period, value, numerator, denominator, comment, observations) in enumerate(held)
        ]
        pending.save(update_fields=["rows"])


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0004_import_in_background"),
    ]

    operations = [
        migrations.AddField(
            model_name="pendingimport",
            name="packed_rows",
            field=models.BinaryField(default=bytes, editable=False),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="row_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="preview",
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="error_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(pack, unpack),
        migrations.RemoveField(
            model_name="pendingimport",
            name="rows",
        ),
    ]
