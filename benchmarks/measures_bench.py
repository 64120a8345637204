"""Benchmark the measures pages: N measures x 104 weekly points.

Times the icon matrix (stored icons, no engine), a measure's chart page (one engine run), the
recompute task per measure, and a CSV import of many rows (upload + preview + confirm), with SQL
query counts. Background work goes to the database task queue, as in production, so the import
confirm is timed without the recomputes a worker then does (those are timed per measure).

Usage: python benchmarks/measures_bench.py [--measures 2000] [--import-rows 50000]
           [--database-url postgres://postgres@127.0.0.1:5432/DB]   (default: a throwaway SQLite file)
A PostgreSQL database given here is emptied first (migrations are rolled forward on it).
"""

from __future__ import annotations

import argparse
import datetime
import time

from _setup import prepare_database, start_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    # Production's queue, not the tests' run-at-once backend: a request only enqueues recomputes.
    start_django(name="measures", database_url=args.database_url, queue_tasks=True)
    prepare_database(table="measures_measure")
    import numpy as np
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openqi.accounts.models import User
    from openqi.measures.models import DataPoint, Measure, PendingImport
    from openqi.measures.services import measure_summary_refresh
    from openqi.organisations.models import Membership, Organisation, System

    system = System.objects.create(name="Bench ICS", slug="bench-ics")
    org = Organisation.objects.create(system=system, name="Bench Trust", slug="bench")
    user = User.objects.create_user("bench@example.nhs.uk", "bench-password-123", full_name="Bench Lead")
    Membership.objects.create(user=user, organisation=org, role="lead")
    rng = np.random.default_rng(20241104)
    start = datetime.date(2024, 11, 4)
    weeks = [start + datetime.timedelta(weeks=i) for i in range(104)]
    n = args.measures
    t0 = time.perf_counter()
    measures = Measure.objects.bulk_create(
        [
            Measure(
                organisation=org,
                name=f"Measure {i:04d}",
                measure_type="outcome",
                frequency="weekly",
                chart_type="i",
                improvement="decrease",
                target=100.0,
                owner=user,
            )
            for i in range(n)
        ]
    )
    values = rng.normal(100, 10, size=(n, 104))
    values[:, 60:] -= rng.choice([0, 15], size=(n, 1))
    DataPoint.objects.bulk_create(
        [
            DataPoint(measure=m, organisation=org, period=w, value=float(round(values[i, k], 2)))
            for i, m in enumerate(measures)
            for k, w in enumerate(weeks)
        ],
        batch_size=5000,
    )
    print(f"seeded {n} measures x 104 points in {time.perf_counter() - t0:.2f} s")

    t0 = time.perf_counter()
    for m in measures:
        measure_summary_refresh(measure_id=m.pk)
    took = time.perf_counter() - t0
    sample = measures[:100]  # Django keeps the last 9,000 queries only: count on a sample
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as q:
        for m in sample:
            measure_summary_refresh(measure_id=m.pk)
    print(f"recompute task: {took / n * 1000:.1f} ms per measure, {len(q) / len(sample):.1f} queries per measure")

    client = Client()
    client.force_login(user)

    def timed(label: str, method: str, url: str, repeat: int = 5, **kwargs: object) -> object:
        best = float("inf")
        response = None
        queries = 0
        for _ in range(repeat):
            t = time.perf_counter()
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as q:
                response = getattr(client, method)(url, **kwargs)
            best = min(best, time.perf_counter() - t)
            queries = len(q)
        assert response is not None and response.status_code in (200, 302), (url, response)  # noqa: S101
        print(f"{label}: best of {repeat} {best * 1000:.0f} ms, {queries} SQL queries")
        return response

    timed(f"icon matrix ({n} measures)", "get", "/o/bench/measures/matrix/")
    timed("measure list (page 1)", "get", "/o/bench/measures/")
    timed("measure chart page (104 points)", "get", f"/o/bench/measures/{measures[0].pk}/")
    timed("measure CSV export", "get", f"/o/bench/measures/{measures[0].pk}/export.csv")

    per_measure = 100
    importing = measures[: max(1, args.import_rows // per_measure)]
    rows = ["measure,date,value"] + [
        f"{m.name},{(weeks[-1] + datetime.timedelta(weeks=k + 1)).isoformat()},{100 + k % 7}"
        for m in importing
        for k in range(per_measure)
    ]
    content = ("\n".join(rows) + "\n").encode()
    t0 = t_import = time.perf_counter()
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as q:
        client.post("/o/bench/measures/import/", {"file": SimpleUploadedFile("bench.csv", content, "text/csv")})
    print(
        f"import upload and parse ({len(rows) - 1} rows): {(time.perf_counter() - t0) * 1000:.0f} ms, {len(q)} queries"
    )
    pending = PendingImport.objects.get()
    timed("import preview", "get", f"/o/bench/measures/import/{pending.pk}/", repeat=3)
    t0 = time.perf_counter()
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as q:
        client.post(f"/o/bench/measures/import/{pending.pk}/")
    print(
        f"import confirm ({len(rows) - 1} rows for {len(importing)} measures; their recomputes are queued): "
        f"{(time.perf_counter() - t0) * 1000:.0f} ms, {len(q)} queries"
    )
    print(f"total import (upload + preview + confirm): {(time.perf_counter() - t_import) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
