"""Benchmark the API: a bulk write of N measure data points through HTTP (create, then the same
rows again as an idempotent re-run), and list endpoints at ICS scale, each median of several calls.

Targets (issue 20): bulk write of 50,000 points <= 10 s; list endpoints <= 100 ms.

Usage: python benchmarks/api_bench.py [--points 50000] [--measures 500] [--ideas 5000]
           [--database-url postgres://postgres@127.0.0.1:5432/DB]   (default: a throwaway SQLite file)
A PostgreSQL database given here is emptied first (migrations are rolled forward on it).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import time

from _setup import prepare_database, start_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=50_000)
    parser.add_argument("--measures", type=int, default=500)
    parser.add_argument("--ideas", type=int, default=5000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    # Production's queue: a write only enqueues the icon recomputes a worker does later.
    start_django(name="api", database_url=args.database_url, queue_tasks=True)
    prepare_database(table="api_apitoken")
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from openqi.accounts.models import User
    from openqi.api.services import token_issue
    from openqi.ideas.models import Idea
    from openqi.measures.models import Measure
    from openqi.organisations.access import org_access_get
    from openqi.organisations.models import Membership, Organisation, System

    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000
    system = System.objects.create(name="Bench ICS", slug="bench-ics")
    org = Organisation.objects.create(system=system, name="Bench Trust", slug="bench")
    user = User.objects.create_user("bench@example.nhs.uk", "bench-password-123", full_name="Bench Lead")
    Membership.objects.create(user=user, organisation=org, role="lead")
    access = org_access_get(user=user, org_slug="bench")
    if access is None:
        raise SystemExit("The bench lead has no access to the bench organisation.")
    _, secret = token_issue(
        actor=user,
        access=access,
        kind="personal",
        name="bench",
        role="lead",
        token_access="write",  # noqa: S106  (read or write, not a password)
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    measures = Measure.objects.bulk_create(
        Measure(
            organisation=org,
            name=f"Measure {i:04d}",
            measure_type="outcome",
            frequency="daily",
            chart_type="i",
            improvement="decrease",
        )
        for i in range(args.measures)
    )
    today = timezone.localdate()
    Idea.objects.bulk_create(
        Idea(
            organisation=org,
            title=f"Idea {i}",
            problem="A problem",
            suggestion="A suggestion",
            identity="named",
            submitted_by=user,
            submitted_on=today - datetime.timedelta(days=i % 700),
        )
        for i in range(args.ideas)
    )
    per_measure = max(1, args.points // len(measures))
    start = datetime.date(2020, 1, 1)
    points = [
        {"measure_id": m.pk, "period": (start + datetime.timedelta(days=d)).isoformat(), "value": (d * 7 + i) % 97}
        for i, m in enumerate(measures)
        for d in range(per_measure)
    ][: args.points]
    body = json.dumps({"points": points})
    client = Client()
    headers = {"Authorization": f"Bearer {secret}"}

    # The machine may be shared: the load average and this process's CPU time are printed beside
    # every wall-clock figure, so a slow reading can be told from a slow program.
    print(f"1-minute load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    for label in ("bulk write, new", "bulk write, same rows again"):
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.post(
            "/api/v1/o/bench/measures/data", data=body, content_type="application/json", headers=headers
        )
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        if response.status_code != 200:
            raise SystemExit(response.content[:500])
        print(
            f"{label}: {len(points):,} points in {elapsed:.2f} s wall, {cpu:.2f} s CPU  {response.json()}"
            f"  (target <= 10 s; load {os.getloadavg()[0]:.2f})"
        )

    for path in (
        "/api/v1/o/bench/ideas?limit=50",
        "/api/v1/o/bench/ideas?limit=50&offset=4000",
        "/api/v1/o/bench/measures?limit=50",
        f"/api/v1/o/bench/measures/{measures[0].pk}/data?limit=500",
        "/api/v1/o/bench/teams",
        "/api/v1/o/bench/ideas/you-said-we-did?limit=50",
        "/api/v1/o/bench/projects?limit=50",
        "/api/v1/o/bench/events?limit=50",
    ):
        times, cpus = [], []
        for _ in range(7):
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(path, headers=headers)
            times.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
            if response.status_code != 200:
                raise SystemExit(response.content[:300])
        print(
            f"GET {path}: median {1000 * statistics.median(times):.1f} ms wall, "
            f"{1000 * statistics.median(cpus):.1f} ms CPU  (target <= 100 ms; load {os.getloadavg()[0]:.2f})"
        )


if __name__ == "__main__":
    main()
