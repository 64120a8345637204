"""Benchmark check-ins at ICS scale on PostgreSQL.

Seeds an ICS of `--staff` people in `--organisations` trusts (wards of `--team-size` staff, twenty
wards to a directorate) with `--days` of check-ins at a daily response rate of `--rate`, in SQL
(`INSERT … SELECT generate_series`, then the daily and weekly aggregates by `GROUP BY`), and times:

- submission throughput: `--clients` processes, each with its own database connection, calling
  the real submission service (`checkin_submit`: marker, check-in, aggregates, one transaction)
  for `--seconds`, each as a different person (the service reads only the user's id);
- a team's weekly view (24 weeks, suppression, p chart): the selector and the whole page through
  Django's test Client as a QI lead;
- the organisation overview across every team: the selector and the page;
- the first reader's cost, who publishes the complete weeks' decisions (`openqi.checkins.decisions`);
- database size (`pg_total_relation_size`) per million check-ins.

100,000 staff x 365 days x 25% = 9.1 million check-ins; 5% gives 1.8 million.

Usage: python benchmarks/checkins_bench.py --database-url postgres://postgres@127.0.0.1:5432/wtvoice_bench
           [--staff 100000] [--days 365] [--rate 0.25] [--organisations 4] [--clients 4] [--seconds 20]
           [--reuse]   (keep the seeded data of an earlier run instead of emptying the database)
The database is emptied first unless --reuse is given.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

WARDS_PER_DIRECTORATE = 20


def _seed(args: argparse.Namespace) -> None:
    from django.db import connection

    from openqi.checkins.models import DEFAULT_REASONS
    from openqi.organisations.models import Organisation, System, Team

    system = System.objects.create(name="Bench ICS", slug="bench-ics")
    per_org = args.staff // args.organisations
    wards_per_org = max(1, per_org // args.team_size)
    started = time.perf_counter()
    for o in range(args.organisations):
        org = Organisation.objects.create(system=system, name=f"Bench Trust {o + 1}", slug=f"bench-{o + 1}")
        directorates = Team.objects.bulk_create(
            Team(organisation=org, name=f"Directorate {d + 1}")
            for d in range((wards_per_org + WARDS_PER_DIRECTORATE - 1) // WARDS_PER_DIRECTORATE)
        )
        Team.objects.bulk_create(
            (
                Team(organisation=org, parent=directorates[w // WARDS_PER_DIRECTORATE], name=f"Ward {w + 1}")
                for w in range(wards_per_org)
            ),
            batch_size=2000,
        )
    reasons = "ARRAY[" + ",".join(f"'{r}'" for r in DEFAULT_REASONS) + "]"
    # Per ward and day, a count whose mean is team_size x rate: floor(U x (2 mu + 1)).
    mean = args.team_size * args.rate
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute(
            """
            INSERT INTO checkins_checkin (id, organisation_id, team_id, date, score, reasons, comment, hidden)
            SELECT gen_random_uuid(), w.organisation_id, w.id, d.day,
                   CASE WHEN s < 0.25 THEN 5 WHEN s < 0.62 THEN 4 WHEN s < 0.8 THEN 3 WHEN s < 0.92 THEN 2 ELSE 1 END,
                   CASE floor(r * 4) WHEN 0 THEN '[]'::jsonb
                        WHEN 3 THEN jsonb_build_array(({reasons})[1 + floor(r * 7)::int],
                                                      ({reasons})[1 + floor(s * 7)::int])
                        ELSE jsonb_build_array(({reasons})[1 + floor(s * 7)::int]) END,
                   CASE WHEN r < 0.03 THEN 'More staff on the late shift' ELSE '' END,
                   false
            FROM organisations_team w
            JOIN organisations_organisation o ON o.id = w.organisation_id AND o.slug LIKE 'bench-%%'
            CROSS JOIN LATERAL (SELECT current_date - g AS day FROM generate_series(1, %s) g) d
            -- w.id and d.day make the count volatile per ward-day (else it is drawn once)
            CROSS JOIN LATERAL generate_series(1, floor(random() * (2 * %s + 1) + 0 * w.id + 0 * (d.day - d.day))::int) n
            CROSS JOIN LATERAL (SELECT random() AS s, random() AS r, n) x
            WHERE w.parent_id IS NOT NULL
            """.replace("{reasons}", reasons),  # a constant list, not input
            [args.days, mean],
        )
        print(f"seeded {cursor.rowcount:,} check-ins in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO checkins_checkinday (organisation_id, team_id, date, responses,
                                             score_1, score_2, score_3, score_4, score_5)
            SELECT organisation_id, team_id, date, count(*),
                   count(*) FILTER (WHERE score = 1), count(*) FILTER (WHERE score = 2),
                   count(*) FILTER (WHERE score = 3), count(*) FILTER (WHERE score = 4),
                   count(*) FILTER (WHERE score = 5)
            FROM checkins_checkin GROUP BY organisation_id, team_id, date
            """
        )
        days = cursor.rowcount
        cursor.execute(
            """
            INSERT INTO checkins_checkinweek (organisation_id, team_id, week, responses,
                                              score_1, score_2, score_3, score_4, score_5)
            SELECT organisation_id, team_id, date_trunc('week', date)::date, sum(responses),
                   sum(score_1), sum(score_2), sum(score_3), sum(score_4), sum(score_5)
            FROM checkins_checkinday GROUP BY organisation_id, team_id, date_trunc('week', date)
            """
        )
        cursor.execute(
            """
            INSERT INTO checkins_checkinweekreason (organisation_id, team_id, week, reason, count)
            SELECT organisation_id, team_id, date_trunc('week', date)::date, reason, count(*)
            FROM checkins_checkin, jsonb_array_elements_text(reasons) AS reason
            GROUP BY organisation_id, team_id, date_trunc('week', date), reason
            """
        )
        print(
            f"aggregates: {days:,} team-days, {cursor.rowcount:,} reason-weeks in {time.perf_counter() - started:.0f} s"
        )
        cursor.execute("VACUUM ANALYZE")


def _submitter(seconds: float, first_user_id: int, queue: Any, barrier: Any) -> None:
    """One client: its own connection, the real service, a new person each time."""
    import django
    from django.db import connection

    django.setup()
    from openqi.accounts.models import User
    from openqi.checkins.models import DEFAULT_REASONS
    from openqi.checkins.services import checkin_submit
    from openqi.organisations.models import Organisation, Team

    rng = random.Random(first_user_id)
    organisations = list(Organisation.objects.filter(slug__startswith="bench-"))
    wards = {o.pk: list(Team.objects.filter(organisation=o, parent__isnull=False)) for o in organisations}
    done = 0
    barrier.wait()  # every client set up: the clock starts now
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        org = rng.choice(organisations)
        checkin_submit(
            user=User(pk=first_user_id + done),
            organisation=org,
            team=rng.choice(wards[org.pk]),
            score=rng.randint(1, 5),
            reasons=rng.sample(DEFAULT_REASONS, rng.choice([0, 1, 1, 2])),
            comment="A comment about the shift" if rng.random() < 0.05 else "",
        )
        done += 1
    connection.close()
    queue.put(done)


def _throughput(args: argparse.Namespace) -> None:
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    barrier = context.Barrier(args.clients + 1)
    base = int(time.time()) * 1000  # fresh people on every run, so today's markers never collide
    processes = [
        context.Process(target=_submitter, args=(args.seconds, base + 10_000_000 * (i + 1), queue, barrier))
        for i in range(args.clients)
    ]
    for process in processes:
        process.start()
    barrier.wait()
    started = time.perf_counter()
    counts = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    print(
        f"submission throughput ({args.clients} processes, real service, {args.seconds:.0f} s): "
        f"{sum(counts):,} check-ins, {sum(counts) / elapsed:.0f} per second"
    )


def _timed(label: str, func: Callable[[], object], repeat: int) -> None:
    func()  # warm caches and connections
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(1000 * (time.perf_counter() - start))
    print(f"{label}: median {statistics.median(times):.0f} ms, best {min(times):.0f} ms, worst {max(times):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/wtvoice_bench")
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--rate", type=float, default=0.25, help="daily response rate (0.25: ~9M a year)")
    parser.add_argument("--organisations", type=int, default=4)
    parser.add_argument("--team-size", type=int, default=25)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("This benchmark needs PostgreSQL (--database-url postgres://…).")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openqi.test_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import resolve

    resolve("/")  # load every view now, not part-way through a long run

    from openqi.accounts.models import User
    from openqi.checkins.selectors import checkin_organisation_overview, checkin_team_report
    from openqi.organisations.models import Membership, Organisation, Team

    if not args.reuse and "checkins_checkin" in connection.introspection.table_names():
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    if not args.reuse:
        _seed(args)

    org = Organisation.objects.filter(slug__startswith="bench-").order_by("slug").first()
    if org is None:
        raise SystemExit("No seeded data: run without --reuse first.")
    ward = Team.objects.filter(organisation=org, parent__isnull=False).order_by("pk").first()
    directorate = Team.objects.filter(organisation=org, parent__isnull=True).order_by("pk").first()
    if ward is None or directorate is None:
        raise SystemExit("The seeded organisation has no teams.")
    teams = Team.objects.filter(organisation=org).count()
    lead = User.objects.filter(email="bench-lead@example.nhs.uk").first() or User.objects.create_user(
        "bench-lead@example.nhs.uk", "bench-password-123", full_name="Bench Lead"
    )
    Membership.objects.get_or_create(user=lead, organisation=org, defaults={"role": "lead"})
    client = Client()
    client.force_login(lead)

    def page(url: str) -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")

    print(f"organisation timed: {org.name}, {teams:,} teams")
    from openqi.checkins.decisions import decisions_forget

    decisions_forget(organisation_id=org.pk)
    start = time.perf_counter()
    checkin_team_report(organisation=org, team=ward)
    print(f"first reader, one ward, publishing 24 weeks' decisions: {1000 * (time.perf_counter() - start):.0f} ms")
    _timed(
        "team weekly view, selector (one ward)", lambda: checkin_team_report(organisation=org, team=ward), args.repeat
    )
    _timed(
        f"team weekly view, selector (a directorate of {WARDS_PER_DIRECTORATE} wards)",
        lambda: checkin_team_report(organisation=org, team=directorate),
        args.repeat,
    )
    _timed("team weekly view, page", lambda: page(f"/o/{org.slug}/check-ins/teams/{ward.pk}/"), args.repeat)
    _timed("organisation overview, selector", lambda: checkin_organisation_overview(organisation=org), args.repeat)
    _timed("organisation overview, page", lambda: page(f"/o/{org.slug}/check-ins/"), args.repeat)
    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute(
            "SELECT team_id, count(*), count(*) FILTER (WHERE score >= 4) FROM checkins_checkin "
            "WHERE organisation_id = %s AND date >= current_date - 35 GROUP BY team_id",
            [org.pk],
        )
        cursor.fetchall()
        print(f"for comparison, the overview's sums from raw rows: {1000 * (time.perf_counter() - start):.0f} ms")

    _throughput(args)

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM checkins_checkin")
        rows = cursor.fetchone()[0]
        sizes = {}
        tables = ("checkin", "checkinday", "checkinweek", "checkinweekreason", "checkinmarker")
        for table in (f"checkins_{name}" for name in tables):
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            sizes[table] = cursor.fetchone()[0]
    millions = rows / 1_000_000
    print(f"check-ins stored: {rows:,}")
    for table, size in sizes.items():
        print(f"  {table}: {size / 2**20:,.0f} MiB ({size / 2**20 / millions:,.1f} MiB per million check-ins)")
    total = sum(sizes.values())
    print(f"total: {total / 2**20:,.0f} MiB, {total / 2**20 / millions:,.1f} MiB per million check-ins")


if __name__ == "__main__":
    main()
