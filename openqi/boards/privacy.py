"""What the huddle boards hold about a person (registered in `openqi.core.personal_data`).

Cards they own or wrote, huddle notes they recorded, huddles they were ticked as attending and
the count-to-measure links they saved. The card and the note are the team's record of its work, so
erasure keeps them and removes the person from them (owner and author become empty, shown as
nobody; their name leaves the huddle's attendees while its count stays); a card's free-text title
is the team's words and is kept."""

from typing import Any

from openqi.accounts.models import User
from openqi.boards.models import Card, ControlFeed, HuddleLog
from openqi.core import personal_data


def export_personal_data(*, user: User) -> dict[str, Any]:
    card_fields = ("organisation__name", "team__name", "title", "column", "due", "created_at")
    return {
        "board_cards_owned": list(Card.objects.filter(owner=user).order_by("created_at", "id").values(*card_fields)),
        "board_cards_written": list(
            Card.objects.filter(created_by=user).order_by("created_at", "id").values(*card_fields)
        ),
        "huddle_notes_recorded": list(
            HuddleLog.objects.filter(created_by=user)
            .order_by("date", "id")
            .values("organisation__name", "team__name", "date", "attended", "discussed")
        ),
        "huddles_attended": list(
            HuddleLog.objects.filter(attendees=user)
            .order_by("date", "id")
            .values("organisation__name", "team__name", "date")
        ),
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    owned = Card.objects.filter(owner=user).update(owner=None)
    written = Card.objects.filter(created_by=user).update(created_by=None)
    notes = HuddleLog.objects.filter(created_by=user).update(created_by=None)
    # A count's link to a measure stays the team's; the nightly feed stops until a lead saves it again.
    feeds = ControlFeed.objects.filter(updated_by=user).update(updated_by=None)
    attended, _ = HuddleLog.attendees.through.objects.filter(user=user).delete()
    return {
        "board_cards_owned": owned,
        "board_cards_written": written,
        "huddle_notes": notes,
        "control_feeds_unlinked": feeds,
        "huddles_attended": attended,
    }


personal_data.register(app="boards", export=export_personal_data, erase=erase_personal_data)
