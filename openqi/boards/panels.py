"""What a huddle board shows beside its cards, composed from the other apps' selectors: the team's
measures with their Making Data Count icons, PDSA cycles in progress, and the team's check-in
share of good days for the last complete week (suppressed by the shared k rule)."""

from dataclasses import dataclass

from markupsafe import Markup

from openqi.checkins.selectors import Cell, checkin_team_report
from openqi.measures.presenters.icons import icon_label_html
from openqi.measures.selectors import measure_list
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Team
from openqi.projects.access import project_queryset
from openqi.projects.models import PdsaCycle, PdsaStatus, Project, Visibility
from openqi.recognition.models import Nomination, ThankYou
from openqi.recognition.selectors import thank_you_for_team, winner_list

MEASURES_SHOWN = 12
CYCLES_SHOWN = 10


@dataclass(frozen=True)
class MeasureTile:
    name: str
    measure_id: int
    variation: Markup
    assurance: Markup


def team_measures(*, access: OrgAccess, team: Team) -> list[MeasureTile]:
    """The team's measures the reader may see (the measures app's own rule decides)."""
    measures = measure_list(organisation=access.organisation, access=access, team_id=team.pk)[:MEASURES_SHOWN]
    return [
        MeasureTile(
            name=m.name,
            measure_id=m.pk,
            variation=icon_label_html("variation", m.variation_icon, "No variation icon yet"),
            assurance=icon_label_html("assurance", m.assurance_icon, "No target"),
        )
        for m in measures
    ]


@dataclass(frozen=True)
class CycleTile:
    project: str
    number: int
    question: str
    status: str


def team_cycles(*, team: Team, access: OrgAccess | None, user_id: int | None) -> list[CycleTile]:
    """PDSA cycles being done or studied in the team's projects. A signed-in reader sees the
    projects they may see; a ward screen (no reader) only the team's non-private projects."""
    if access is not None and user_id is not None:
        projects = project_queryset(access=access, user_id=user_id).filter(team=team, archived_at__isnull=True)
    else:
        projects = Project.objects.filter(
            organisation_id=team.organisation_id, team=team, archived_at__isnull=True
        ).exclude(visibility=Visibility.PRIVATE)
    cycles = (
        PdsaCycle.objects.filter(project__in=projects.values("pk"), status__in=[PdsaStatus.DOING, PdsaStatus.STUDYING])
        .select_related("project")
        .order_by("project__title", "number")[:CYCLES_SHOWN]
    )
    return [
        CycleTile(project=c.project.title, number=c.number, question=c.question, status=c.get_status_display())
        for c in cycles
    ]


def team_checkins(*, team: Team) -> Cell | None:
    """The last complete week's check-ins for the team, as the QI team's report shows it (a count
    and share of good days only when the k rule allows; otherwise the cell says why not)."""
    report = checkin_team_report(organisation=team.organisation, team=team)
    return report.weeks[-1] if report.weeks else None


THANKS_SHOWN = 3


def team_thanks(*, team: Team, limit: int = THANKS_SHOWN) -> list[ThankYou]:
    """The team's latest thank-yous for its signed-in board (issue 19: a team sees its thank-yous
    on its huddle board). Team notes are open to the whole organisation; hidden ones never show.
    Never on a ward screen: they name their senders."""
    return list(thank_you_for_team(organisation=team.organisation, team=team).order_by("-created_at", "-id")[:limit])


def organisation_winners(*, team: Team, limit: int = THANKS_SHOWN) -> list[Nomination]:
    """The organisation's award winners of this month and last, for the signed-in board (issue 19:
    winners are announced on the huddle boards). Not on a ward screen: they name people."""
    return list(winner_list(organisation=team.organisation, months=2)[:limit])
