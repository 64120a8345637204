"""Benchmark the board's integrated improvement report (issue 14): an organisation with 200
measures (a year of weekly points each, about a fifth in special cause concern, each drawn as a
chart), 2,000 ideas (200 answered), 300 projects. Times the report task's work
(`report_build_run`: every selector, chart and the WeasyPrint rendering) from queued to stored,
with its SQL query count, pages and size. Target: 20 s.

Usage: python benchmarks/reports_bench.py [--measures 200] [--runs 3]
           [--database-url postgres://postgres@127.0.0.1:5432/DB]   (default: a throwaway SQLite file)
A PostgreSQL database given here is emptied first.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import time
from typing import Any

from _setup import prepare_database, start_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=200)
    parser.add_argument("--ideas", type=int, default=2000)
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    start_django(name="reports", database_url=args.database_url)
    prepare_database(table="reports_report")

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from openqi.factories import MembershipFactory, OrganisationFactory, TeamFactory, UserFactory
    from openqi.ideas.models import Idea, Identity
    from openqi.measures.models import DataPoint, Measure
    from openqi.measures.services.alerts import measure_summary_refresh
    from openqi.organisations.models import Role
    from openqi.projects.models import Project, Stage
    from openqi.reports.builders import report_title
    from openqi.reports.models import Report, Status
    from openqi.reports.services import report_build_run

    rng = random.Random(14)
    org: Any = OrganisationFactory(name="Benchmark Hospitals NHS Trust", slug="bench")
    teams: list[Any] = [TeamFactory(organisation=org, name=f"Ward {i}") for i in range(20)]
    lead: Any = MembershipFactory(organisation=org, role=Role.LEAD, user=UserFactory(email="lead@bench.nhs.uk")).user
    t0 = time.perf_counter()
    start = datetime.date(2025, 12, 1)
    measures = Measure.objects.bulk_create(
        Measure(
            organisation=org,
            team=teams[i % 20] if i % 4 == 0 else None,
            name=f"Measure {i:03d}: falls per 1,000 bed days",
            measure_type=("outcome", "process", "balancing")[i % 3],
            what_counted="Counted weekly",
            frequency="weekly",
            chart_type="i",
            improvement="decrease",
            target=5.0 if i % 2 else None,
        )
        for i in range(args.measures)
    )
    points = []
    for i, measure in enumerate(measures):
        worse = i % 5 == 0  # a fifth end with a run of high values: special cause concern
        for week in range(52):
            value = rng.gauss(5.0, 0.3) + (1.5 if worse and week >= 44 else 0.0)
            points.append(
                DataPoint(
                    measure=measure,
                    organisation=org,
                    period=start + datetime.timedelta(days=7 * week),
                    value=round(value, 2),
                )
            )
    DataPoint.objects.bulk_create(points, batch_size=5000)
    for measure in measures:
        measure_summary_refresh(measure_id=measure.pk)
    today = timezone.localdate()
    Idea.objects.bulk_create(
        Idea(
            organisation=org,
            title=f"Idea {i}",
            problem="A problem",
            suggestion="A suggestion",
            team=teams[i % 20],
            identity=Identity.ANONYMOUS if i % 4 == 0 else Identity.NAMED,
            submitted_on=today - datetime.timedelta(days=i % 300),
            public_answer="We changed the rota." if i % 10 == 0 else "",
            answered_on=today - datetime.timedelta(days=i % 60) if i % 10 == 0 else None,
        )
        for i in range(args.ideas)
    )
    Project.objects.bulk_create(
        Project(
            organisation=org,
            title=f"Project {i}",
            problem="A problem",
            team=teams[i % 20],
            stage=Stage.values[i % len(Stage.values)],
            progress_score=[None, "1.0", "2.5", "3.0", "4.0"][i % 5],
        )
        for i in range(args.projects)
    )
    concern = Measure.objects.filter(organisation=org, variation_icon__startswith="concern").count()
    print(
        f"Data: {args.measures} measures ({concern} in special cause concern), {len(points)} points, "
        f"{args.ideas} ideas, {args.projects} projects; made in {time.perf_counter() - t0:.1f} s"
    )

    timings, cpu, queries = [], [], []
    report = None
    for _ in range(args.runs):
        report = Report.objects.create(
            organisation=org,
            kind="board",
            title=report_title(organisation=org, kind="board", parameters={}, on=today),
            requested_by=lead,
        )
        with CaptureQueriesContext(connection) as captured:
            t, c = time.perf_counter(), time.process_time()
            report_build_run(report_id=report.pk)
            timings.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        queries.append(len(captured.captured_queries))
    if report is None:
        raise SystemExit("No run made a report.")
    report.refresh_from_db()
    if report.status != Status.READY:
        raise SystemExit(f"The report failed: {report.failure}")
    load = os.getloadavg()
    print(
        f"Board report task: median {statistics.median(timings):.2f} s (runs {', '.join(f'{x:.2f}' for x in timings)}; "
        f"target 20 s); CPU time of this process {statistics.median(cpu):.2f} s (what an idle core would take); "
        f"{queries[-1]} SQL queries, {report.pages} pages, {report.size / 1024:.0f} KB"
    )
    print(f"Load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; {connection.vendor}")


if __name__ == "__main__":
    main()
