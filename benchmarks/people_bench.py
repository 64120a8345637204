"""Benchmark the ESR-style staff import: preview (a dry run) and confirm of N rows, then the same
file again (idempotent: nothing changes), and a SCIM user list page. No figure is named by the
issue for this; the numbers say how long a trust's first import takes on this machine.

Usage: python benchmarks/people_bench.py [--rows 2000] [--database-url postgres://…]
Prints wall and CPU time and the 1-minute load average beside each figure (the machine is shared).
"""

from __future__ import annotations

import argparse
import datetime
import os
import time

from _setup import prepare_database, start_django


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> str:
    wall, cpu = time.perf_counter() - start[0], time.process_time() - start[1]
    return f"{wall:.1f} s wall, {cpu:.1f} s CPU, load {os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    start_django(name="people", database_url=args.database_url, queue_tasks=True)
    prepare_database(table="people_staffrecord")
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from openqi.accounts.models import User
    from openqi.api.services import token_issue
    from openqi.organisations.access import org_access_get
    from openqi.organisations.models import Membership, Organisation, System
    from openqi.people import importing

    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000
    system = System.objects.create(name="Bench ICS", slug="bench-ics")
    org = Organisation.objects.create(system=system, name="Bench Trust", slug="bench")
    admin = User.objects.create_user("admin@bench.nhs.uk", "bench-password-123", full_name="Bench Admin")
    Membership.objects.create(user=admin, organisation=org, role="org_admin")
    header = "Employee Number,Assignment Number,First Name,Last Name,Work Email Address,Organisation,Cost Centre,Department,Assignment Status"
    lines = [header] + [
        f"{100000 + i},{100000 + i}-1,Given{i},Family{i},person{i}@bench.nhs.uk,Division {i % 5},"
        f"Cost centre {i % 40},Ward {i % 120},Active Assignment"
        for i in range(args.rows)
    ]
    content = ("\n".join(lines) + "\n").encode()
    print(f"load average at start: {os.getloadavg()[0]:.1f}")

    clock = _clock()
    pending = importing.import_prepare(
        actor=admin, actor_role="org_admin", organisation=org, filename="esr.csv", content=content
    )
    print(f"preview of {args.rows} new people: {_since(clock)} ({len(pending.errors)} errors)")
    clock = _clock()
    summary = importing.import_confirm(actor=admin, actor_role="org_admin", pending=pending)
    print(f"confirm: {_since(clock)}; {summary['new']} records, {summary['invited']} invited, {summary['teams']} teams")
    clock = _clock()
    again = importing.import_prepare(
        actor=admin, actor_role="org_admin", organisation=org, filename="esr.csv", content=content
    )
    print(f"the same file again, preview: {_since(clock)}; unchanged {again.preview['unchanged']}")

    access = org_access_get(user=admin, org_slug="bench")
    if access is None:
        raise SystemExit("The bench admin has no access.")
    _, secret = token_issue(
        actor=admin,
        access=access,
        kind="service",
        name="Entra",
        role="org_admin",
        token_access="write",  # noqa: S106  (read or write access, not a password)
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        scope="scim",
    )
    client = Client()
    clock = _clock()
    for _ in range(5):
        response = client.get(
            "/scim/v2/o/bench/Users?startIndex=1&count=100", headers={"Authorization": f"Bearer {secret}"}
        )
        if response.status_code != 200:
            raise SystemExit(f"SCIM list failed: {response.content[:200]!r}")
    print(f"SCIM GET /Users (100 of {args.rows}) x5: {_since(clock)}")


if __name__ == "__main__":
    main()
