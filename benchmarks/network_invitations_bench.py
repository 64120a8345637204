"""Benchmark invitations by interest (ADR 0029) at issue 15's scale: 100,000 members, about half of
them with the chosen interest. Times the queue task (one recipient row each, conflicts ignored,
and the batch tasks of 200) and one batch sent to the in-memory mail backend (our side only), then
runs the queue again to show a rerun invites nobody twice.

Usage: python benchmarks/network_invitations_bench.py [--members 100000]
           [--database-url postgres://postgres@127.0.0.1:5432/DB]   (default: a throwaway SQLite file)
A PostgreSQL database given here is emptied first.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import timedelta

from _setup import prepare_database, start_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    start_django(name="network_invitations", database_url=args.database_url, queue_tasks=True)
    prepare_database(table="network_member")

    from django.db import connection
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from openqi.bookings.models import Occasion
    from openqi.factories import OrganisationFactory, UserFactory
    from openqi.network import invitations
    from openqi.network.models import OWNER, Event, Member
    from openqi.network.system_models import Invitation, InvitationRecipient

    rng = random.Random(29)
    system = OrganisationFactory().system
    now = timezone.now()
    t0 = time.perf_counter()
    Member.objects.bulk_create(
        (
            Member(
                system=system,
                email=f"member{i}@example.org",
                name=f"Member {i}",
                topics=rng.sample(["mfi", "lean", "measurement", "spread"], 2),
                contact=rng.choice(["everything", "events", "nothing"]),
                consent_wording="I agree",
                consented_at=now,
                verified_at=now,
            )
            for i in range(args.members)
        ),
        batch_size=5000,
    )
    starts = now + timedelta(days=14)
    occasion = Occasion.objects.create(
        owner=OWNER, title="Learning session", starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=200
    )
    event = Event.objects.create(
        system=system, occasion=occasion, description="A session.", kind="learning", mode="online"
    )
    team = UserFactory()
    print(f"seeded {Member.objects.count()} members in {time.perf_counter() - t0:.1f} s ({connection.vendor})")
    print(f"load average before timing: {os.getloadavg()[0]:.1f}")

    invitation = Invitation.objects.create(system=system, event=event, topic="mfi", created_by=team)
    queued_before = DBTaskResult.objects.count()
    t = time.perf_counter()
    invitations.invitation_queue.call(invitation.pk)
    queue_s = time.perf_counter() - t
    invited = InvitationRecipient.objects.filter(invitation=invitation).count()
    batches = DBTaskResult.objects.count() - queued_before
    print(f"invitation to {invited} members queued: {queue_s:.1f} s in {batches} batch tasks of 200")
    first = list(
        InvitationRecipient.objects.filter(invitation=invitation).order_by("pk").values_list("pk", flat=True)[:200]
    )
    t = time.perf_counter()
    invitations.invitation_send_batch.call(invitation.pk, first)
    batch_s = time.perf_counter() - t
    print(f"one batch of {len(first)} sent: {batch_s:.2f} s (about {batch_s * batches / 60:.0f} min of one worker)")
    again = Invitation.objects.create(system=system, event=event, topic="lean", created_by=team)
    t = time.perf_counter()
    invitations.invitation_queue.call(again.pk)
    print(
        f"a second invitation to the same event (another interest) queued in {time.perf_counter() - t:.1f} s; "
        f"new recipients {InvitationRecipient.objects.filter(invitation=again).count()} "
        f"(only members not invited already); total rows for the event "
        f"{InvitationRecipient.objects.filter(event=event).count()}"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
