"""Surveys become drafts until a lead opens them. Every survey that exists already was live the
moment it was created, so it is marked opened: open surveys stay open, scheduled ones still open
on their date."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_survey_archived_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="state",
            field=models.CharField(choices=[("draft", "Draft"), ("opened", "Opened")], default="opened", max_length=10),
        ),
        migrations.AlterField(
            model_name="survey",
            name="state",
            field=models.CharField(choices=[("draft", "Draft"), ("opened", "Opened")], default="draft", max_length=10),
        ),
    ]
