"""What recognition holds about a person (registered in `openqi.core.personal_data`).

Erasure deletes the thank-yous they sent or received, the nominations of them and their
champion entry (their
collection and their place on the walls of fame); nominations they made or decided stay, shown
as by a former member. A prize draw keeps its entrant and winner ids: they are the record that
lets the panel verify the draw, and once the account is gone they name nobody."""

from typing import Any

from django.db.models import Q

from openqi.accounts.models import User
from openqi.core import personal_data
from openqi.recognition.models import CampaignChallenge, Champion, Nomination, ThankYou


def export_personal_data(*, user: User) -> dict[str, Any]:
    notes = ThankYou.objects.order_by("created_at", "id")
    fields = ("id", "organisation__name", "message", "created_at", "status")
    return {
        "thank_yous_sent": list(notes.filter(sender=user).values(*fields)),
        "thank_yous_received": list(notes.filter(recipient=user).values(*fields, "sender__full_name")),
        "nominations_of_you": list(
            Nomination.objects.filter(nominee=user).values(
                "organisation__name", "category__name", "month", "reason", "status", "citation"
            )
        ),
        "nominations_you_made": list(
            Nomination.objects.filter(nominated_by=user).values(
                "organisation__name", "category__name", "month", "reason", "status"
            )
        ),
        "champion": list(
            Champion.objects.filter(user=user).values(
                "organisation__name", "team__name", "focus", "focus_detail", "contact", "status"
            )
        ),
        "prize_draws_entered": [
            {"campaign": c.campaign.title, "won": user.pk in c.winner_ids}
            for c in CampaignChallenge.objects.select_related("campaign").order_by("id")
            if user.pk in c.entrant_ids
        ],
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    notes, _ = ThankYou.objects.filter(Q(sender=user) | Q(recipient=user)).delete()
    nominations, _ = Nomination.objects.filter(nominee=user).delete()
    made = Nomination.objects.filter(nominated_by=user).update(nominated_by=None)
    decided = Nomination.objects.filter(decided_by=user).update(decided_by=None)
    champions, _ = Champion.objects.filter(user=user).delete()
    # Their part in others' records is kept, as by a former member.
    Champion.objects.filter(decided_by=user).update(decided_by=None)
    ThankYou.objects.filter(moderated_by=user).update(moderated_by=None)
    ThankYou.objects.filter(shared_with=user).update(shared_with=None, shared_at=None)
    CampaignChallenge.objects.filter(created_by=user).update(created_by=None)
    CampaignChallenge.objects.filter(drawn_by=user).update(drawn_by=None)
    return {
        "thank_yous": notes,
        "nominations_of": nominations,
        "nominations_by": made + decided,
        "champions": champions,
    }


personal_data.register(app="recognition", export=export_personal_data, erase=erase_personal_data)
