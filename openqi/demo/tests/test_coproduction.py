from typing import Any

from django.core import mail

from openqi.coproduction import selectors
from openqi.coproduction.models import InvolvementRequest, Offer, Volunteer
from openqi.demo.coproduction import seed_coproduction
from openqi.demo.organisations import seed_organisations
from openqi.demo.projects import seed_projects


def test_the_coproduction_demo_has_volunteers_a_request_and_an_invitation_and_sends_nothing(db: Any) -> None:
    demo = seed_organisations()
    seed_projects(northfield=demo.orgs["northfield"], riverside=demo.orgs["riverside"])
    mail.outbox.clear()
    for _ in range(2):  # idempotent
        seed_coproduction(system=demo.system, northfield=demo.orgs["northfield"], riverside=demo.orgs["riverside"])
    assert Volunteer.objects.count() == 6
    assert InvolvementRequest.objects.count() == 1 and Offer.objects.count() == 1
    northfield = demo.orgs["northfield"]
    assert selectors.registration_list(organisation=northfield).count() == 6
    request = InvolvementRequest.objects.get()
    shortlist = selectors.shortlist(request=request)
    assert shortlist and shortlist[0].match.score > 0
    assert mail.outbox == []
