"""Collaboratives (programmes): projects of several organisations with one shared aim and shared
measures, learning sessions that are network events, and every team's chart side by side
(issue 15, ADR 0029). Services and selectors for this one concept, scoped by the system (ICS).

What a collaborative shares of an organisation, and no more: the organisation's name, its enrolled
project's title (only a project the organisation already shows across the ICS, `Visibility.PUBLIC`,
may be enrolled), and the chart of each measure it linked to a shared measure, read as the public
would see it (`measure_refs.public_access`: only measures shared with the whole organisation, never
a team-only one). Charts come through projects' `measure_refs` bridge, the one way to measures.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.network.models import Event
from openqi.network.selectors import user_is_network_team
from openqi.network.system_models import (
    Collaborative,
    CollaborativeTeam,
    LearningSession,
    SharedMeasure,
    TeamMeasure,
)
from openqi.organisations.models import Membership, Organisation, Role, System
from openqi.projects.measure_refs import ResultsChart, public_access, results_chart
from openqi.projects.models import LinkKind, Project, ProjectLink, Visibility

# ----------------------------------------------------------------------------- reads


def collaborative_list(*, system: System, user: Any) -> QuerySet[Collaborative]:
    """The collaboratives this person may see: all for the CQI team; for anyone else, those in
    which an organisation they belong to (as staff or above) takes part."""
    collaboratives = Collaborative.objects.filter(system=system)
    if user_is_network_team(user=user, system=system):
        return collaboratives
    if not getattr(user, "is_authenticated", False):
        return collaboratives.none()
    mine = Membership.objects.filter(user=user).exclude(role=Role.PARTNER).values("organisation_id")
    return collaboratives.filter(teams__organisation_id__in=mine).distinct()


def collaborative_get(*, system: System, user: Any, collaborative_id: int) -> Collaborative | None:
    return collaborative_list(system=system, user=user).filter(pk=collaborative_id).first()


def collaborative_manage_get(*, system: System, collaborative_id: int) -> Collaborative | None:
    """For the CQI team's pages only (the view checks the team first)."""
    return Collaborative.objects.filter(system=system, pk=collaborative_id).first()


def enrollable_projects(*, system: System) -> QuerySet[Project]:
    """Projects the ICS may already see (a public summary across the ICS), not archived."""
    return (
        Project.objects.filter(organisation__system=system, visibility=Visibility.PUBLIC, archived_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )


def team_measure_choices(*, team: CollaborativeTeam) -> QuerySet[ProjectLink]:
    return ProjectLink.objects.filter(project=team.project, organisation=team.organisation, kind=LinkKind.MEASURE)


def session_choices(*, system: System) -> QuerySet[Event]:
    return Event.objects.filter(system=system, occasion__cancelled_at__isnull=True).select_related("occasion")


@dataclass(frozen=True)
class TeamChart:
    team: CollaborativeTeam
    results: ResultsChart | None  # None: not linked, no data yet, or not shared with the organisation
    linked: bool
    narrow: Any  # the phone drawing of the same chart (measures' ChartPresenter), or None


@dataclass(frozen=True)
class MeasureRow:
    measure: SharedMeasure
    charts: list[TeamChart]


@dataclass(frozen=True)
class CollaborativePage:
    collaborative: Collaborative
    teams: list[CollaborativeTeam]
    rows: list[MeasureRow]
    sessions: list[LearningSession]
    my_organisation_ids: set[int]


def collaborative_page(*, collaborative: Collaborative, user: Any) -> CollaborativePage:
    """Every shared measure with each team's chart side by side, as the public sees each chart."""
    teams = list(
        CollaborativeTeam.objects.filter(collaborative=collaborative).select_related("organisation", "project")
    )
    links = {
        (tm.team_id, tm.shared_measure_id): tm.project_link
        for tm in TeamMeasure.objects.filter(team__collaborative=collaborative).select_related("project_link")
    }
    rows = []
    for measure in SharedMeasure.objects.filter(collaborative=collaborative):
        charts = []
        for team in teams:
            link = links.get((team.pk, measure.pk))
            results = (
                results_chart(access=public_access(team.organisation), ref_id=link.ref_id) if link is not None else None
            )
            narrow = None
            if results is not None:
                # Several charts on one page: each drawing needs its own ids for its title and description.
                results.presenter.id_prefix = f"chart-{measure.pk}-{team.pk}"
                narrow = results.presenter.narrow_variant
                narrow.id_prefix = f"chart-narrow-{measure.pk}-{team.pk}"
            charts.append(TeamChart(team=team, results=results, linked=link is not None, narrow=narrow))
        rows.append(MeasureRow(measure=measure, charts=charts))
    mine: set[int] = set()
    if getattr(user, "is_authenticated", False):
        mine = set(
            Membership.objects.filter(user=user).exclude(role=Role.PARTNER).values_list("organisation_id", flat=True)
        )
    sessions = list(
        LearningSession.objects.filter(collaborative=collaborative).select_related("event", "event__occasion")
    )
    return CollaborativePage(
        collaborative=collaborative, teams=teams, rows=rows, sessions=sessions, my_organisation_ids=mine
    )


# ----------------------------------------------------------------------------- writes


def _audit(actor: User, action: str, obj: Any, collaborative: Collaborative, **detail: Any) -> None:
    audit_log(actor=actor, action=action, obj=obj, detail={"collaborative": collaborative.pk, **detail})


@transaction.atomic
def collaborative_create(*, actor: User, system: System, title: str, aim: str) -> Collaborative:
    collaborative = Collaborative.objects.create(system=system, title=title.strip(), aim=aim.strip(), created_by=actor)
    _audit(actor, "network.collaborative_create", collaborative, collaborative)
    return collaborative


@transaction.atomic
def shared_measure_add(*, actor: User, collaborative: Collaborative, name: str, definition: str) -> SharedMeasure:
    measure = SharedMeasure.objects.create(
        collaborative=collaborative, name=name.strip(), definition=definition.strip()
    )
    _audit(actor, "network.collaborative_measure_add", measure, collaborative)
    return measure


def collaborative_team_add(*, actor: User, collaborative: Collaborative, project_id: int) -> CollaborativeTeam:
    project = enrollable_projects(system=collaborative.system).filter(pk=project_id).first()
    if project is None:
        raise ValidationError({"project": "Choose a project from the list"})
    try:
        with transaction.atomic():
            team = CollaborativeTeam.objects.create(
                collaborative=collaborative, organisation=project.organisation, project=project
            )
            _audit(actor, "network.collaborative_team_add", team, collaborative, project=project.pk)
    except IntegrityError:
        raise ValidationError({"project": "This project already takes part"}) from None
    return team


def team_measure_link(
    *, actor: User, team: CollaborativeTeam, shared_measure: SharedMeasure, link_id: int
) -> TeamMeasure:
    """Say which of the team's project measures collects the shared measure (one per team)."""
    if shared_measure.collaborative_id != team.collaborative_id:
        raise ValidationError({"shared_measure": "Choose a shared measure from the list"})
    link = team_measure_choices(team=team).filter(pk=link_id).first()
    if link is None:
        raise ValidationError({"link": "Choose one of the project's measures"})
    with transaction.atomic():
        tm, _created = TeamMeasure.objects.update_or_create(
            team=team, shared_measure=shared_measure, defaults={"project_link": link}
        )
        _audit(actor, "network.collaborative_measure_link", tm, team.collaborative, link=link.pk)
    return tm


def learning_session_add(*, actor: User, collaborative: Collaborative, event_id: int) -> LearningSession:
    event = session_choices(system=collaborative.system).filter(pk=event_id).first()
    if event is None:
        raise ValidationError({"event": "Choose an event from the list"})
    try:
        with transaction.atomic():
            session = LearningSession.objects.create(collaborative=collaborative, event=event)
            _audit(actor, "network.collaborative_session_add", session, collaborative, event=event.pk)
    except IntegrityError:
        raise ValidationError({"event": "This event is already one of its learning sessions"}) from None
    return session


def collaborative_team_get(*, collaborative: Collaborative, team_id: int) -> CollaborativeTeam | None:
    return CollaborativeTeam.objects.filter(collaborative=collaborative, pk=team_id).select_related("project").first()


def shared_measure_get(*, collaborative: Collaborative, measure_id: int) -> SharedMeasure | None:
    return SharedMeasure.objects.filter(collaborative=collaborative, pk=measure_id).first()


def organisations_taking_part(*, collaborative: Collaborative) -> list[Organisation]:
    ids = CollaborativeTeam.objects.filter(collaborative=collaborative).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))
