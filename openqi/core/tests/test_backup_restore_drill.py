"""The restore drill: back up a small database, restore it into a fresh one, and prove it holds
the same rows and that the app can read them. Runs on the suite's engine (SQLite or PostgreSQL)."""

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from openqi.checkins.models import CheckIn
from openqi.checkins.services import checkin_submit
from openqi.conftest import Personas
from openqi.core.backup import backup_engine, manifest_path, restore_check, table_fingerprints
from openqi.ideas.models import Idea
from openqi.ideas.services import idea_submit
from openqi.measures.models import DataPoint, Measure
from openqi.organisations.models import Membership

pytestmark = pytest.mark.django_db(transaction=True)

KEY_TABLES = (
    "accounts_user",
    "organisations_membership",
    "ideas_idea",
    "checkins_checkin",
    "checkins_checkinday",
    "measures_datapoint",
    "audit_auditevent",
)


@pytest.fixture
def small_database(personas: Personas) -> Personas:
    org = personas.org_a
    idea_submit(
        actor=personas.member.user, organisation=org, title="Restore me", problem="P", suggestion="S", identity="named"
    )
    checkin_submit(user=personas.member.user, organisation=org, team=personas.member.team, score=5, reasons=[])
    measure = Measure.objects.create(
        organisation=org,
        name="Falls",
        measure_type="outcome",
        frequency="weekly",
        chart_type="i",
        improvement="decrease",
    )
    DataPoint.objects.create(measure=measure, organisation=org, period=datetime.date(2026, 1, 5), value=4.5)
    return personas


def _live_fingerprints() -> dict[str, Any]:
    with connection.cursor() as cursor:
        return table_fingerprints(cursor, connection.vendor)


def test_a_backup_restores_into_a_fresh_database_with_every_row_and_the_app_can_read_it(
    small_database: Personas, tmp_path: Path
) -> None:
    backup = tmp_path / "openqi.backup"
    call_command("backup", output=str(backup))
    assert backup_engine(backup) == connection.vendor
    assert oct(backup.stat().st_mode & 0o777) == "0o600"

    manifest = json.loads(manifest_path(backup).read_text())
    live = _live_fingerprints()
    for table in KEY_TABLES:
        assert manifest["tables"][table]["rows"] > 0, table
    assert manifest["tables"] == live  # the manifest describes the database as it was

    seen: dict[str, Any] = {}

    def read_as_the_app(alias: str) -> None:
        seen["idea"] = Idea.objects.using(alias).get(title="Restore me").submitted_by_id
        seen["checkins"] = CheckIn.objects.using(alias).count()
        seen["value"] = DataPoint.objects.using(alias).get().value
        seen["members"] = Membership.objects.using(alias).count()

    report = restore_check(backup=backup, verify=read_as_the_app)
    assert report.problems == [] and report.pending_migrations == []
    assert report.tables == len(live) and report.models_read > 40
    assert seen == {
        "idea": small_database.member.user.pk,
        "checkins": 1,
        "value": 4.5,
        "members": Membership.objects.count(),
    }


def test_restore_check_fails_when_the_backup_does_not_match_its_manifest(
    small_database: Personas, tmp_path: Path
) -> None:
    backup = tmp_path / "openqi.backup"
    call_command("backup", output=str(backup))
    call_command("restore_check", str(backup))  # passes as written

    manifest = json.loads(manifest_path(backup).read_text())
    manifest["tables"]["ideas_idea"]["rows"] += 1
    manifest_path(backup).write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="did not restore cleanly"):
        call_command("restore_check", str(backup))
    report = restore_check(backup=backup)
    assert report.problems == ["ideas_idea: 1 rows restored, 2 backed up"]


def test_restore_check_refuses_a_file_that_is_not_a_backup(db: Any, tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    with pytest.raises(CommandError, match="neither a SQLite database nor a pg_dump"):
        call_command("restore_check", str(junk))
