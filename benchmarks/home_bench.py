"""Benchmark the personal home ("What needs you", issue 14) at ICS scale.

Seeds `--organisations` trusts of one ICS with `--staff` people (memberships in wards), `--ideas`
ideas (a tenth new, a tenth closed without an answer, some owned by the people timed), `--projects`
projects with three PDSA cycles each (the timed people on some project teams, cycles in Study and
overdue), `--measures` measures per organisation (an eighth with special cause at the latest
point, some owned or followed by the timed people), today's check-in markers for a quarter of the
staff, open surveys, and network-style bookings. Then times the signed-in home page through
Django's test Client (all middleware, the whole template) as a QI lead and as a staff member:
the median of `--repeat` warm requests, with the SQL query count, and the CPU time of this process
(on SQLite that includes the queries; it leaves out waiting for a busy CPU). Target: 100 ms.

Usage: python benchmarks/home_bench.py [--organisations 10] [--staff 100000] [--ideas 100000]
           [--projects 20000] [--measures 2000] [--repeat 15] [--reuse]
           [--database-url postgres://postgres@127.0.0.1:5432/DB]   (default: a throwaway SQLite file)
A PostgreSQL database given here is emptied first, unless --reuse keeps an earlier run's data.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import time

from _setup import prepare_database, start_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=10)
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--ideas", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--measures", type=int, default=2_000, help="per organisation")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--reuse", action="store_true", help="keep the data of an earlier run (PostgreSQL)")
    args = parser.parse_args()
    start_django(name="home", database_url=args.database_url)
    prepare_database(table="ideas_idea", empty=not args.reuse)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from openqi.accounts.models import User
    from openqi.bookings.models import Booking, Occasion
    from openqi.checkins.models import CheckInDayKey, CheckInMarker, marker_digest
    from openqi.ideas.models import Idea, Identity, Status
    from openqi.measures.models import Measure, MeasureFollow
    from openqi.organisations.models import Membership, Organisation, System, Team
    from openqi.projects.models import PdsaCycle, Project, ProjectMember
    from openqi.surveys.models import Survey, SurveyState

    def seed() -> None:
        rng = random.Random(14)
        today = timezone.localdate()
        t0 = time.perf_counter()
        system = System.objects.create(name="Bench ICS", slug="bench-ics")
        orgs = [
            Organisation.objects.create(system=system, name=f"Bench Trust {o + 1}", slug=f"bench-{o + 1}")
            for o in range(args.organisations)
        ]
        wards = {
            org.pk: Team.objects.bulk_create(Team(organisation=org, name=f"Ward {w + 1}") for w in range(100))
            for org in orgs
        }
        lead = User.objects.create_user("lead@bench.nhs.uk", "bench-password-123", full_name="Bench Lead")
        staff = User.objects.create_user("staff@bench.nhs.uk", "bench-password-123", full_name="Bench Staff")
        home = orgs[0]
        Membership.objects.create(user=lead, organisation=home, role="lead", team=wards[home.pk][0])
        Membership.objects.create(user=staff, organisation=home, role="staff", team=wards[home.pk][1])
        people = User.objects.bulk_create(
            (
                User(email=f"person{i}@bench.nhs.uk", full_name=f"Person {i}", password="!")  # noqa: S106  # "!" is Django's unusable password
                for i in range(args.staff)
            ),
            batch_size=5000,
        )
        Membership.objects.bulk_create(
            (
                Membership(user=u, organisation=orgs[i % len(orgs)], team=rng.choice(wards[orgs[i % len(orgs)].pk]))
                for i, u in enumerate(people)
            ),
            batch_size=5000,
        )
        print(f"seeded {args.staff:,} staff in {time.perf_counter() - t0:.0f} s")

        t0 = time.perf_counter()
        statuses = (
            [Status.SUBMITTED, Status.IMPLEMENTED]
            + [Status.UNDER_REVIEW, Status.ACCEPTED] * 2
            + [Status.IMPLEMENTED] * 4
        )
        Idea.objects.bulk_create(
            (
                Idea(
                    pk=i + 1,
                    organisation=orgs[i % len(orgs)],
                    title=f"Idea {i}",
                    problem="A problem on the ward",
                    suggestion="A suggestion",
                    identity=Identity.NAMED,
                    submitted_on=today - datetime.timedelta(days=rng.randint(0, 365)),
                    status=(status := rng.choice(statuses)),
                    public_answer="We did it" if status == Status.IMPLEMENTED and rng.random() < 0.8 else "",
                    owner=(lead if i % 500 == 0 else staff if i % 700 == 0 else None) if i % len(orgs) == 0 else None,
                    team=rng.choice(wards[orgs[i % len(orgs)].pk]),
                )
                for i in range(args.ideas)
            ),
            batch_size=5000,
        )
        print(f"seeded {args.ideas:,} ideas in {time.perf_counter() - t0:.0f} s")

        t0 = time.perf_counter()
        projects = Project.objects.bulk_create(
            (
                Project(organisation=orgs[i % len(orgs)], title=f"Project {i}", problem="A problem", created_by=lead)
                for i in range(args.projects)
            ),
            batch_size=5000,
        )
        on_home = [p for p in projects if p.organisation_id == home.pk]
        ProjectMember.objects.bulk_create(
            [ProjectMember(project=p, organisation=home, user=lead, role="lead") for p in on_home[:30]]
            + [ProjectMember(project=p, organisation=home, user=staff, role="member") for p in on_home[20:40]],
            batch_size=2000,
        )
        PdsaCycle.objects.bulk_create(
            (
                PdsaCycle(
                    project=p,
                    organisation_id=p.organisation_id,
                    number=n,
                    status=rng.choice(["planned", "doing", "studying", "adopted", "adapted", "abandoned"]),
                    plan_when=today - datetime.timedelta(days=rng.randint(-30, 60)),
                    objective=f"Test change {n}",
                    question="Will it work?",
                    prediction="Yes",
                )
                for p in projects
                for n in range(1, 4)
            ),
            batch_size=5000,
        )
        print(
            f"seeded {args.projects:,} projects, {3 * args.projects:,} PDSA cycles in {time.perf_counter() - t0:.0f} s"
        )

        t0 = time.perf_counter()
        for org in orgs:
            measures = Measure.objects.bulk_create(
                (
                    Measure(
                        organisation=org,
                        name=f"Measure {m}",
                        measure_type="outcome",
                        team=rng.choice(wards[org.pk]),
                        visibility="team" if m % 5 == 0 else "organisation",
                        owner=(lead if m % 40 == 0 else staff if m % 90 == 0 else None) if org == home else None,
                        latest_point_type="special_cause_concern" if m % 8 == 0 else "common_cause",
                        variation_icon="concern_high" if m % 8 == 0 else "common_cause",
                        latest_period=today - datetime.timedelta(days=30),
                    )
                    for m in range(args.measures)
                ),
                batch_size=5000,
            )
            if org == home:
                MeasureFollow.objects.bulk_create(
                    MeasureFollow(measure=m, organisation=org, user=u)
                    for k, m in enumerate(measures[1::50])
                    for u in ((lead, staff) if k % 2 else (lead,))
                )
        print(f"seeded {args.measures * len(orgs):,} measures in {time.perf_counter() - t0:.0f} s")

        key = CheckInDayKey.new_key()
        CheckInDayKey.objects.create(date=today, key=key)
        CheckInMarker.objects.bulk_create(
            (
                CheckInMarker(
                    digest=marker_digest(
                        key=bytes.fromhex(key), organisation_id=orgs[i % len(orgs)].pk, user_id=u.pk, day=today
                    ),
                    date=today,
                )
                for i, u in enumerate(people)
                if i % 4 == 0
            ),
            batch_size=5000,
        )
        for org in orgs:
            for s in range(3):
                Survey.objects.create(
                    organisation=org,
                    title=f"Pulse {s}",
                    opens_on=today - datetime.timedelta(days=3),
                    closes_on=today + datetime.timedelta(days=10),
                    state=SurveyState.OPENED,
                )
        now = timezone.now()
        occasions = Occasion.objects.bulk_create(
            Occasion(
                owner="bench.session",
                title=f"Session {i}",
                starts_at=now + datetime.timedelta(days=i - 100),
                ends_at=now + datetime.timedelta(days=i - 100, hours=2),
                capacity=200,
            )
            for i in range(400)
        )
        Booking.objects.bulk_create(
            [
                Booking(
                    occasion=o, email=f"person{rng.randrange(args.staff)}@bench.nhs.uk", name="P", status="confirmed"
                )
                for o in occasions
                for _ in range(40)
            ]
            + [
                Booking(occasion=o, email=u.email, name=u.full_name, user=u, status="confirmed")
                for o in occasions[::20]
                for u in (lead, staff)
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )

    if not (args.reuse and User.objects.filter(email="lead@bench.nhs.uk").exists()):
        seed()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would after a bulk load
            cursor.execute("ANALYZE")

    def timed(label: str, client: Client, path: str) -> None:
        assert client.get(path).status_code == 200  # noqa: S101  # warm
        wall, cpu, queries = [], [], 0
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            wall.append(1000 * (time.perf_counter() - start))
            cpu.append(1000 * (time.process_time() - start_cpu))
            queries = len(captured)
            assert response.status_code == 200  # noqa: S101
        median = statistics.median(wall)
        flag = "ok" if median <= 100 else "MISSES TARGET"
        print(
            f"{label}: median {median:.0f} ms (best {min(wall):.0f}, worst {max(wall):.0f}; "
            f"CPU of this process {statistics.median(cpu):.0f} ms), {queries} SQL queries (target 100 ms, {flag})"
        )

    lead = User.objects.get(email="lead@bench.nhs.uk")
    staff = User.objects.get(email="staff@bench.nhs.uk")
    for label, user in (("QI lead", lead), ("staff member", staff)):
        client = Client()
        client.force_login(user)
        timed(f"home as {label}", client, "/")
        if user == staff:
            # For scale: a small page through the same middleware and header.
            timed("reference: notifications page as staff member", client, "/notifications/")
    load = os.getloadavg()
    print(f"{connection.vendor}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
