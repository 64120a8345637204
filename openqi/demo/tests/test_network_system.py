from typing import Any

from django.core import mail

from openqi.accounts.models import User
from openqi.demo.network import seed_network
from openqi.demo.network_system import seed_network_system
from openqi.demo.organisations import seed_organisations
from openqi.measures.models import Measure
from openqi.network import collaboratives
from openqi.network.system_models import Collaborative, LearningSession, SystemIdea


def test_system_ideas_at_every_stage_and_a_collaborative_across_both_trusts(db: Any) -> None:
    demo = seed_organisations()
    admin = User.objects.get(email="admin@openqi.example")
    staff = User.objects.get(email="staff@northfield.example")
    seed_network(system=demo.system, orgs=demo.orgs, team_user=admin)
    mail.outbox.clear()
    for _ in range(2):  # idempotent
        seed_network_system(system=demo.system, orgs=demo.orgs, team_user=admin, staff=staff)
    ideas = SystemIdea.objects.filter(system=demo.system)
    assert ideas.count() == 5
    assert {"submitted", "under_review", "accepted", "implemented", "not_taken_forward"} <= set(
        ideas.values_list("status", flat=True)
    )
    assert ideas.filter(identity="anonymous", submitted_by__isnull=True).count() == 4
    collaborative = Collaborative.objects.get(system=demo.system)
    page = collaboratives.collaborative_page(collaborative=collaborative, user=admin)
    assert {t.organisation.slug for t in page.teams} == {"northfield", "riverside"}
    assert all(chart.results is not None for row in page.rows for chart in row.charts)
    assert all(m.computed_at is not None for m in Measure.objects.filter(name="Discharges home before noon"))
    assert LearningSession.objects.filter(collaborative=collaborative).exists()
    assert mail.outbox == []
