"""Benchmark long series (issue 24 point 6): one measure of 16,700 daily points, and a 50,000-row
CSV import (upload, preview, confirm, then the background work a worker does).

Times the measure's chart page (default window, and "all points" aggregated), its SVG download,
the recompute task of that measure, the runs tables for the longest part, and the import steps.
Background work goes to the database task queue as in production; the queued tasks are then run
in this process with the library's worker, and timed as such.

Usage: python benchmarks/longseries_bench.py [--points 16700] [--import-rows 50000]
           [--database-url postgres://postgres@127.0.0.1:5432/DB]   (default: a throwaway SQLite file)
A PostgreSQL database given here is emptied first.
"""

from __future__ import annotations

import argparse
import datetime
import os
import time

from _setup import prepare_database, start_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=16_700)
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    # The machine may be shared: CPU time (this process only) is printed beside wall-clock time.
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    start_django(name="longseries", database_url=args.database_url, queue_tasks=True)
    import logging

    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
    prepare_database(table="measures_measure")
    import numpy as np
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openqi.accounts.models import User
    from openqi.measures.models import DataPoint, Measure, PendingImport
    from openqi.measures.services import measure_summary_refresh
    from openqi.operations.testing import run_queued_tasks
    from openqi.organisations.models import Membership, Organisation, System
    from openqi.spc import runs

    system = System.objects.create(name="Bench ICS", slug="bench-ics")
    org = Organisation.objects.create(system=system, name="Bench Trust", slug="bench")
    user = User.objects.create_user("bench@example.nhs.uk", "bench-password-123", full_name="Bench Lead")
    Membership.objects.create(user=user, organisation=org, role="lead")
    rng = np.random.default_rng(20261207)
    n = args.points
    start = datetime.date(1980, 1, 1)
    long_measure = Measure.objects.create(
        organisation=org,
        name="Long daily measure",
        measure_type="outcome",
        frequency="daily",
        chart_type="i",
        improvement="decrease",
        target=100.0,
        owner=user,
    )
    values = rng.normal(100, 10, size=n)
    values[n // 2 :] -= 5
    DataPoint.objects.bulk_create(
        [
            DataPoint(
                measure=long_measure,
                organisation=org,
                period=start + datetime.timedelta(days=k),
                value=float(round(values[k], 2)),
            )
            for k in range(n)
        ],
        batch_size=5000,
    )
    print(f"seeded one daily measure of {n} points")

    t0 = time.perf_counter()
    runs.anhoej_tables.cache_clear()
    runs.anhoej_tables(n)
    print(f"Anhøj runs tables up to {n} useful points (cold): {(time.perf_counter() - t0) * 1000:.0f} ms")

    t0 = time.perf_counter()
    measure_summary_refresh(measure_id=long_measure.pk)
    print(f"recompute task of the {n}-point measure: {(time.perf_counter() - t0) * 1000:.0f} ms")

    client = Client()
    client.force_login(user)

    def timed(label: str, method: str, url: str, repeat: int = 3, **kwargs: object) -> object:
        best = best_cpu = float("inf")
        response = None
        queries = 0
        size = 0
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as q:
                response = getattr(client, method)(url, **kwargs)
            best = min(best, time.perf_counter() - t)
            best_cpu = min(best_cpu, time.process_time() - c)
            queries = len(q)
            size = len(response.content)
        assert response is not None and response.status_code in (200, 302), (url, response)  # noqa: S101
        print(
            f"{label}: best of {repeat} {best * 1000:.0f} ms wall, {best_cpu * 1000:.0f} ms CPU, "
            f"{queries} SQL queries, {size // 1024} KiB"
        )
        return response

    base = f"/o/bench/measures/{long_measure.pk}/"
    timed(f"measure chart page ({n} points, default view)", "get", base)
    timed(f"measure chart page ({n} points, all points)", "get", base + "?window=all")
    timed(f"measure chart page ({n} points, data table page 50)", "get", base + "?page=50")
    timed(f"chart SVG download ({n} points)", "get", base + "chart.svg")

    # The import: many weekly measures, 100 new rows each.
    per_measure = 100
    count = max(1, args.import_rows // per_measure)
    measures = Measure.objects.bulk_create(
        [
            Measure(
                organisation=org,
                name=f"Measure {i:04d}",
                measure_type="outcome",
                frequency="weekly",
                chart_type="i",
                improvement="decrease",
                owner=user,
            )
            for i in range(count)
        ]
    )
    first = datetime.date(2024, 1, 1)
    rows = ["measure,date,value"] + [
        f"{m.name},{(first + datetime.timedelta(weeks=k)).isoformat()},{100 + k % 7}"
        for m in measures
        for k in range(per_measure)
    ]
    content = ("\n".join(rows) + "\n").encode()
    t_import = t0 = time.perf_counter()
    client.post("/o/bench/measures/import/", {"file": SimpleUploadedFile("bench.csv", content, "text/csv")})
    print(f"import upload and parse ({len(rows) - 1} rows): {(time.perf_counter() - t0) * 1000:.0f} ms")
    pending = PendingImport.objects.get()
    timed("import preview", "get", f"/o/bench/measures/import/{pending.pk}/", repeat=1)
    t0 = time.perf_counter()
    response = client.post(f"/o/bench/measures/import/{pending.pk}/")
    print(
        f"import confirm request ({len(rows) - 1} rows, {count} measures): {(time.perf_counter() - t0) * 1000:.0f} ms"
    )
    print(f"total import requests (upload + preview + confirm): {(time.perf_counter() - t_import) * 1000:.0f} ms")
    location = response.headers.get("Location", "")  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    ran = run_queued_tasks(worker_id="bench-worker")
    print(f"background work after confirm ({ran} tasks, incl. recomputes): {(time.perf_counter() - t0) * 1000:.0f} ms")
    written = DataPoint.objects.filter(measure__in=measures).count()
    print(f"values written: {written}")
    if "/import/" in location:
        timed("import progress page when done", "get", location, repeat=1)


if __name__ == "__main__":
    main()
