"""Many people book the last places of one occasion at the same moment, each thread with its own
database connection: the occasion is never overbooked, and everyone else is on the waiting list.

Used by `test_concurrent_bookings.py`: in a child process on a SQLite *file* (the in-memory test
database would hide the locking), and in the test process on PostgreSQL.
Run by hand: `DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m openqi.bookings.tests.concurrent_bookings`
"""

import json
import os
import sys
import threading
from dataclasses import asdict, dataclass, field


@dataclass
class Outcome:
    capacity: int = 0
    confirmed: int = 0
    waiting: int = 0
    errors: list[str] = field(default_factory=list)


def run(people: int = 12, capacity: int = 5) -> Outcome:
    # lazy: imported once Django is set up (this module also runs as a script that sets it up).
    from django.db import close_old_connections, connection

    from openqi.bookings import services
    from openqi.bookings.models import Booking, BookingStatus
    from openqi.bookings.tests.helpers import an_occasion

    occasion = an_occasion(capacity=capacity, owner="tests.concurrent")
    start = threading.Barrier(people)
    lock = threading.Lock()
    outcome = Outcome(capacity=capacity)

    def book(index: int) -> None:
        try:
            start.wait()
            services.booking_create(occasion=occasion, email=f"person{index}@example.org", name=f"Person {index}")
        except Exception as error:  # any failure is a lost booking: record it
            with lock:
                outcome.errors.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=book, args=(i,)) for i in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bookings = Booking.objects.filter(occasion=occasion)
    outcome.confirmed = bookings.filter(status=BookingStatus.CONFIRMED).count()
    outcome.waiting = bookings.filter(status=BookingStatus.WAITING).count()
    return outcome


def main() -> None:
    """Make a SQLite file's tables and run the bookings; print the outcome as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openqi.test_settings")
    import django
    from django.conf import settings

    django.setup()
    from django.apps import apps
    from django.core.management import call_command

    settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    people = int(os.environ.get("CONCURRENT_PEOPLE", "12"))
    sys.stdout.write(json.dumps(asdict(run(people))) + "\n")


if __name__ == "__main__":
    main()
