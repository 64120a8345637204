"""Benchmark the measures pages: N measures x 104 weekly points.

Times the icon matrix (stored icons, no engine), a measure's chart page (one engine run), the
recompute task per measure, and a CSV import of many rows (upload + preview + confirm), with SQL
query counts. Background work goes to the database task queue, as in production, so the import
confirm is timed without the recomputes a worker then does (those are timed per measure).

Usage: python benchmarks/measures_bench.py [--measures 2000] [--import-rows 50000] [--import-only]
           [--database-url postgres://postgres@127.0.0.1:5432/DB]   (default: a throwaway SQLite file)
The import is 100 rows per measure (50,000 rows: the first 500 measures). Each step prints wall
time, this process's CPU time, SQL queries and the 1-minute load average (the machine is shared).
A PostgreSQL database given here is emptied first (migrations are rolled forward on it).
"""

from __future__ import annotations

import argparse
import datetime
import os
import time
from typing import Any

from _setup import prepare_database, start_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--matrix-measures",
        type=int,
        default=0,
        help="then add measures with stored summaries (no points) up to this many and time the matrix again",
    )
    parser.add_argument(
        "--no-recomputes", action="store_true", help="do not run the recomputes the import queues (minutes under load)"
    )
    parser.add_argument(
        "--import-only",
        action="store_true",
        help="time only the import (no recompute loop, no pages); --measures then only needs import-rows / 100",
    )
    args = parser.parse_args()
    # Production's queue, not the tests' run-at-once backend: a request only enqueues recomputes.
    start_django(name="measures", database_url=args.database_url, queue_tasks=True)
    prepare_database(table="measures_measure")
    import numpy as np
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openqi.accounts.models import User
    from openqi.measures.models import DataPoint, Measure
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
    client = Client()
    client.force_login(user)
    if args.import_only:
        importing = measures[: max(1, args.import_rows // IMPORT_PER_MEASURE)]
        _import_bench(args, client, org, importing=importing, after=weeks[-1])
        return

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

    def timed(label: str, method: str, url: str, repeat: int = 5, **kwargs: object) -> object:
        best = best_cpu = float("inf")
        response = None
        queries = 0
        for _ in range(repeat):
            t, cpu = time.perf_counter(), time.process_time()
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as q:
                response = getattr(client, method)(url, **kwargs)
            best = min(best, time.perf_counter() - t)
            best_cpu = min(best_cpu, time.process_time() - cpu)
            queries = len(q)
        assert response is not None and response.status_code in (200, 302), (url, response)  # noqa: S101
        # This process's CPU time is the better guide to server time on a shared, busy machine.
        size = len(response.content) / 1024
        print(
            f"{label}: best of {repeat} {best * 1000:.0f} ms (CPU {best_cpu * 1000:.0f} ms), "
            f"{queries} SQL queries, {size:.1f} KiB"
        )
        return response

    timed(f"icon matrix ({n} measures)", "get", "/o/bench/measures/matrix/")
    if args.matrix_measures > n:
        # The matrix reads each measure's stored summary, never its points: a summary is enough.
        first = Measure.objects.get(pk=measures[0].pk)
        Measure.objects.bulk_create(
            [
                Measure(
                    organisation=org,
                    name=f"Summary {i:05d}",
                    measure_type="outcome",
                    frequency="weekly",
                    chart_type="i",
                    improvement="decrease",
                    target=100.0,
                    owner=user,
                    latest_value=first.latest_value,
                    latest_period=first.latest_period,
                    variation_icon=first.variation_icon,
                    assurance_icon=first.assurance_icon,
                    sparkline=first.sparkline,
                )
                for i in range(args.matrix_measures - n)
            ],
            batch_size=2000,
        )
        timed(f"icon matrix ({args.matrix_measures} measures)", "get", "/o/bench/measures/matrix/")
        timed(
            f"icon matrix ({args.matrix_measures} measures, sorted by variation, last page)",
            "get",
            f"/o/bench/measures/matrix/?sort=variation&dir=desc&page={args.matrix_measures}",
        )
    timed("measure list (page 1)", "get", "/o/bench/measures/")
    timed("measure chart page (104 points)", "get", f"/o/bench/measures/{measures[0].pk}/")
    timed("measure CSV export", "get", f"/o/bench/measures/{measures[0].pk}/export.csv")

    importing = measures[: max(1, args.import_rows // IMPORT_PER_MEASURE)]
    _import_bench(args, client, org, importing=importing, after=weeks[-1])


IMPORT_PER_MEASURE = 100  # rows per measure in the benchmark's file (50,000 rows: 500 measures)


def _load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


class _Step:
    """Wall time, this process's CPU time and SQL queries of one step (the query log is cleared
    first: Django keeps only its last 9,000 entries)."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __enter__(self) -> _Step:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        connection.queries_log.clear()
        self.capture = CaptureQueriesContext(connection)
        self.capture.__enter__()
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu
        self.capture.__exit__(*exc)
        self.queries = len(self.capture)
        print(
            f"{self.label}: {self.wall * 1000:.0f} ms (CPU {self.cpu * 1000:.0f} ms), "
            f"{self.queries} SQL queries, load average {_load()}"
        )


def _import_bench(
    args: argparse.Namespace, client: object, org: object, *, importing: list, after: datetime.date
) -> None:
    """Upload, preview and confirm a CSV of `--import-rows` rows as the uploader does, then the
    background work the confirm queued (the import task, then the recomputes), as a worker would."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tasks_db.models import DBTaskResult

    from openqi.measures.models import DataPoint, PendingImport
    from openqi.measures.services import import_run
    from openqi.operations.testing import run_queued_tasks

    rows = ["measure,date,value"] + [
        f"{m.name},{(after + datetime.timedelta(weeks=k + 1)).isoformat()},{100 + k % 7}"
        for m in importing
        for k in range(IMPORT_PER_MEASURE)
    ]
    content = ("\n".join(rows) + "\n").encode()
    n = len(rows) - 1
    print(f"import of {n} rows for {len(importing)} measures ({len(content) / 2**20:.1f} MiB), load average {_load()}")
    PendingImport.objects.all().delete()
    DBTaskResult.objects.all().delete()  # count only what the import queues
    points_before = DataPoint.objects.count()
    with _Step("import upload and parse") as upload:
        response = client.post(  # type: ignore[attr-defined]
            "/o/bench/measures/import/", {"file": SimpleUploadedFile("bench.csv", content, "text/csv")}
        )
    assert response.status_code == 302, response  # noqa: S101
    pending = PendingImport.objects.get()
    url = f"/o/bench/measures/import/{pending.pk}/"
    previews = []
    for _ in range(3):
        with _Step("import preview") as preview:
            response = client.get(url)  # type: ignore[attr-defined]
        assert response.status_code == 200, response  # noqa: S101
        previews.append(preview)
    preview = min(previews, key=lambda step: step.wall)
    with _Step("import confirm (the request: queues the write)") as confirm:
        response = client.post(url)  # type: ignore[attr-defined]
    assert response.status_code == 302, response  # noqa: S101
    total = upload.wall + preview.wall + confirm.wall
    total_cpu = upload.cpu + preview.cpu + confirm.cpu
    print(
        f"upload + preview (best of 3) + confirm: {total * 1000:.0f} ms (CPU {total_cpu * 1000:.0f} ms), "
        f"{upload.queries + preview.queries + confirm.queries} SQL queries"
    )
    # The worker's part (ADR 0014): the import task writes every value and queues the recomputes;
    # run here as the worker runs it (its transaction, then what it queued on commit).
    (task,) = DBTaskResult.objects.filter(status="READY")
    with _Step(f"background: the import task ({task.task_path.rsplit('.', 1)[-1]})") as write:
        import_run(pending_id=pending.pk)
    task.delete()
    pending.refresh_from_db()
    assert pending.status == "confirmed", pending.failure  # noqa: S101
    written = DataPoint.objects.count() - points_before
    recomputes = DBTaskResult.objects.filter(status="READY").count()
    if args.no_recomputes:
        print(
            f"values written {pending.imported_count}; upload + preview + confirm + import task: "
            f"{(total + write.wall) * 1000:.0f} ms (CPU {(total_cpu + write.cpu) * 1000:.0f} ms); "
            f"{recomputes} recompute tasks queued, not run"
        )
        return
    with _Step(
        f"background: {recomputes} recompute tasks for {len(importing)} measures, and the alerts they send"
    ) as recompute:
        run_queued_tasks()
    print(
        f"values written {pending.imported_count} ({written} new points); "
        f"upload + preview + confirm + import task: {(total + write.wall) * 1000:.0f} ms "
        f"(CPU {(total_cpu + write.cpu) * 1000:.0f} ms); with the recomputes "
        f"{(total + write.wall + recompute.wall) * 1000:.0f} ms"
    )
    # The same file again adds nothing (each value replaces the one it wrote).
    response = client.post(  # type: ignore[attr-defined]
        "/o/bench/measures/import/", {"file": SimpleUploadedFile("bench.csv", content, "text/csv")}
    )
    again = PendingImport.objects.order_by("-pk").first()
    client.post(f"/o/bench/measures/import/{again.pk}/")  # type: ignore[attr-defined, union-attr]
    run_queued_tasks()
    print(f"the same file imported again adds {DataPoint.objects.count() - points_before - written} points")


if __name__ == "__main__":
    main()
