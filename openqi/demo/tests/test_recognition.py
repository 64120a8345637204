from typing import Any

from openqi.accounts.models import User
from openqi.demo.ideas import seed_campaign
from openqi.demo.organisations import seed_organisations
from openqi.demo.recognition import seed_recognition
from openqi.recognition.models import (
    CampaignChallenge,
    Champion,
    ChampionStatus,
    Nomination,
    NominationStatus,
    ThankYou,
)
from openqi.recognition.selectors import recent_winners_for_user, winner_list_for_system


def test_demo_recognition_fills_the_pages_once(db: Any) -> None:
    demo = seed_organisations()
    northfield, riverside = demo.orgs["northfield"], demo.orgs["riverside"]
    lead = User.objects.get(email="lead@northfield.example")
    seed_campaign(organisation=northfield, lead=lead)
    ward = demo.teams["northfield"]["Ward 7 (Acute Medicine)"]
    seed_recognition(northfield=northfield, riverside=riverside, ward=ward)
    counts = (ThankYou.objects.count(), Nomination.objects.count(), CampaignChallenge.objects.count())
    seed_recognition(northfield=northfield, riverside=riverside, ward=ward)
    assert (
        counts == (ThankYou.objects.count(), Nomination.objects.count(), CampaignChallenge.objects.count()) == (3, 4, 1)
    )
    assert Nomination.objects.filter(status=NominationStatus.SHORTLISTED).count() == 1
    assert {n.organisation.slug for n in winner_list_for_system(system=demo.system)} == {"northfield", "riverside"}
    assert Champion.objects.get().status == ChampionStatus.APPROVED
    assert recent_winners_for_user(user=User.objects.get(email="staff@northfield.example"))
