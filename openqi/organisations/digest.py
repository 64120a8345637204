"""What apps contribute to a system-wide digest (the QI network's quarterly update), without the
digest's app knowing them: an app above registers a source in its `AppConfig.ready()`, the
registry pattern of docs/architecture.md. Network and recognition are siblings that may not import
each other; both may import this.

A source answers, for one system and a start date, items that are already fit for the public:
the digest goes by email to network members, who may be patients and members of the public.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from openqi.organisations.models import System


@dataclass(frozen=True)
class DigestItem:
    title: str
    text: str
    path: str  # a site path ("/p/…"); the digest makes it absolute
    where: str  # the organisation's name, or ""


DigestSource = Callable[[System, datetime.date], list[DigestItem]]


@dataclass(frozen=True)
class DigestSection:
    key: str
    heading: str
    source: DigestSource
    order: int


_sections: dict[str, DigestSection] = {}


def digest_section_register(key: str, heading: str, source: DigestSource, *, order: int = 50) -> None:
    """Registering a key again (a second `ready()`) replaces it."""
    _sections[key] = DigestSection(key=key, heading=heading, source=source, order=order)


def digest_sections() -> list[DigestSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))
