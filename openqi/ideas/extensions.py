"""What the ideas app learns from apps above it, without importing them (the seam of ADR 0008).

Recognition sits above ideas and adds an individual target and a prize draw to a campaign
(issue 19). A person sharing ideas into the campaign reads its page here, so the campaign page
asks the registered sources for panels to show: what the target is, the reader's own progress,
and where to go next. An app registers a source from its `AppConfig.ready()`; with nothing
registered, the campaign page shows no panel.

A source answers for one reader (their `OrgAccess` and user id) and shows only what that person
may see: their own progress, never anyone else's.
"""

from dataclasses import dataclass, field
from typing import Any, Protocol

from openqi.organisations.access import OrgAccess


@dataclass(frozen=True)
class PanelLink:
    text: str
    href: str


@dataclass(frozen=True)
class CampaignPanel:
    """A box on the campaign page: a heading, a few plain sentences and links."""

    heading: str
    lines: tuple[str, ...]
    links: tuple[PanelLink, ...] = ()


class CampaignPanelSource(Protocol):
    # The campaign is an `ideas.models.Campaign`; typed loosely so this module stays import-light.
    def __call__(self, *, access: OrgAccess, user_id: int, campaign: Any) -> CampaignPanel | None: ...


@dataclass
class Registry:
    campaign_panel_sources: list[CampaignPanelSource] = field(default_factory=list)


# One per process, filled while Django starts (AppConfig.ready); tests may swap in a fresh one.
REGISTRY = Registry()


def register_campaign_panel(source: CampaignPanelSource) -> None:
    if source not in REGISTRY.campaign_panel_sources:  # ready() may run more than once in tests
        REGISTRY.campaign_panel_sources.append(source)


def campaign_panel_sources() -> tuple[CampaignPanelSource, ...]:
    return tuple(REGISTRY.campaign_panel_sources)
