"""Demo data for system ideas and collaboratives (ADR 0029): system ideas at every stage, some
anonymous, with published "you said, we did" answers; and a safer-discharge collaborative across
the two demo trusts, each team with a weekly chart of the shared measure and learning sessions
that are network events. Written through the services, so it follows the same rules."""

import datetime
import random

from django.utils import timezone

from openqi.accounts.models import User
from openqi.measures.models import DataPoint, Measure
from openqi.measures.services import measure_summary_refresh
from openqi.network import collaboratives, system_ideas
from openqi.network.models import Event, EventKind
from openqi.network.system_models import Collaborative, SharedMeasure, SystemIdea
from openqi.organisations.models import Organisation, System
from openqi.projects.models import LinkKind, Project, ProjectLink, Visibility

IDEAS = (
    # title, problem, services, anonymous, steps (status, public answer)
    (
        "One discharge letter that GPs and district nurses can both read",
        "District nurses visit patients the day after discharge without the letter the GP gets, so they "
        "phone the ward for the medication list.",
        "Hospital discharge, district nursing, general practice",
        True,
        (
            ("under_review", ""),
            ("accepted", ""),
            (
                "implemented",
                "Both trusts now send the same discharge "
                "letter to the GP and the community nursing team on the day of discharge.",
            ),
        ),
    ),
    (
        "Shared wheelchair-accessible transport booking across both trusts",
        "Patients moving between Northfield and Riverside for clinics wait hours because each trust books "
        "transport separately.",
        "Patient transport, outpatients",
        False,
        (("under_review", ""), ("accepted", "")),
    ),
    (
        "Mental health crisis line number on every emergency department leaflet",
        "People leaving the emergency department after self-harm are not told about the community crisis line.",
        "Emergency department, community mental health",
        True,
        (("under_review", ""),),
    ),
    (
        "A single falls risk assessment from care home to ward",
        "Care homes and wards each do their own falls assessment; the care home's is lost at admission.",
        "Care homes, acute wards, social care",
        True,
        (),
    ),
    (
        "One phone number for all appointment changes",
        "Patients with appointments at both trusts call four numbers to move them.",
        "Outpatients, booking",
        True,
        (
            ("under_review", ""),
            (
                "not_taken_forward",
                "Each trust's booking system is being replaced in 2027; "
                "we have asked for one number to be part of the new service and will report back.",
            ),
        ),
    ),
)

WEEKS = 26


def _seed_ideas(*, system: System, orgs: dict[str, Organisation], team_user: User, staff: User) -> None:
    if SystemIdea.objects.filter(system=system).exists():
        return
    both = [orgs["northfield"].pk, orgs["riverside"].pk]
    for title, problem, services, anonymous, steps in IDEAS:
        idea, _code = system_ideas.system_idea_submit(
            system=system,
            title=title,
            problem=problem,
            suggestion="",
            services=services,
            organisation_ids=both,
            anonymous=anonymous,
            user=None if anonymous else staff,
        )
        for status, answer in steps:
            system_ideas.system_idea_status_change(
                actor=team_user,
                idea=idea,
                status=status,
                message="Thank you: the CQI team is looking into this." if status == "under_review" else "",
                public_answer=answer,
            )


def _team(
    *,
    collaborative: Collaborative,
    shared: SharedMeasure,
    org: Organisation,
    team_user: User,
    base: float,
    rng: random.Random,
) -> None:
    project = Project.objects.create(
        organisation=org,
        title=f"Earlier discharge home at {org.name}",
        problem="Most patients going home leave in the late afternoon, so beds free up too late for admissions.",
        visibility=Visibility.PUBLIC,
        aim_what="Discharges home before noon",
    )
    measure = Measure.objects.create(
        organisation=org,
        name="Discharges home before noon",
        measure_type="outcome",
        what_counted="Discharges home before 12:00 as a share of all discharges home",
        data_source="Patient administration system",
        unit="%",
        frequency="weekly",
        chart_type="i",
        improvement="increase",
        visibility="organisation",
    )
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 7 * WEEKS)
    for week in range(WEEKS):
        lift = 9.0 if week >= WEEKS // 2 else 0.0
        DataPoint.objects.create(
            measure=measure,
            organisation=org,
            period=monday + datetime.timedelta(weeks=week),
            value=round(base + lift + rng.uniform(-3, 3), 1),
        )
    measure_summary_refresh(measure_id=measure.pk)  # the stored latest analysis, for the icon matrix
    link = ProjectLink.objects.create(
        project=project, organisation=org, kind=LinkKind.MEASURE, ref_id=measure.pk, label=measure.name
    )
    team = collaboratives.collaborative_team_add(actor=team_user, collaborative=collaborative, project_id=project.pk)
    collaboratives.team_measure_link(actor=team_user, team=team, shared_measure=shared, link_id=link.pk)


def _seed_collaborative(*, system: System, orgs: dict[str, Organisation], team_user: User) -> None:
    if Collaborative.objects.filter(system=system).exists():
        return
    rng = random.Random(29)  # noqa: S311  (demo figures, not security)
    collaborative = collaboratives.collaborative_create(
        actor=team_user,
        system=system,
        title="Safer discharge collaborative",
        aim="Half of all discharges home happen before noon in every participating ward by March 2027.",
    )
    shared = collaboratives.shared_measure_add(
        actor=team_user,
        collaborative=collaborative,
        name="Discharges home before noon (%)",
        definition="Discharges to the usual place of residence between 00:00 and 11:59, as a percentage of all "
        "discharges to the usual place of residence, per week (Monday to Sunday), from the patient "
        "administration system. Excludes deaths and transfers to another hospital.",
    )
    _team(collaborative=collaborative, shared=shared, org=orgs["northfield"], team_user=team_user, base=28, rng=rng)
    _team(collaborative=collaborative, shared=shared, org=orgs["riverside"], team_user=team_user, base=22, rng=rng)
    sessions = Event.objects.filter(system=system, kind=EventKind.LEARNING).order_by("occasion__starts_at")
    now = timezone.now()
    chosen = [
        *sessions.filter(occasion__starts_at__lt=now).reverse()[:1],
        *sessions.filter(occasion__starts_at__gte=now)[:2],
    ]
    for event in chosen:
        collaboratives.learning_session_add(actor=team_user, collaborative=collaborative, event_id=event.pk)


def seed_network_system(*, system: System, orgs: dict[str, Organisation], team_user: User, staff: User) -> None:
    _seed_ideas(system=system, orgs=orgs, team_user=team_user, staff=staff)
    _seed_collaborative(system=system, orgs=orgs, team_user=team_user)
