"""The daily aggregates always equal a recount of the raw check-ins."""

import random
import threading
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.utils import timezone

from openqi.checkins import services
from openqi.checkins.aggregates import SCORE_FIELDS, checkin_days_rebuild
from openqi.checkins.models import DEFAULT_REASONS, CheckIn, CheckInDay, CheckInWeek, CheckInWeekReason
from openqi.checkins.tests.helpers import add_checkins
from openqi.factories import MembershipFactory, TeamFactory
from openqi.organisations.models import Role

pytestmark = pytest.mark.django_db


def _aggregates() -> tuple[set[tuple], set[tuple], set[tuple]]:
    days = {
        (d.organisation_id, d.team_id, d.date, d.responses, *(getattr(d, f) for f in SCORE_FIELDS))
        for d in CheckInDay.objects.all()
    }
    weeks = {
        (w.organisation_id, w.team_id, w.week, w.responses, *(getattr(w, f) for f in SCORE_FIELDS))
        for w in CheckInWeek.objects.all()
    }
    reasons = {(r.organisation_id, r.team_id, r.week, r.reason, r.count) for r in CheckInWeekReason.objects.all()}
    return days, reasons, weeks


def _recounted() -> tuple[set[tuple], set[tuple], set[tuple]]:
    checkin_days_rebuild()
    return _aggregates()


def test_random_submissions_leave_aggregates_equal_to_a_recount(personas: Any) -> None:
    rng = random.Random(11)
    teams = [personas.member.team, TeamFactory(organisation=personas.org_a, name="Ward 2"), None]
    for n in range(60):
        team = rng.choice(teams)
        user = MembershipFactory(organisation=rng.choice([personas.org_a, personas.org_b]), role=Role.STAFF).user
        organisation = user.memberships.get().organisation
        services.checkin_submit(
            user=user,
            organisation=organisation,
            team=team if organisation == personas.org_a else None,
            score=rng.randint(1, 5),
            reasons=rng.sample(DEFAULT_REASONS, rng.choice([0, 1, 2, 3])),
            comment=rng.choice(["", "A comment"]),
        )
        if n % 7 == 0:
            device, _ = services.kiosk_create(
                actor=personas.lead.user, organisation=personas.org_a, team=personas.member.team, name=f"Kiosk {n}"
            )
            services.checkin_submit_kiosk(device=device, score=rng.randint(1, 5))
    live = _aggregates()
    assert sum(row[3] for row in live[0]) == sum(row[3] for row in live[2]) == CheckIn.objects.count() == 69
    assert live == _recounted()


def test_a_refused_check_in_counts_nothing(personas: Any) -> None:
    services.checkin_submit(
        user=personas.member.user, organisation=personas.org_a, team=None, score=4, reasons=["Workload"]
    )
    with pytest.raises(services.ValidationError):
        services.checkin_submit(
            user=personas.member.user, organisation=personas.org_a, team=None, score=2, reasons=["Staffing"]
        )
    day = CheckInDay.objects.get()
    assert (day.responses, day.score_4, day.score_2) == (1, 1, 0)
    assert list(CheckInWeekReason.objects.values_list("reason", "count")) == [("Workload", 1)]


def test_hiding_a_comment_or_purging_markers_leaves_the_counts_alone(personas: Any) -> None:
    checkin = add_checkins(personas.org_a, personas.member.team, 12, comment="Rude words", reasons=["Staffing"])[0]
    before = _aggregates()
    services.checkin_comment_hide(actor=personas.lead.user, organisation=personas.org_a, checkin=checkin)
    services.checkin_purge(today=timezone.localdate() + timezone.timedelta(days=2))
    assert _aggregates() == before == _recounted()


def test_a_deleted_teams_counts_move_to_no_team_like_its_check_ins(personas: Any) -> None:
    gone = TeamFactory(organisation=personas.org_a, name="Closed ward")
    add_checkins(personas.org_a, gone, 5, reasons=["Learning"])
    add_checkins(personas.org_a, None, 3, reasons=["Learning"])
    gone.delete()
    assert CheckIn.objects.filter(team=None).count() == 8
    day = CheckInDay.objects.get()
    assert (day.team_id, day.responses) == (None, 8)
    assert (CheckInWeek.objects.get().team_id, CheckInWeek.objects.get().responses) == (None, 8)
    assert _aggregates() == _recounted()


def test_the_data_migration_backfills_from_existing_rows(personas: Any) -> None:
    CheckIn.objects.bulk_create(
        CheckIn(organisation=personas.org_a, team=personas.member.team, date=timezone.localdate(), score=s, reasons=r)
        for s, r in [(5, ["Staffing"]), (4, []), (1, ["Staffing", "Workload"])]
    )
    assert not CheckInDay.objects.exists()
    migration = import_module("openqi.checkins.migrations.0003_backfill_checkin_aggregates")
    migration.backfill(django_apps, connection.schema_editor())
    day = CheckInDay.objects.get()
    assert (day.responses, day.score_5, day.score_4, day.score_1) == (3, 1, 1, 1)
    assert CheckInWeek.objects.get().responses == 3
    assert dict(CheckInWeekReason.objects.values_list("reason", "count")) == {"Staffing": 2, "Workload": 1}
    assert _aggregates() == _recounted()


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_to_one_team_lose_no_count(personas: Any) -> None:
    """Eight threads, each with its own connection, increment the same new day row at once."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("threads cannot share SQLite's in-memory test database")
    users = [MembershipFactory(organisation=personas.org_a, role=Role.STAFF).user for _ in range(8)]
    start = threading.Barrier(len(users))
    errors: list[BaseException] = []

    def answer(user: Any) -> None:
        try:
            start.wait()
            services.checkin_submit(
                user=user, organisation=personas.org_a, team=personas.member.team, score=3, reasons=["Equipment"]
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    day = CheckInDay.objects.get()
    assert (day.responses, day.score_3) == (8, 8)
    assert CheckInWeek.objects.get().responses == 8
    assert CheckInWeekReason.objects.get().count == 8


def test_aggregates_hold_counts_only_never_identity_or_comments() -> None:
    for model in (CheckInDay, CheckInWeek, CheckInWeekReason):
        names = {f.name for f in model._meta.get_fields()}
        assert not names & {"user", "user_id", "created_at", "comment", "ip", "user_agent", "checkin"}
        assert names <= {"id", "organisation", "team", "date", "week", "reason", "count", "responses", *SCORE_FIELDS}
