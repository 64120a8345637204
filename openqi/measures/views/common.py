"""Shared helpers of the measure pages."""

from typing import Any

from django.http import Http404, HttpRequest

from openqi.measures import selectors
from openqi.measures.forms import (
    team_choices,
)
from openqi.measures.models import Measure
from openqi.measures.presenters import (
    VARIATION_ICONS,
)
from openqi.organisations.access import OrgAccess
from openqi.vocabulary import MeasureType

EDIT_ROLE = "champion"
CHART_ROLE = "qi_coach"


def measure_or_404(access: OrgAccess, measure_id: int) -> Measure:
    """The measure this reader may see, or 404 (another organisation's, or a team-only one)."""
    measure = selectors.measure_get(organisation=access.organisation, access=access, measure_id=measure_id)
    if measure is None:
        raise Http404
    return measure


def list_filters(request: HttpRequest, access: OrgAccess) -> dict[str, Any]:
    """The team, type and variation filters shared by the measure list and the icon matrix."""
    teams = dict(team_choices(access.organisation, empty="All teams"))
    team = request.GET.get("team", "")
    measure_type = request.GET.get("type", "")
    icon = request.GET.get("icon", "")
    return {
        "team": team if team in teams else "",
        "type": measure_type if measure_type in MeasureType.values else "",
        "icon": icon if icon in VARIATION_ICONS else "",
        "team_choices": list(teams.items()),
        "type_choices": [("", "All types"), *MeasureType.choices],
        "icon_choices": [("", "Any variation")] + [(k, v[3]) for k, v in VARIATION_ICONS.items()],
    }
