from datetime import timedelta
from typing import Any

from django.core import mail
from django.db.models import Count, Q
from django.utils import timezone

from openqi.accounts.models import User
from openqi.bookings.models import Occasion
from openqi.demo.network import seed_network
from openqi.demo.organisations import seed_organisations
from openqi.network.models import Event, Member


def test_the_network_demo_is_a_year_of_events_and_members_never_overbooked_and_sends_nothing(db: Any) -> None:
    demo = seed_organisations()
    admin = User.objects.get(email="admin@openqi.example")
    mail.outbox.clear()
    seed_network(system=demo.system, orgs=demo.orgs, team_user=admin)
    seed_network(system=demo.system, orgs=demo.orgs, team_user=admin)  # idempotent
    now = timezone.now()
    events = Event.objects.filter(system=demo.system)
    assert events.filter(occasion__starts_at__lt=now - timedelta(days=150)).exists()
    assert events.filter(occasion__starts_at__gt=now + timedelta(days=150)).exists()
    assert Member.objects.filter(system=demo.system, organisation__isnull=False).count() > 50
    assert Member.objects.filter(system=demo.system, organisation__isnull=True).count() > 30
    held = Occasion.objects.annotate(
        held=Count("bookings", filter=Q(bookings__status__in=["confirmed", "offered"])),
        waiting=Count("bookings", filter=Q(bookings__status="waiting")),
    )
    assert all(o.held <= o.capacity for o in held)
    assert any(o.waiting for o in held)
    assert mail.outbox == []
