"""Benchmark check-in reports on the demo year (about 20,000 check-ins in three wards).

Builds a throwaway SQLite database, loads the demo data, then times the organisation overview,
one team's page (24 weeks, suppression, p chart) and a single check-in submission.

Usage: python benchmarks/checkins_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="openqi-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openqi.test_settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"seed_demo with a year of check-ins: {time.perf_counter() - started:.2f} s")

    from openqi.accounts.models import User
    from openqi.checkins.models import CheckIn
    from openqi.checkins.selectors import checkin_organisation_overview, checkin_team_report
    from openqi.checkins.services import checkin_submit
    from openqi.organisations.models import Organisation, Team

    northfield = Organisation.objects.get(slug="northfield")
    ward = Team.objects.get(organisation=northfield, name="Ward 9 (Elderly Care)")
    print(f"check-ins stored: {CheckIn.objects.count():,}")

    def timed(label: str, func: object) -> None:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            func()  # type: ignore[operator]
            times.append(time.perf_counter() - start)
        times.sort()
        print(f"{label}: median {1000 * times[len(times) // 2]:.1f} ms, best {1000 * times[0]:.1f} ms")

    timed("organisation overview", lambda: checkin_organisation_overview(organisation=northfield))
    timed("team page (24 weeks, suppression, p chart)", lambda: checkin_team_report(organisation=northfield, team=ward))
    staff = User.objects.get(email="staff@northfield.example")
    start = time.perf_counter()
    checkin_submit(user=staff, organisation=northfield, team=None, score=4, reasons=["Workload"], comment="")
    print(f"one check-in (marker + row, first of the day): {1000 * (time.perf_counter() - start):.1f} ms")


if __name__ == "__main__":
    main()
