"""Benchmark the leaders' dashboards (issue 14) over a large ICS, with SQL query counts.

Seeds, with bulk_create, ORGANISATIONS organisations each with 24 teams (4 directorates of 5
wards), STAFF staff memberships, IDEAS ideas (with status events), a year of check-ins as the
daily and weekly aggregates every check-in report reads (the raw rows are not read by the
dashboards), PROJECTS projects with two PDSA cycles each, and MEASURES measures, a tenth of
them defined alike in every organisation (peer benchmarking). Then times, as a lead of the first
organisation and as a system admin of the ICS:

- the organisation dashboard (target 300 ms);
- the ICS dashboard (target 600 ms);
- the live poll (one version request).

- the personal home of the same lead (target 100 ms).

Each first request is timed on its own, with the check-in weeks' published decisions removed
beforehand so it publishes them again (the coldest view), then the best and median of several
with the cache cleared before each (the figures computed, not read from the cache), then the
median read from the cache. Wall time and this process's CPU time (Django's share; the
database's own CPU is in its server process) are printed with the SQL query count and the load
average, as the machine is shared.

ICS scale (issue 14): --staff 10000 --ideas 10000 --projects 2000 --measures 2000. Check-ins are
seeded as the daily and weekly aggregates the dashboards read; the raw answers are not read by
any dashboard figure and are not seeded.

Usage: python benchmarks/dashboards_bench.py [--staff 2000] [--ideas 5000] [--projects 500]
           [--measures 200] [--database-url postgres://…] [--reuse] [--repeat 5]
           (default: a throwaway SQLite file; a PostgreSQL database is emptied first unless
           --reuse keeps an earlier run's data)
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import time

from _setup import prepare_database, start_django

ORGANISATIONS = 10


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=2000, help="staff per organisation")
    parser.add_argument("--ideas", type=int, default=5000, help="ideas per organisation")
    parser.add_argument("--projects", type=int, default=500, help="projects per organisation")
    parser.add_argument("--measures", type=int, default=200, help="measures per organisation")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--reuse", action="store_true", help="keep the data of an earlier run (PostgreSQL)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    start_django(name="dashboards", database_url=args.database_url)
    prepare_database(table="ideas_idea", empty=not args.reuse)

    import numpy as np
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Sum
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openqi.accounts.models import User
    from openqi.checkins.models import CheckInDay, CheckInDecision, CheckInWeek
    from openqi.ideas.models import EventKind, Idea, IdeaEvent, Status
    from openqi.measures.models import Measure
    from openqi.organisations.models import Membership, Organisation, System, SystemMembership, Team
    from openqi.projects.models import PdsaCycle, Project

    today = datetime.date.today()

    def seed() -> None:
        rng = np.random.default_rng(14)
        t0 = time.perf_counter()
        system = System.objects.create(name="Bench ICS", slug="bench-ics")
        organisations = [
            Organisation.objects.create(system=system, name=f"Bench Trust {i}", slug=f"bench-{i}")
            for i in range(ORGANISATIONS)
        ]
        wards: dict[int, list[Team]] = {}
        for org in organisations:
            wards[org.pk] = []
            for d in range(4):
                parent = Team.objects.create(organisation=org, name=f"Directorate {d}")
                wards[org.pk] += Team.objects.bulk_create(
                    [Team(organisation=org, parent=parent, name=f"Ward {d}-{w}") for w in range(5)]
                )
        users = User.objects.bulk_create(
            [
                User(email=f"p{o}-{u}@bench.nhs.uk", full_name=f"Person {o}-{u}")
                for o in range(ORGANISATIONS)
                for u in range(args.staff)
            ],
            batch_size=5000,
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    user=users[o * args.staff + u],
                    organisation=organisations[o],
                    role="lead" if u == 0 else "staff",
                    team=wards[organisations[o].pk][u % 20],
                )
                for o in range(ORGANISATIONS)
                for u in range(args.staff)
            ],
            batch_size=5000,
        )
        bench_admin = User.objects.create(email="admin@bench.nhs.uk", full_name="Bench Admin", is_superuser=False)
        SystemMembership.objects.create(user=bench_admin, system=system, role="executive")
        print(f"seeded {ORGANISATIONS} organisations, {len(users)} staff in {time.perf_counter() - t0:.1f} s")

        t0 = time.perf_counter()
        statuses = [s.value for s in Status]
        ideas = []
        for org in organisations:
            status_of = rng.choice(statuses, size=args.ideas)
            age_of = rng.integers(0, 365, size=args.ideas)
            anonymous = rng.random(args.ideas) < 0.2
            for i in range(args.ideas):
                shared = today - datetime.timedelta(days=int(age_of[i]))
                answered = status_of[i] == Status.IMPLEMENTED
                ideas.append(
                    Idea(
                        organisation=org,
                        title=f"Idea {i}",
                        problem="A problem",
                        suggestion="A change",
                        team=wards[org.pk][i % 20],
                        domains=",safe," if i % 3 == 0 else ",timely,",
                        identity="anonymous" if anonymous[i] else "named",
                        submitted_on=shared,
                        follow_up_hash=f"{org.pk:08x}{i:056x}" if anonymous[i] else "",
                        status=str(status_of[i]),
                        public_answer="We did it." if answered else "",
                        answered_on=shared + datetime.timedelta(days=20) if answered else None,
                    )
                )
        Idea.objects.bulk_create(ideas, batch_size=5000)
        events = [
            IdeaEvent(
                idea=idea,
                kind=EventKind.STATUS,
                status=idea.status,
                created_on=idea.submitted_on + datetime.timedelta(days=3),
            )
            for idea in Idea.objects.exclude(status=Status.SUBMITTED).only("pk", "status", "submitted_on")
        ]
        IdeaEvent.objects.bulk_create(events, batch_size=5000)
        print(f"seeded {len(ideas)} ideas and {len(events)} events in {time.perf_counter() - t0:.1f} s")

        t0 = time.perf_counter()
        days, weeks = [], []
        first_monday = today - datetime.timedelta(days=today.weekday() + 52 * 7)
        for org in organisations:
            for team in wards[org.pk]:
                per_day = rng.poisson(max(30, args.staff // 80), size=52 * 7 + today.weekday() + 1)
                for d, n in enumerate(per_day):
                    day = first_monday + datetime.timedelta(days=d)
                    good = int(n * 0.6)
                    days.append(
                        CheckInDay(
                            organisation=org,
                            team=team,
                            date=day,
                            responses=int(n),
                            score_4=good // 2,
                            score_5=good - good // 2,
                            score_3=int(n) - good,
                        )
                    )
                for w in range(0, len(per_day), 7):
                    n = int(per_day[w : w + 7].sum())
                    good = int(n * 0.6)
                    weeks.append(
                        CheckInWeek(
                            organisation=org,
                            team=team,
                            week=first_monday + datetime.timedelta(days=w),
                            responses=n,
                            score_4=good // 2,
                            score_5=good - good // 2,
                            score_3=n - good,
                        )
                    )
        CheckInDay.objects.bulk_create(days, batch_size=5000)
        CheckInWeek.objects.bulk_create(weeks, batch_size=5000)
        print(
            f"seeded {len(days)} daily and {len(weeks)} weekly check-in aggregates in {time.perf_counter() - t0:.1f} s"
        )

        t0 = time.perf_counter()
        projects = []
        stages = ["diagnose", "plan", "test", "implement", "spread", "sustain"]
        for org in organisations:
            for i in range(args.projects):
                projects.append(
                    Project(
                        organisation=org,
                        title=f"Project {i}",
                        problem="A problem",
                        team=wards[org.pk][i % 20],
                        stage=stages[i % 6],
                        progress_score=[None, 1, 2, 3.5, 4][i % 5],
                        domains=["safe"],
                    )
                )
        Project.objects.bulk_create(projects, batch_size=5000)
        cycles = [
            PdsaCycle(
                project=p,
                organisation_id=p.organisation_id,
                number=n,
                objective="Test",
                question="Q",
                prediction="P",
                status="adopted" if n == 1 else "doing",
                act_decision="adopt" if n == 1 else "",
                completed_on=today - datetime.timedelta(days=n * 10),
            )
            for p in Project.objects.only("pk", "organisation_id")
            for n in (1, 2)
        ]
        PdsaCycle.objects.bulk_create(cycles, batch_size=5000)
        measures = []
        icons = ["common_cause", "concern_high", "improvement_low", "concern_low", ""]
        for org in organisations:
            for i in range(args.measures):
                alike = i < args.measures // 10
                measures.append(
                    Measure(
                        organisation=org,
                        name=f"Measure {i}",
                        measure_type="kpi",
                        what_counted=f"Shared definition {i}" if alike else f"{org.slug} definition {i}",
                        unit="%",
                        latest_value=float(rng.normal(50, 10)),
                        latest_period=today,
                        variation_icon=icons[i % 5],
                        assurance_icon=["pass", "fail", "hit_and_miss", ""][i % 4],
                    )
                )
        Measure.objects.bulk_create(measures, batch_size=5000)
        print(
            f"seeded {len(projects)} projects, {len(cycles)} cycles, {len(measures)} measures in {time.perf_counter() - t0:.1f} s"
        )

    if not (args.reuse and System.objects.filter(slug="bench-ics").exists()):
        seed()
    else:
        print("reusing the data of an earlier run")
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum keeps them in production: right after a bulk seed the
        # planner still thinks the tables empty and picks nested loops (seconds instead of ms).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    system = System.objects.get(slug="bench-ics")
    organisations = list(Organisation.objects.filter(system=system).order_by("slug"))
    lead = Membership.objects.get(organisation=organisations[0], role="lead").user
    admin = User.objects.get(email="admin@bench.nhs.uk")
    directorate = Team.objects.filter(organisation=organisations[0], parent__isnull=True).order_by("pk").first()
    print(
        f"scale: {len(organisations)} organisations, {Membership.objects.count()} memberships, "
        f"{Idea.objects.count()} ideas, {IdeaEvent.objects.count()} idea events, "
        f"{CheckInDay.objects.count()} daily and {CheckInWeek.objects.count()} weekly check-in aggregates "
        f"({CheckInDay.objects.aggregate(n=Sum('responses'))['n']} check-ins counted), "
        f"{Project.objects.count()} projects, {PdsaCycle.objects.count()} cycles, {Measure.objects.count()} measures"
    )

    def request(client: Client, url: str) -> tuple[float, float, int]:
        wall, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
        return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, len(queries.captured_queries)

    def timed(label: str, user: User, url: str, target: float) -> None:
        client = Client()
        client.force_login(user)
        CheckInDecision.objects.filter(organisation__system=system).delete()
        cache.clear()
        first, first_cpu, first_queries = request(client, url)
        computed = []
        for _ in range(args.repeat):
            cache.clear()
            computed.append(request(client, url))
        cached = [request(client, url) for _ in range(args.repeat)]
        walls = [c[0] for c in computed]
        median = statistics.median(walls)
        verdict = "within" if median <= target else "OVER"
        print(
            f"{label}: first {first:.0f} ms (CPU {first_cpu:.0f} ms, {first_queries} queries); "
            f"computed best {min(walls):.0f} ms, median {median:.0f} ms (CPU {statistics.median(c[1] for c in computed):.0f} ms, "
            f"{computed[-1][2]} queries; {verdict} the {target:.0f} ms target); "
            f"from the cache median {statistics.median(c[0] for c in cached):.0f} ms ({cached[-1][2]} queries); "
            f"load average {os.getloadavg()[0]:.2f}"
        )

    print(f"load average: {os.getloadavg()}")
    org = organisations[0].slug
    timed("organisation dashboard", lead, f"/o/{org}/dashboards/", 300)
    timed(
        "organisation dashboard, one directorate, safe domain",
        lead,
        f"/o/{org}/dashboards/?team={directorate.pk if directorate else ''}&domain=safe",
        300,
    )
    timed("live poll", lead, f"/o/{org}/dashboards/live/", 50)
    timed(f"ICS dashboard ({len(organisations)} organisations)", admin, f"/system/dashboards/{system.slug}/", 600)
    timed("ICS live poll", admin, f"/system/dashboards/{system.slug}/live/", 50)
    timed("personal home (lead)", lead, "/", 100)
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
