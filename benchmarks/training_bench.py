"""Benchmark training at issue 16's scale: 100,000 staff and 300,000 training records in one ICS.

Times, with SQL query counts (medians of warm requests by a QI lead):
- the capability dashboard of the largest trust (half the ICS's staff and records; target 300 ms);
- the ICS side-by-side view (every organisation);
- a 50,000-row completion import: reading and checking the file (preview), then confirming it in
  one transaction (target: both together 15 s).

Usage: python benchmarks/training_bench.py [--staff 100000] [--records 300000] [--import-rows 50000]
           [--database-url postgres://postgres@127.0.0.1:5432/DB]   (default: a throwaway SQLite file)
A PostgreSQL database given here is emptied first.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from _setup import prepare_database, start_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=300_000)
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    start_django(name="training", database_url=args.database_url)
    prepare_database(table="training_trainingrecord")

    from allauth.mfa.models import Authenticator
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openqi.accounts.models import User
    from openqi.factories import OrganisationFactory, UserFactory
    from openqi.organisations.models import Membership, Role, Team
    from openqi.projects.models import Project, ProjectMember, ProjectRole
    from openqi.training import importing, services
    from openqi.training.models import RecordSource, TrainingRecord

    t0 = time.perf_counter()
    big = OrganisationFactory(slug="big-trust")
    organisations = [big, *(OrganisationFactory(system=big.system) for _ in range(3))]
    levels = {level.name: level for level in services.levels_ensure(system=big.system)}
    lead = UserFactory(email="lead@big.example")
    Membership.objects.create(user=lead, organisation=big, role=Role.LEAD)
    Authenticator.objects.create(user=lead, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    courses = [
        services.course_create(
            actor=lead,
            organisation=big,
            level=levels[name],
            title=title,
            summary="A course.",
            format="in_person",
            length="1 day",
        )
        for name, title in (
            ("Awareness", "QI Awareness"),
            ("Foundation", "Introduction to Quality Improvement"),
            ("Leader", "QI Leaders"),
            ("Coach", "Coaching for Improvement"),
        )
    ]
    teams = {
        org.pk: Team.objects.bulk_create(Team(organisation=org, name=f"Team {n}") for n in range(50))
        for org in organisations
    }

    def org_of(i: int) -> Any:  # the big trust has half the staff
        return big if i % 2 == 0 else organisations[1 + (i // 2) % 3]

    User.objects.bulk_create(
        (
            User(email=f"staff{i}@ics.example", full_name=f"Staff {i}", password="!")  # noqa: S106  (unusable)
            for i in range(args.staff)
        ),
        batch_size=5000,
    )
    user_ids = dict(User.objects.filter(email__startswith="staff").values_list("email", "pk"))
    ids = [user_ids[f"staff{i}@ics.example"] for i in range(args.staff)]
    Membership.objects.bulk_create(
        (
            Membership(user_id=ids[i], organisation=org_of(i), role=Role.STAFF, team=teams[org_of(i).pk][i % 50])
            for i in range(args.staff)
        ),
        batch_size=5000,
    )
    start = datetime.date(2023, 1, 1)
    # Three courses per person at most: record i is person i % staff on course i // staff.
    TrainingRecord.objects.bulk_create(
        (
            TrainingRecord(
                organisation=org_of(i % args.staff),
                user_id=ids[i % args.staff],
                team=teams[org_of(i % args.staff).pk][(i % args.staff) % 50],
                course=courses[(i // args.staff) % 3],
                level=courses[(i // args.staff) % 3].level,
                completed_on=start + datetime.timedelta(days=i % 1000),
                source=RecordSource.IMPORT,
                certificate_code=f"B{i:011d}",
            )
            for i in range(args.records)
        ),
        batch_size=5000,
    )
    projects = Project.objects.bulk_create(
        Project(organisation=big, title=f"Project {n}", problem="A problem.") for n in range(2000)
    )
    ProjectMember.objects.bulk_create(
        ProjectMember(project=p, organisation=big, user_id=ids[2 * n], role=ProjectRole.LEAD)
        for n, p in enumerate(projects)
    )
    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum keeps them on a live database; straight after a bulk
        # load PostgreSQL would plan the dashboard's grouped counts from empty-table estimates.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"seeded {Membership.objects.count()} staff, {TrainingRecord.objects.count()} training records, "
        f"{len(projects)} projects in {time.perf_counter() - t0:.1f} s ({connection.vendor})"
    )

    client = Client()
    client.force_login(lead)

    def timed(call: Callable[[], Any], runs: int) -> tuple[float, int]:
        times, queries = [], 0
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                t = time.perf_counter()
                response = call()
                times.append(time.perf_counter() - t)
            if response.status_code != 200:
                raise SystemExit(f"unexpected status {response.status_code}")
            queries = len(captured)
        return statistics.median(times) * 1000, queries

    client.get(f"/o/{big.slug}/training/capability/")  # warm up
    ms, q = timed(lambda: client.get(f"/o/{big.slug}/training/capability/"), 5)
    print(
        f"capability dashboard ({args.staff // 2} staff, {args.records // 2} records): {ms:.1f} ms median, "
        f"{q} queries (target 300 ms)"
    )
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/o/{big.slug}/training/capability/")
    slowest = sorted(captured.captured_queries, key=lambda c: -float(c["time"]))[:3]
    for query in slowest:
        print(f"  {float(query['time']) * 1000:.0f} ms: {query['sql'][:140]}")
    ms, q = timed(lambda: client.get(f"/o/{big.slug}/training/capability/ics/"), 5)
    print(f"ICS side by side ({args.staff} staff, {args.records} records): {ms:.1f} ms median, {q} queries")

    rows = min(args.import_rows, args.staff // 2)
    lines = ["email,course,completed_on"] + [
        f"staff{2 * i}@ics.example,Coaching for Improvement,{(start + datetime.timedelta(days=i % 900)).isoformat()}"
        for i in range(rows)
    ]
    content = ("\n".join(lines) + "\n").encode()
    t, c = time.perf_counter(), time.process_time()
    pending = importing.import_prepare(actor=lead, organisation=big, filename="esr.csv", content=content)
    prepare_s, prepare_cpu = time.perf_counter() - t, time.process_time() - c
    if pending.errors:
        raise SystemExit(f"import errors: {pending.errors[:3]}")
    t, c = time.perf_counter(), time.process_time()
    created = importing.import_confirm(actor=lead, pending=pending)
    confirm_s, confirm_cpu = time.perf_counter() - t, time.process_time() - c
    # CPU seconds of this process too: on a shared machine wall time stretches with the load, CPU
    # time barely does (with SQLite the whole database work is in this process).
    print(
        f"completion import of {rows} rows: preview {prepare_s:.1f} s + confirm {confirm_s:.1f} s = "
        f"{prepare_s + confirm_s:.1f} s wall ({prepare_cpu + confirm_cpu:.1f} s CPU), {created} records added "
        f"(target 15 s); load average {os.getloadavg()[0]:.1f}"
    )
    again = importing.import_prepare(actor=lead, organisation=big, filename="esr.csv", content=content)
    print(f"the same file again adds {importing.import_confirm(actor=lead, pending=again)} records")


if __name__ == "__main__":
    main()
