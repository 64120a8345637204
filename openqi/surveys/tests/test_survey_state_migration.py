"""The migration that makes new surveys drafts keeps every survey that existed before it opened."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("surveys", "0005_survey_archived_at")]
AFTER = [("surveys", "0006_survey_state_draft_until_opened")]


@pytest.mark.django_db(transaction=True)
def test_surveys_that_existed_before_drafts_stay_open(personas: Any) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    today = datetime.date.today()
    survey = old.get_model("surveys", "Survey").objects.create(
        organisation_id=personas.org_a.pk, title="Live", opens_on=today, closes_on=today
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    assert new.get_model("surveys", "Survey").objects.get(pk=survey.pk).state == "opened"
    created = new.get_model("surveys", "Survey").objects.create(
        organisation_id=personas.org_a.pk, title="New", opens_on=today, closes_on=today
    )
    assert created.state == "draft"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
