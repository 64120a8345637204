"""What the board pages share: finding the team and card, the board's context and address."""

from django.http import Http404
from django.urls import reverse

from openqi.boards import selectors
from openqi.boards.models import Card
from openqi.live.registry import live_version
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Team

CHANNEL = "boards.team"


LIVE_SECONDS = 5


def team_or_404(access: OrgAccess, team_id: int) -> Team:
    team = selectors.board_team_get(organisation=access.organisation, team_id=team_id)
    if team is None:
        raise Http404
    return team


def board_context(team: Team) -> dict[str, object]:
    return {
        "team": team,
        "columns": selectors.board_columns(team=team),
        "controls": selectors.control_rows(team=team),
        "version": live_version(CHANNEL, team_id=team.pk),
        "live_seconds": LIVE_SECONDS,
    }


def card_or_404(team: Team, card_id: int, *, include_archived: bool = False) -> Card:
    card = selectors.card_get(team=team, card_id=card_id, include_archived=include_archived)
    if card is None:
        raise Http404
    return card


def board_url(access: OrgAccess, team: Team, anchor: str = "") -> str:
    return reverse("boards:board_detail", args=[access.organisation.slug, team.pk]) + anchor
