"""Benchmark the QI network at issue 15's scale: 100,000 members, 2,000 events, 50,000 bookings.

Times, with SQL query counts:
- the public events page (target 100 ms);
- booking a place: the member's POST to the book view, server time (target 50 ms);
- the CQI team's member directory (first page, with the counts by organisation and interest).

Each is the median of several warm requests (different events and members for bookings).
- a quarterly update to every member (all chose updates here): pressing send, then the queue task
  writing one recipient row each and queuing the batch tasks (target: queued in 60 s); and one
  batch of 200 sent (to the test settings' in-memory mail backend: our side of the cost only).

Usage: python benchmarks/network_bench.py [--members 100000] [--events 2000] [--bookings 50000]
           [--database-url postgres://postgres@127.0.0.1:5432/DB]   (default: a throwaway SQLite file)
A PostgreSQL database given here is emptied first.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from _setup import prepare_database, start_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=2_000)
    parser.add_argument("--bookings", type=int, default=50_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    start_django(name="network", database_url=args.database_url, queue_tasks=True)
    prepare_database(table="network_member")

    from allauth.mfa.models import Authenticator
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from openqi.bookings.models import Booking, BookingStatus, Occasion
    from openqi.factories import OrganisationFactory, UserFactory
    from openqi.network.models import OWNER, Event, Member
    from openqi.network.views.common import SESSION_KEY
    from openqi.organisations.models import SystemMembership, SystemRole

    rng = random.Random(15)
    organisations = [OrganisationFactory() for _ in range(10)]
    system = organisations[0].system
    for org in organisations[1:]:
        org.system = system
        org.save()
    t0 = time.perf_counter()
    now = timezone.now()
    Member.objects.bulk_create(
        (
            Member(
                system=system,
                email=f"member{i}@example.org",
                name=f"Member {i}",
                organisation=organisations[i % 10] if i % 3 else None,
                topics=rng.sample(["mfi", "lean", "measurement", "spread"], 2),
                contact="everything",
                consent_wording="I agree",
                consented_at=now,
                verified_at=now,
            )
            for i in range(args.members)
        ),
        batch_size=5000,
    )
    starts = [now + timedelta(hours=12 * (i - args.events // 2)) for i in range(args.events)]
    occasions = Occasion.objects.bulk_create(
        (
            Occasion(owner=OWNER, title=f"Event {i}", starts_at=s, ends_at=s + timedelta(hours=2), capacity=40)
            for i, s in enumerate(starts)
        ),
        batch_size=2000,
    )
    Event.objects.bulk_create(
        (
            Event(
                system=system,
                occasion=o,
                description="A session.",
                kind="learning",
                mode="online",
                online_link="https://meet.example.org/x",
            )
            for o in occasions
        ),
        batch_size=2000,
    )
    per_event = max(args.bookings // args.events, 1)
    Booking.objects.bulk_create(
        (
            Booking(
                occasion=o,
                email=f"member{(i * per_event + j) % args.members}@example.org",
                name="Member",
                status=BookingStatus.CONFIRMED,
            )
            for i, o in enumerate(occasions)
            for j in range(per_event)
        ),
        batch_size=5000,
    )
    print(
        f"seeded {Member.objects.count()} members, {Event.objects.count()} events, "
        f"{Booking.objects.count()} bookings in {time.perf_counter() - t0:.1f} s ({connection.vendor})"
    )

    def timed(call: Callable[[], Any], runs: int) -> tuple[float, int]:
        times, queries = [], 0
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                t = time.perf_counter()
                response = call()
                times.append(time.perf_counter() - t)
            if response.status_code != 200:
                raise SystemExit(f"unexpected status {response.status_code}")
            queries = len(captured)
        return statistics.median(times) * 1000, queries

    client = Client()
    client.get(f"/network/{system.slug}/events/")  # warm up
    ms, q = timed(lambda: client.get(f"/network/{system.slug}/events/"), 7)
    print(f"events page: {ms:.1f} ms median, {q} queries (target 100 ms)")

    future = list(Event.objects.filter(system=system, occasion__starts_at__gt=now).order_by("?")[:20])
    members = list(Member.objects.filter(system=system).order_by("-pk")[:20])  # booked on nothing yet
    booking_times, booking_queries = [], 0
    member_client = Client()  # one client: each new one builds the middleware again (seconds)
    member_client.get("/healthz")
    for event, member in zip(future, members, strict=False):
        session = SessionStore()
        session[SESSION_KEY] = {str(system.pk): member.pk}
        session.save()
        member_client.cookies["sessionid"] = session.session_key
        with CaptureQueriesContext(connection) as captured:
            t = time.perf_counter()
            response = member_client.post(f"/network/{system.slug}/events/{event.pk}/book/")
            booking_times.append(time.perf_counter() - t)
        if response.status_code != 302:
            raise SystemExit(f"booking answered {response.status_code}")
        booking_queries = len(captured)
    print(
        f"book a place: {statistics.median(booking_times) * 1000:.1f} ms median, "
        f"{booking_queries} queries (target 50 ms)"
    )

    team = UserFactory()
    SystemMembership.objects.create(user=team, system=system, role=SystemRole.SYSTEM_ADMIN)
    # System admins must have two factors, or every page sends them to set one up.
    Authenticator.objects.create(user=team, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    team_client = Client()
    team_client.force_login(team)
    ms, q = timed(lambda: team_client.get(f"/network/{system.slug}/team/members/"), 3)
    print(f"member directory with counts: {ms:.1f} ms median, {q} queries (no target in the issue)")

    from django_tasks_db.models import DBTaskResult

    from openqi.network import update_sending, updates
    from openqi.network.models import UpdateRecipient

    update = updates.update_compose(
        actor=team, system=system, subject="Benchmark update", intro="Hello.", since=(now - timedelta(days=91)).date()
    )
    queued_before = DBTaskResult.objects.count()
    t = time.perf_counter()
    updates.update_send(actor=team, update=update)  # queues update_queue on commit
    update_sending.update_queue.call(update.pk)  # what the worker runs next
    queue_s = time.perf_counter() - t
    batches = DBTaskResult.objects.count() - queued_before - 1
    print(
        f"update to {UpdateRecipient.objects.filter(update=update).count()} members queued: {queue_s:.1f} s "
        f"in {batches} batch tasks of {update_sending.BATCH} (target 60 s)"
    )
    first = list(UpdateRecipient.objects.filter(update=update).order_by("pk").values_list("pk", flat=True)[:200])
    t = time.perf_counter()
    update_sending.update_send_batch.call(update.pk, first)
    batch_s = time.perf_counter() - t
    print(
        f"one batch of {len(first)} sent: {batch_s:.2f} s "
        f"(so about {batch_s * batches / 60:.0f} min of one worker for the whole update, before SMTP time)"
    )


if __name__ == "__main__":
    main()
