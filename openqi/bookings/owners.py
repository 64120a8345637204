"""What the apps above tell bookings about their occasions (a registry filled in their
`AppConfig.ready()`): the words for an email and the address of the occasion's page.

    owners.register("network.event", describe=describe_event)

`describe(occasion, booking)` returns an `OccasionText`. It receives the booking so that details
only an attendee may see (an online joining link) go only into that attendee's email.
"""

from collections.abc import Callable
from dataclasses import dataclass

from openqi.bookings.models import Booking, Occasion


@dataclass(frozen=True)
class OccasionText:
    title: str
    url: str  # absolute address of the occasion's page
    details: str = ""  # extra lines for an attendee's email (venue, access, joining link)


Describe = Callable[[Occasion, Booking], OccasionText]
_owners: dict[str, Describe] = {}


def register(owner: str, *, describe: Describe) -> None:
    _owners[owner] = describe


def describe(occasion: Occasion, booking: Booking) -> OccasionText:
    """The owner's description, or a plain one from the occasion itself when none is registered."""
    found = _owners.get(occasion.owner)
    if found is None:
        return OccasionText(title=occasion.title, url="", details=occasion.location)
    return found(occasion, booking)
