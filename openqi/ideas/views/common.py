"""Helpers shared by the idea pages."""

from django.http import Http404

from openqi.ideas import selectors
from openqi.ideas.models import Idea
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Role

QI_TEAM = Role.QI_COACH


def idea_or_404(access: OrgAccess, idea_id: int, *, include_unmoderated: bool = False) -> Idea:
    idea = selectors.idea_get(
        organisation=access.organisation, idea_id=idea_id, include_unmoderated=include_unmoderated
    )
    if idea is None:
        raise Http404
    return idea


def team_id_param(value: str) -> int | None:
    return int(value) if value.isdigit() else None
