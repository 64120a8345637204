"""Simultaneous writes through the whole stack: check-ins, measure values and PDSA cycles posted at
the same moment from many threads, each with its own database connection (issue 24, point 4).

Used by `test_concurrent_writes.py`: in a child process on a SQLite *file* (the in-memory test
database would hide the locking a web server meets), and in the test process on PostgreSQL.
Run by hand: `DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m openqi.core.tests.concurrent_writes`
(add `--plain` to drop OpenQI's SQLite settings and see the failures they prevent).
"""

import datetime
import json
import os
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Outcome:
    statuses: dict[str, list[int]] = field(default_factory=dict)
    checkins: int = 0
    data_points: int = 0
    pdsa_cycles: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def run(people: int = 6) -> Outcome:
    """Post `people` check-ins, `people` measure values and `people` PDSA plans all at once."""
    # lazy: imported once Django is set up (this module also runs as a script that sets it up).
    from django.db import close_old_connections, connection
    from django.test import Client

    from openqi.checkins.models import CheckIn
    from openqi.core.submission import FIELD_NAME, new_token
    from openqi.factories import MembershipFactory, OrganisationFactory, TeamFactory
    from openqi.measures.models import DataPoint, Measure
    from openqi.organisations.models import Role
    from openqi.projects import services as project_services
    from openqi.projects.models import PdsaCycle

    organisation = OrganisationFactory(slug="concurrent")
    ward = TeamFactory(organisation=organisation, name="Ward 5")
    lead = MembershipFactory(organisation=organisation, role=Role.LEAD, team=ward)
    staff = [MembershipFactory(organisation=organisation, role=Role.STAFF, team=ward) for _ in range(people)]
    measure = Measure.objects.create(
        organisation=organisation,
        name="Falls",
        measure_type="outcome",
        what_counted="Falls",
        frequency="weekly",
        chart_type="i",
        improvement="decrease",
    )
    project = project_services.project_create(
        actor=lead.user, organisation=organisation, title="Fewer falls", problem="Falls doubled.", domains=["safe"]
    )
    base = f"/o/{organisation.slug}"
    requests: list[tuple[str, Any, str, dict[str, Any]]] = []
    for i, member in enumerate(staff):
        requests.append(("checkin", member.user, f"{base}/check-in/", {"score": str(1 + i % 5)}))
        day = datetime.date(2025, 1, 6) + datetime.timedelta(weeks=i)
        period = {"period-day": day.day, "period-month": day.month, "period-year": day.year}
        requests.append(("data", lead.user, f"{base}/measures/{measure.pk}/data/", period | {"value": str(i)}))
        plan = {"objective": f"Test {i}", "question": "Will it work?", "prediction": "Fewer falls"}
        requests.append(("pdsa", lead.user, f"{base}/projects/{project.pk}/pdsa/new/", plan))
    clients = []
    for _, user, _, _ in requests:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    outcome = Outcome()
    start = threading.Barrier(len(requests))
    lock = threading.Lock()

    def send(index: int) -> None:
        kind, _, url, data = requests[index]
        try:
            start.wait()
            status = clients[index].post(url, {**data, FIELD_NAME: new_token()}).status_code
        except Exception as error:  # any failure is a lost answer: record it
            status = 599
            with lock:
                outcome.errors.append(repr(error))
        finally:
            close_old_connections()
            connection.close()
        with lock:
            outcome.statuses.setdefault(kind, []).append(status)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(requests))]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.seconds = round(time.monotonic() - began, 2)
    outcome.checkins = CheckIn.objects.filter(organisation=organisation).count()
    outcome.data_points = DataPoint.objects.filter(measure=measure).count()
    outcome.pdsa_cycles = PdsaCycle.objects.filter(project=project).count()
    return outcome


def main() -> None:
    """Migrate a SQLite file and run the writes; print the outcome as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openqi.test_settings")
    import django
    from django.conf import settings

    django.setup()
    if "--plain" in sys.argv:
        # What the settings were before issue 24: Django's SQLite defaults.
        settings.DATABASES["default"]["OPTIONS"] = {}
    from django.apps import apps
    from django.core.management import call_command

    # Tables straight from the models (as the test database is made): minutes faster than running
    # every migration, and the locking under test is SQLite's, not the schema's.
    settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    people = int(os.environ.get("CONCURRENT_PEOPLE", "6"))
    sys.stdout.write(json.dumps(asdict(run(people))) + "\n")


if __name__ == "__main__":
    main()
