"""Reads for training. Organisation-owned rows are read through the organisation: a learner's
organisation for their places and records, the provider organisation for its courses and cohorts.
A course is visible to staff of the organisations it is open to (every organisation of its ICS when
it names none)."""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from openqi.accounts.models import User
from openqi.bookings.models import ACTIVE, BookingStatus
from openqi.bookings.selectors import Places, places_for
from openqi.organisations.models import Membership, Organisation, Role, Team
from openqi.people.models import StaffRecord
from openqi.projects.models import PdsaCycle, Project, ProjectMember, ProjectRole, Stage
from openqi.training.models import (
    CapabilityTarget,
    Cohort,
    CompletionImport,
    Course,
    CourseProject,
    Enrolment,
    Feedback,
    Interest,
    Level,
    Session,
    SessionAttendance,
    TeamApplication,
    TrainingRecord,
)


def level_list(*, organisation: Organisation) -> QuerySet[Level]:
    return Level.objects.filter(system_id=organisation.system_id)


def level_get(*, organisation: Organisation, level_id: int) -> Level | None:
    return Level.objects.filter(system_id=organisation.system_id, pk=level_id).first()


def _visible_courses(organisation: Organisation) -> QuerySet[Course]:
    return (
        Course.objects.filter(organisation__system_id=organisation.system_id)
        .filter(Q(open_to=None) | Q(open_to=organisation) | Q(organisation=organisation))
        .distinct()
        .select_related("level", "organisation")
    )


def course_list(*, organisation: Organisation) -> QuerySet[Course]:
    return _visible_courses(organisation)


def course_get(*, organisation: Organisation, course_id: int) -> Course | None:
    return _visible_courses(organisation).filter(pk=course_id).first()


def course_get_owned(*, organisation: Organisation, course_id: int) -> Course | None:
    return Course.objects.filter(organisation=organisation, pk=course_id).select_related("level").first()


def course_list_owned(*, organisation: Organisation) -> QuerySet[Course]:
    return Course.objects.filter(organisation=organisation).select_related("level")


@dataclass(frozen=True)
class CohortRow:
    cohort: Cohort
    sessions: list[Session]
    places: Places


def cohort_rows(*, course: Course, upcoming: bool = True) -> list[CohortRow]:
    cohorts = Cohort.objects.filter(course=course, occasion__cancelled_at__isnull=True).select_related("occasion")
    if upcoming:
        cohorts = cohorts.filter(occasion__starts_at__gt=timezone.now())
    found = list(cohorts.prefetch_related("sessions"))
    places = places_for(occasion_ids=[c.occasion_id for c in found])
    return [CohortRow(cohort=c, sessions=list(c.sessions.all()), places=places[c.occasion_id]) for c in found]


def cohort_get(*, organisation: Organisation, cohort_id: int) -> Cohort | None:
    """A cohort of a course this organisation's staff may see."""
    return (
        Cohort.objects.filter(pk=cohort_id, course__in=_visible_courses(organisation))
        .select_related("course__level", "occasion")
        .first()
    )


def cohort_get_owned(*, organisation: Organisation, cohort_id: int) -> Cohort | None:
    return (
        Cohort.objects.filter(pk=cohort_id, organisation=organisation)
        .select_related("course__level", "occasion")
        .first()
    )


def session_get_owned(*, organisation: Organisation, session_id: int) -> Session | None:
    return Session.objects.filter(pk=session_id, cohort__organisation=organisation).select_related("cohort").first()


def cohort_learners(*, cohort: Cohort) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(cohort=cohort)
        .exclude(booking__status=BookingStatus.CANCELLED)
        .select_related("user", "organisation", "booking")
        .order_by("booking__created_at", "pk")
    )


def attendance_map(*, cohort: Cohort) -> dict[tuple[int, int], bool]:
    return {
        (a.session_id, a.enrolment_id): a.attended
        for a in SessionAttendance.objects.filter(session__cohort=cohort).only("session_id", "enrolment_id", "attended")
    }


def feedback_list(*, cohort: Cohort) -> QuerySet[Feedback]:
    return Feedback.objects.filter(enrolment__cohort=cohort).order_by("-created_at")


def application_list(*, cohort: Cohort) -> QuerySet[TeamApplication]:
    return TeamApplication.objects.filter(cohort=cohort).select_related("project", "applicant", "organisation")


def application_get_owned(*, organisation: Organisation, application_id: int) -> TeamApplication | None:
    return (
        TeamApplication.objects.filter(pk=application_id, cohort__organisation=organisation)
        .select_related("cohort__course", "project", "organisation")
        .first()
    )


def my_applications(*, organisation: Organisation, user: User) -> QuerySet[TeamApplication]:
    return TeamApplication.objects.filter(organisation=organisation, members=user).select_related(
        "cohort__course", "cohort__occasion", "project"
    )


def enrolment_get_mine(*, organisation: Organisation, user: User, enrolment_id: int) -> Enrolment | None:
    return (
        Enrolment.objects.filter(pk=enrolment_id, organisation=organisation, user=user)
        .select_related("cohort__course__level", "cohort__occasion", "booking", "project")
        .first()
    )


def enrolment_for(*, cohort: Cohort, user: User) -> Enrolment | None:
    return (
        Enrolment.objects.filter(cohort=cohort, user=user)
        .exclude(booking__status=BookingStatus.CANCELLED)
        .select_related("booking")
        .first()
    )


def interest_for(*, course: Course, user: User) -> Interest | None:
    return Interest.objects.filter(course=course, user=user).first()


def project_choices(*, organisation: Organisation, user: User) -> QuerySet[Project]:
    """Projects this person takes part in, for a team application."""
    return Project.objects.filter(organisation=organisation, archived_at__isnull=True, members__user=user).distinct()


def colleague_choices(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .exclude(role=Role.PARTNER)
        .select_related("user", "team")
        .order_by("user__full_name", "user__email")
    )


@dataclass
class PersonRecord:
    person: User
    enrolments: list[Enrolment]
    records: list[TrainingRecord]
    project_roles: list[ProjectMember]
    pdsa_cycles: int
    highest_level: Level | None = None
    completion_missing: dict[int, list[str]] = field(default_factory=dict)


def person_record(*, organisation: Organisation, user: User) -> PersonRecord:
    """A person's training in this organisation, with the improvement work they do: trained people
    using it."""
    enrolments = list(
        Enrolment.objects.filter(organisation=organisation, user=user)
        .select_related("cohort__course__level", "cohort__occasion", "booking", "project")
        .prefetch_related("cohort__sessions")
        .order_by("-cohort__occasion__starts_at")
    )
    records = list(
        TrainingRecord.objects.filter(organisation=organisation, user=user).select_related("course", "level")
    )
    roles = list(
        ProjectMember.objects.filter(organisation=organisation, user=user, project__archived_at__isnull=True)
        .select_related("project")
        .order_by("project__title")
    )
    cycles = PdsaCycle.objects.filter(project__in=[r.project_id for r in roles]).count()
    highest = max((r.level for r in records), key=lambda level: level.rank, default=None)
    return PersonRecord(
        person=user,
        enrolments=enrolments,
        records=records,
        project_roles=roles,
        pdsa_cycles=cycles,
        highest_level=highest,
    )


def person_get(*, organisation: Organisation, user_id: int) -> User | None:
    membership = Membership.objects.filter(organisation=organisation, user_id=user_id).select_related("user").first()
    return membership.user if membership else None


def record_by_code(*, code: str) -> TrainingRecord | None:
    return (
        TrainingRecord.objects.filter(certificate_code=code.strip().upper())
        .select_related("user", "course", "organisation")
        .first()
    )


def record_get_mine(*, organisation: Organisation, user: User, record_id: int) -> TrainingRecord | None:
    return (
        TrainingRecord.objects.filter(pk=record_id, organisation=organisation, user=user)
        .select_related("course__level", "user", "organisation")
        .first()
    )


@dataclass(frozen=True)
class ProjectTraining:
    started_on: Course | None  # the course whose learner's challenge became this project
    cohorts: list[tuple[Cohort, int]]  # cohorts with learners working on it, and how many


def project_training(*, project: Project) -> ProjectTraining:
    """The training recorded on a project, read through the project's organisation."""
    origin = (
        CourseProject.objects.filter(project=project, organisation_id=project.organisation_id)
        .select_related("course")
        .first()
    )
    counts = dict(
        Enrolment.objects.filter(project=project, organisation_id=project.organisation_id)
        .exclude(booking__status=BookingStatus.CANCELLED)
        .order_by()
        .values_list("cohort")
        .annotate(n=Count("pk"))
        .values_list("cohort", "n")
    )
    cohorts = Cohort.objects.filter(pk__in=counts).select_related("course", "occasion")
    return ProjectTraining(
        started_on=origin.course if origin else None,
        cohorts=[(c, counts[c.pk]) for c in cohorts],
    )


# Capability -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelRow:
    level: Level
    people: int
    percent: float
    target: int | None

    @property
    def meets_target(self) -> bool | None:
        return None if self.target is None else self.percent >= self.target


@dataclass(frozen=True)
class TeamRow:
    name: str
    staff: int
    by_level: dict[int, int]


@dataclass(frozen=True)
class GroupRow:
    """A staff group (ESR's Staff Group, from the people app's staff records)."""

    name: str
    staff: int
    by_level: dict[int, int]


@dataclass(frozen=True)
class QuarterRow:
    label: str
    completions: int
    cumulative: int
    by_level: dict[int, int] = field(default_factory=dict)  # completions in the quarter per level


@dataclass(frozen=True)
class Capability:
    organisation: Organisation
    staff: int
    levels: list[LevelRow]
    teams: list[TeamRow]
    quarters: list[QuarterRow]
    active_projects: int
    led_by_leader: int
    coaches: int
    staff_groups: list[GroupRow] = field(default_factory=list)

    @property
    def leader_share(self) -> float:
        return 100 * self.led_by_leader / self.active_projects if self.active_projects else 0.0

    @property
    def coaches_per_project(self) -> float:
        """QI coaches on active projects per active project (a coach on two projects counts twice)."""
        return self.coaches / self.active_projects if self.active_projects else 0.0


STAFF_COUNTS_SECONDS = 600


def _staff_groups(organisation: Organisation) -> list[GroupRow]:
    """People trained at each level by staff group. A person's staff group is on their active staff
    record (an ESR import or SCIM, issue 35); headcounts per group are kept ten minutes like the
    team headcounts. Empty where no staff record names a group."""
    key = f"training:staff-groups:{organisation.pk}"
    headcounts: dict[str, int] | None = cache.get(key)
    if headcounts is None:
        headcounts = dict(
            StaffRecord.objects.filter(organisation=organisation, active=True, staff_group__gt="")
            .order_by()
            .values_list("staff_group")
            .annotate(n=Count("pk"))
            .values_list("staff_group", "n")
        )
        cache.set(key, headcounts, STAFF_COUNTS_SECONDS)
    if not headcounts:
        return []
    trained: dict[str, dict[int, int]] = {}
    # One join through the learner's staff record in this organisation (one filter call, so the
    # grouping reuses that join rather than any staff record of theirs elsewhere).
    for group, level_id, n in (
        TrainingRecord.objects.filter(
            organisation=organisation,
            user__staff_records__organisation=organisation,
            user__staff_records__active=True,
            user__staff_records__staff_group__gt="",
        )
        .order_by()
        .values_list("user__staff_records__staff_group", "level")
        .annotate(n=Count("user", distinct=True))
        .values_list("user__staff_records__staff_group", "level", "n")
    ):
        trained.setdefault(group, {})[level_id] = n
    return [
        GroupRow(name=name, staff=headcounts.get(name, 0), by_level=trained.get(name, {}))
        for name in sorted(set(headcounts) | set(trained))
    ]


def _staff_counts(organisations: list[Organisation]) -> dict[int, dict[int | None, int]]:
    """Staff (not partners) per organisation and team, from one grouped query, kept ten minutes:
    headcounts change slowly, and counting 100,000 memberships on every view would not."""
    key = "training:staff:" + ",".join(str(o.pk) for o in organisations)
    counts: dict[int, dict[int | None, int]] | None = cache.get(key)
    if counts is None:
        counts = {o.pk: {} for o in organisations}
        for organisation_id, team_id, n in (
            Membership.objects.filter(organisation__in=organisations)
            .exclude(role=Role.PARTNER)
            .values_list("organisation", "team")
            .annotate(n=Count("pk"))
            .values_list("organisation", "team", "n")
        ):
            counts[organisation_id][team_id] = n
        cache.set(key, counts, STAFF_COUNTS_SECONDS)
    return counts


def _leader_rank(levels: list[Level]) -> int | None:
    return next((level.rank for level in levels if level.leader), None)


@dataclass(frozen=True)
class CapabilityHeadline:
    """An organisation's capability in a few figures (the leaders' dashboards' tile)."""

    staff: int
    levels: list[LevelRow]
    active_projects: int
    led_by_leader: int
    coaches: int

    @property
    def leader_share(self) -> float:
        return 100 * self.led_by_leader / self.active_projects if self.active_projects else 0.0


def capability_headlines_of(*, organisations: list[Organisation]) -> dict[int, CapabilityHeadline]:
    """Each organisation's people trained at each level (a person counts once per level) against
    its targets, and its active projects led by someone trained at leader level, by organisation
    id: the same few queries grouped by organisation, whatever the number of organisations."""
    levels_of: dict[int, list[Level]] = {}
    for level in Level.objects.filter(system_id__in={o.system_id for o in organisations}):
        levels_of.setdefault(level.system_id, []).append(level)
    staff_counts = _staff_counts(organisations)
    people: dict[int, dict[int, int]] = {}
    for org_id, level_id, n in (
        TrainingRecord.objects.filter(organisation__in=organisations)
        .values_list("organisation", "level")
        .annotate(n=Count("user", distinct=True))
        .values_list("organisation", "level", "n")
    ):
        people.setdefault(org_id, {})[level_id] = n
    targets: dict[int, dict[int, int]] = {}
    for org_id, level_id, percent in CapabilityTarget.objects.filter(organisation__in=organisations).values_list(
        "organisation_id", "level_id", "percent"
    ):
        targets.setdefault(org_id, {})[level_id] = percent
    active = Project.objects.filter(organisation__in=organisations, archived_at__isnull=True).exclude(
        stage=Stage.CLOSED
    )
    active_counts = dict(
        active.order_by().values("organisation_id").annotate(n=Count("pk")).values_list("organisation_id", "n")
    )
    # Leads of active projects first (a few thousand at most), then which of them are trained:
    # two plain queries, where a correlated subquery per project was slow on SQLite.
    leads = list(
        ProjectMember.objects.filter(project__in=active, role=ProjectRole.LEAD).values_list(
            "project__organisation_id", "project_id", "user_id"
        )
    )
    levels_held: dict[int, set[int]] = {}
    if leads and any(_leader_rank(levels) is not None for levels in levels_of.values()):
        for user_id, level_id in TrainingRecord.objects.filter(
            user_id__in={user_id for _, _, user_id in leads}
        ).values_list("user_id", "level_id"):
            levels_held.setdefault(user_id, set()).add(level_id)
    coaches = dict(
        ProjectMember.objects.filter(project__in=active, role=ProjectRole.QI_COACH)
        .order_by()
        .values("project__organisation_id")
        .annotate(n=Count("pk"))
        .values_list("project__organisation_id", "n")
    )
    found = {}
    for organisation in organisations:
        levels = levels_of.get(organisation.system_id, [])
        staff = sum(staff_counts[organisation.pk].values())
        own_people = people.get(organisation.pk, {})
        own_targets = targets.get(organisation.pk, {})
        rank = _leader_rank(levels)
        leader_levels = {level.pk for level in levels if rank is not None and level.rank >= rank}
        led = {
            project_id
            for org_id, project_id, user_id in leads
            if org_id == organisation.pk and levels_held.get(user_id, set()) & leader_levels
        }
        found[organisation.pk] = CapabilityHeadline(
            staff=staff,
            levels=[
                LevelRow(
                    level=level,
                    people=own_people.get(level.pk, 0),
                    percent=round(100 * own_people.get(level.pk, 0) / staff, 1) if staff else 0.0,
                    target=own_targets.get(level.pk),
                )
                for level in levels
            ],
            active_projects=active_counts.get(organisation.pk, 0),
            led_by_leader=len(led),
            coaches=coaches.get(organisation.pk, 0),
        )
    return found


def capability_summary(*, organisation: Organisation) -> Capability:
    """People trained at each level (a person counts once per level), by team, staff group and over
    time, against the organisation's targets; active projects led by someone trained at leader level."""
    headline = capability_headlines_of(organisations=[organisation])[organisation.pk]
    staff_by_team = _staff_counts([organisation])[organisation.pk]
    records = TrainingRecord.objects.filter(organisation=organisation)
    team_names = dict(Team.objects.filter(organisation=organisation).values_list("pk", "name"))
    team_staff = {team_id: n for team_id, n in staff_by_team.items() if team_id is not None}
    by_team: dict[int, dict[int, int]] = {}
    for team_id, level_id, n in (
        records.filter(team__isnull=False)
        .values_list("team", "level")
        .annotate(n=Count("user", distinct=True))
        .values_list("team", "level", "n")
    ):
        by_team.setdefault(team_id, {})[level_id] = n
    teams = sorted(
        (
            TeamRow(
                name=team_names.get(team_id, ""), staff=team_staff.get(team_id, 0), by_level=by_team.get(team_id, {})
            )
            for team_id in set(team_staff) | set(by_team)
            if team_id in team_names
        ),
        key=lambda row: row.name,
    )
    # Counted per day in the database (a plain GROUP BY on an indexed column), folded into quarters
    # here: extracting the quarter in SQL calls a Python function per row on SQLite.
    per_quarter: dict[tuple[int, int], dict[int, int]] = {}
    for day, level_id, n in (
        records.order_by()
        .values_list("completed_on", "level")
        .annotate(n=Count("pk"))
        .values_list("completed_on", "level", "n")
    ):
        by_level = per_quarter.setdefault((day.year, (day.month - 1) // 3 + 1), {})
        by_level[level_id] = by_level.get(level_id, 0) + n
    quarters: list[QuarterRow] = []
    total = 0
    for (year, quarter), by_level in sorted(per_quarter.items()):
        n = sum(by_level.values())
        total += n
        quarters.append(QuarterRow(label=f"{year} Q{quarter}", completions=n, cumulative=total, by_level=by_level))
    return Capability(
        organisation=organisation,
        staff=headline.staff,
        levels=headline.levels,
        teams=teams,
        quarters=quarters,
        active_projects=headline.active_projects,
        led_by_leader=headline.led_by_leader,
        coaches=headline.coaches,
        staff_groups=_staff_groups(organisation),
    )


@dataclass(frozen=True)
class SystemRow:
    organisation: Organisation
    staff: int
    trained: int
    leaders: int

    @property
    def percent(self) -> float:
        return round(100 * self.trained / self.staff, 1) if self.staff else 0.0


def capability_system(*, organisation: Organisation) -> list[SystemRow]:
    """Every organisation of the reader's ICS side by side: staff, people trained, trained as leaders."""
    organisations = list(Organisation.objects.filter(system_id=organisation.system_id).order_by("name"))
    levels = list(Level.objects.filter(system_id=organisation.system_id))
    rank = _leader_rank(levels) or 10**6
    staff = {pk: sum(teams.values()) for pk, teams in _staff_counts(organisations).items()}
    records = TrainingRecord.objects.filter(organisation__in=organisations)
    trained = dict(
        records.values_list("organisation").annotate(n=Count("user", distinct=True)).values_list("organisation", "n")
    )
    leaders = dict(
        records.filter(level__in=[level.pk for level in levels if level.rank >= rank])
        .values_list("organisation")
        .annotate(n=Count("user", distinct=True))
        .values_list("organisation", "n")
    )
    return [
        SystemRow(organisation=o, staff=staff.get(o.pk, 0), trained=trained.get(o.pk, 0), leaders=leaders.get(o.pk, 0))
        for o in organisations
    ]


def record_list(*, organisation: Organisation) -> QuerySet[TrainingRecord]:
    """Every completion in the organisation, for the export."""
    return (
        TrainingRecord.objects.filter(organisation=organisation)
        .select_related("user", "course", "level", "team")
        .order_by("-completed_on", "pk")
    )


def import_get(*, organisation: Organisation, import_id: int) -> CompletionImport | None:
    return CompletionImport.objects.filter(organisation=organisation, pk=import_id).first()


def upcoming_places(*, organisation: Organisation, user: User) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(organisation=organisation, user=user, booking__status__in=ACTIVE)
        .filter(cohort__occasion__ends_at__gte=timezone.now() - datetime.timedelta(days=1))
        .select_related("cohort__course", "cohort__occasion", "booking")
    )
