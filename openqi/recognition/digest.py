"""The month's award winners for the QI network's update (issue 19), registered with
`organisations.digest` in this app's `ready()`."""

import datetime

from django.urls import reverse

from openqi.organisations.digest import DigestItem
from openqi.organisations.models import System
from openqi.recognition.selectors import winner_list_for_system

MAX_WINNERS = 8


def award_winners(system: System, since: datetime.date) -> list[DigestItem]:
    """Winners decided since `since`, in every organisation of the system: the award, the month,
    who won (a person, a team or a piece of work, as the panel named them) and the panel's words.
    Links go to the organisation's public "you said, we did" page, never to a staff-only page."""
    start = datetime.datetime.combine(since, datetime.time(), tzinfo=datetime.UTC)
    winners = winner_list_for_system(system=system).filter(decided_at__gte=start)[:MAX_WINNERS]
    return [
        DigestItem(
            title=f"{winner.category.name}, {winner.month:%B %Y}: {winner.nominee_label}",
            text=winner.citation,
            path=reverse("ideas:portal_you_said_we_did", args=[winner.organisation.slug]),
            where=winner.organisation.name,
        )
        for winner in winners
    ]
