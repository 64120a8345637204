"""The ICS's leader threshold becomes a setting of its levels, not the name "Leader"; the records'
date index also holds the level, so completions per quarter and level are read from it alone."""

from typing import Any

from django.db import migrations, models


def mark_leader_levels(apps: Any, schema_editor: Any) -> None:
    """Until now the leader threshold was the level named "Leader": keep it so."""
    apps.get_model("training", "Level").objects.filter(name="Leader").update(leader=True)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="level",
            name="leader",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_leader_levels, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="trainingrecord",
            name="training_record_org_date",
        ),
        migrations.AddIndex(
            model_name="trainingrecord",
            index=models.Index(fields=["organisation", "completed_on", "level"], name="training_record_org_date"),
        ),
    ]
