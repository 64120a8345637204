from typing import Any

from django.core import mail
from django.test import Client

from openqi.accounts.models import User
from openqi.demo.network import seed_network
from openqi.demo.network_updates import seed_network_updates
from openqi.demo.organisations import seed_organisations
from openqi.network.models import Update, UpdateRecipient, UpdateStatus


def test_two_past_updates_are_in_the_public_archive_and_seeding_sends_nothing(db: Any) -> None:
    demo = seed_organisations()
    admin = User.objects.get(email="admin@openqi.example")
    seed_network(system=demo.system, orgs=demo.orgs, team_user=admin)
    mail.outbox.clear()
    seed_network_updates(system=demo.system, team_user=admin)
    seed_network_updates(system=demo.system, team_user=admin)  # idempotent
    sent = Update.objects.filter(system=demo.system, status=UpdateStatus.SENT)
    assert sent.count() == 2
    assert all(update.content["events"] for update in sent)
    page = Client().get(f"/network/{demo.system.slug}/updates/").content.decode()
    assert "Summer update from the QI network" in page and "Autumn update from the QI network" in page
    assert mail.outbox == [] and not UpdateRecipient.objects.exists()
