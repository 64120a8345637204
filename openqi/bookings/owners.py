"""What the apps above tell bookings about their occasions (a registry filled in their
`AppConfig.ready()`): the words for an email and the address of the occasion's page.

    owners.register("network.event", describe=describe_event)

`describe(occasion, booking)` returns an `OccasionText`. It receives the booking so that details
only an attendee may see (an online joining link) go only into that attendee's email.

An owner whose occasion has several dated parts (a training cohort's sessions) may send its own
day-before reminders: `register(..., remind=queue)`, where `queue(window_start=, window_end=)`
queues them for parts starting in the window and returns how many. The bookings reminder, which
knows only the occasion's start, is then not sent for that owner's occasions.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from openqi.bookings.models import Booking, Occasion


@dataclass(frozen=True)
class OccasionText:
    title: str
    url: str  # absolute address of the occasion's page
    details: str = ""  # extra lines for an attendee's email (venue, access, joining link)


class Remind(Protocol):
    def __call__(self, *, window_start: datetime, window_end: datetime) -> int: ...


Describe = Callable[[Occasion, Booking], OccasionText]
_owners: dict[str, Describe] = {}
_reminders: dict[str, Remind] = {}


def register(owner: str, *, describe: Describe, remind: Remind | None = None) -> None:
    _owners[owner] = describe
    if remind is not None:
        _reminders[owner] = remind


def reminding_owners() -> list[str]:
    """Owners that send their own reminders (so bookings sends none for their occasions)."""
    return sorted(_reminders)


def remind(*, window_start: datetime, window_end: datetime) -> int:
    """Ask every owner that sends its own reminders to queue those due in the window."""
    return sum(queue(window_start=window_start, window_end=window_end) for queue in _reminders.values())


def describe(occasion: Occasion, booking: Booking) -> OccasionText:
    """The owner's description, or a plain one from the occasion itself when none is registered."""
    found = _owners.get(occasion.owner)
    if found is None:
        return OccasionText(title=occasion.title, url="", details=occasion.location)
    return found(occasion, booking)
