"""Demo data for the network's quarterly updates: two past updates in the public archive, written
straight to the table so seeding sends no email. Their stories and answers are what the demo trusts
published; their events are the network events of the quarter that followed each update."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from openqi.accounts.models import User
from openqi.network import updates
from openqi.network.models import Event, Update, UpdateStatus
from openqi.organisations.models import System

PAST = (
    (
        182,
        "Summer update from the QI network",
        "Welcome to the network's summer update. Over 100 colleagues, patients and carers joined us this "
        "quarter.\n\nNew on the resources page: a one-page guide to run charts, and the recording of our "
        "Model for Improvement masterclass.",
    ),
    (
        91,
        "Autumn update from the QI network",
        "Thank you to everyone who came to the autumn learning sessions.\n\nThis quarter we share stories "
        "from both trusts and what changed because of your ideas. Winter pressures are coming: our huddles "
        "on flow and discharge are open to everyone.",
    ),
)


def seed_network_updates(*, system: System, team_user: User) -> None:
    if Update.objects.filter(system=system).exists():
        return
    now = timezone.now()
    for days_ago, subject, intro in PAST:
        sent_at = now - timedelta(days=days_ago)
        content = updates.gather(system=system, since=(sent_at - timedelta(days=91)).date())
        events = Event.objects.filter(
            system=system, occasion__starts_at__gte=sent_at, occasion__starts_at__lt=sent_at + timedelta(days=91)
        ).select_related("occasion")[: updates.MAX_ITEMS]
        content["events"] = [
            {
                "title": event.title,
                "text": f"{event.when}. {event.get_kind_display()}, {event.get_mode_display().lower()}.",
                "url": updates.absolute(reverse("network:event_detail", args=[system.slug, event.pk])),
                "where": "",
            }
            for event in events
        ]
        Update.objects.create(
            system=system,
            subject=subject,
            intro=intro,
            content=content,
            status=UpdateStatus.SENT,
            created_by=team_user,
            created_at=sent_at - timedelta(days=2),
            sent_at=sent_at,
        )
