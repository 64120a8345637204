"""Writes for training: levels, courses, cohorts (one bookings Occasion each), places, attendance,
completion and certificates, the challenge turned into a project, interest, feedback, team
applications and targets. Every write is audited; places go through `openqi.bookings` only."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.bookings import services as bookings
from openqi.bookings.models import BookingStatus
from openqi.notifications.services import notification_create
from openqi.organisations.models import Membership, Organisation, Role, System
from openqi.projects.models import Project
from openqi.projects.services.projects import project_create
from openqi.training.models import (
    DEFAULT_LEVELS,
    LEADER_LEVEL,
    OWNER,
    ApplicationStatus,
    CapabilityTarget,
    Cohort,
    Course,
    CourseProject,
    Enrolment,
    Feedback,
    Interest,
    Level,
    RecordSource,
    Session,
    SessionAttendance,
    TeamApplication,
    TrainingRecord,
)


def levels_ensure(*, system: System) -> list[Level]:
    """The ICS's levels, creating the defaults the first time anyone looks."""
    if not Level.objects.filter(system=system).exists():
        for rank, (name, description) in enumerate(DEFAULT_LEVELS, start=1):
            Level.objects.get_or_create(
                system=system,
                name=name,
                defaults={"rank": rank, "description": description, "leader": name == LEADER_LEVEL},
            )
    return list(Level.objects.filter(system=system))


@transaction.atomic
def level_add(*, actor: User, system: System, name: str, description: str = "") -> Level:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the level's name"})
    if Level.objects.filter(system=system, name__iexact=name).exists():
        raise ValidationError({"name": "The ICS already has a level with this name"})
    rank = (Level.objects.filter(system=system).order_by("-rank").values_list("rank", flat=True).first() or 0) + 1
    level = Level.objects.create(system=system, name=name, rank=rank, description=description.strip())
    audit_log(actor=actor, action="training.level_add", obj=level, detail={"system": system.pk})
    return level


@transaction.atomic
def level_update(*, actor: User, level: Level, name: str, description: str, leader: bool) -> Level:
    """Rename a level (Foundation to Bronze, say) or say what it means; `leader` makes it the ICS's
    leader threshold (projects led by someone trained at it or above), in place of any other."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the level's name"})
    if Level.objects.filter(system_id=level.system_id, name__iexact=name).exclude(pk=level.pk).exists():
        raise ValidationError({"name": "The ICS already has a level with this name"})
    before = {"name": level.name, "leader": level.leader}
    if leader:
        Level.objects.filter(system_id=level.system_id, leader=True).exclude(pk=level.pk).update(leader=False)
    level.name, level.description, level.leader = name, description.strip(), leader
    level.save(update_fields=["name", "description", "leader"])
    audit_log(
        actor=actor,
        action="training.level_update",
        obj=level,
        detail={"system": level.system_id, "before": before, "name": name, "leader": leader},
    )
    return level


@transaction.atomic
def level_move(*, actor: User, level: Level, up: bool) -> Level:
    """Swap a level with its neighbour: `up` towards the first (least advanced) level. The order is
    the ranking itself, so it moves what counts as "at the leader level or above"."""
    levels = list(Level.objects.select_for_update().filter(system_id=level.system_id).order_by("rank", "pk"))
    at = next(i for i, lv in enumerate(levels) if lv.pk == level.pk)
    to = at - 1 if up else at + 1
    if not 0 <= to < len(levels):
        return level  # already first (or last): nothing to move
    before = [lv.pk for lv in levels]
    levels[at], levels[to] = levels[to], levels[at]
    for rank, each in enumerate(levels, start=1):
        if each.rank != rank:  # ranks are renumbered 1..n, which also mends any gaps or ties
            Level.objects.filter(pk=each.pk).update(rank=rank)
    level.refresh_from_db(fields=["rank"])
    audit_log(
        actor=actor,
        action="training.level_move",
        obj=level,
        detail={"system": level.system_id, "up": up, "before": before, "after": [lv.pk for lv in levels]},
    )
    return level


def level_courses_count(*, level: Level) -> int:
    """Courses anywhere in the ICS at this level (a level in use cannot be removed)."""
    return Course.objects.filter(level=level).count()


@transaction.atomic
def level_remove(*, actor: User, level: Level) -> None:
    """Remove one of the ICS's levels. Refused while any course in the ICS, or any training record,
    is at it, and for the leader level; the targets set for it go with it."""
    level = Level.objects.select_for_update().get(pk=level.pk)
    courses = level_courses_count(level=level)
    if courses:
        raise ValidationError(
            f"‘{level.name}’ cannot be removed while {courses} course{'s' if courses != 1 else ''} in the ICS "
            f"{'use' if courses != 1 else 'uses'} it."
        )
    if TrainingRecord.objects.filter(level=level).exists():
        raise ValidationError(f"‘{level.name}’ cannot be removed: training records are at this level.")
    if level.leader:
        raise ValidationError(
            f"‘{level.name}’ is the leader level. Make another level the leader level before removing it."
        )
    system_id = level.system_id
    audit_log(
        actor=actor,
        action="training.level_remove",
        obj=level,
        detail={"system": system_id, "name": level.name, "rank": level.rank},
    )
    level.delete()
    for rank, pk in enumerate(
        Level.objects.filter(system_id=system_id).order_by("rank", "pk").values_list("pk", flat=True), start=1
    ):
        Level.objects.filter(pk=pk).exclude(rank=rank).update(rank=rank)


@transaction.atomic
def course_create(
    *,
    actor: User,
    organisation: Organisation,
    level: Level,
    title: str,
    summary: str,
    format: str,
    length: str,
    learning_outcomes: str = "",
    elearning_url: str = "",
    external_booking_url: str = "",
    requires_project: bool = False,
    partners_may_book: bool = False,
    open_to: Sequence[Organisation] = (),
    prerequisites: Sequence[Course] = (),
) -> Course:
    if level.system_id != organisation.system_id:
        raise ValidationError({"level": "Choose one of your ICS's levels"})
    if any(o.system_id != organisation.system_id for o in open_to):
        raise ValidationError({"open_to": "Choose organisations in your ICS"})
    course = Course.objects.create(
        organisation=organisation,
        level=level,
        title=title.strip(),
        summary=summary.strip(),
        format=format,
        length=length.strip(),
        learning_outcomes=learning_outcomes.strip(),
        elearning_url=elearning_url,
        external_booking_url=external_booking_url,
        requires_project=requires_project,
        partners_may_book=partners_may_book,
        lead=actor,
    )
    course.open_to.set(open_to)
    course.prerequisites.set([c for c in prerequisites if c.organisation_id == organisation.pk])
    audit_log(actor=actor, action="training.course_create", organisation=organisation, obj=course)
    return course


def _course_url(course: Course, organisation: Organisation) -> str:
    return reverse("training:course_detail", args=[organisation.slug, course.pk])


@transaction.atomic
def cohort_create(
    *,
    actor: User,
    course: Course,
    sessions: Sequence[tuple[datetime.datetime, datetime.datetime]],
    capacity: int,
    venue: str = "",
) -> Cohort:
    """A cohort of dated sessions: one bookable occasion from the first start to the last end.
    Everyone on the course's interest list is told it is open."""
    if not sessions:
        raise ValidationError("Add at least one session")
    for starts_at, ends_at in sessions:
        if ends_at <= starts_at:
            raise ValidationError("Each session must end after it starts")
        if starts_at <= timezone.now():
            raise ValidationError("Sessions must be in the future")
    ordered = sorted(sessions)
    occasion = bookings.occasion_create(
        owner=OWNER,
        title=course.title,
        starts_at=ordered[0][0],
        ends_at=max(end for _, end in ordered),
        capacity=capacity,
        location=venue,
    )
    cohort = Cohort.objects.create(course=course, organisation=course.organisation, occasion=occasion, venue=venue)
    Session.objects.bulk_create(Session(cohort=cohort, starts_at=s, ends_at=e) for s, e in ordered)
    audit_log(
        actor=actor,
        action="training.cohort_create",
        organisation=course.organisation,
        obj=cohort,
        detail={"sessions": len(ordered), "capacity": capacity},
    )
    interest_notify(course=course)
    return cohort


def interest_notify(*, course: Course) -> int:
    """Tell everyone waiting for this course that a cohort is open, once each."""
    waiting = list(Interest.objects.filter(course=course, notified_at__isnull=True).select_related("organisation"))
    for interest in waiting:
        notification_create(
            user=interest.user,
            title=f"You can now book ‘{course.title}’",
            body="A new cohort is open for booking. You asked us to tell you.",
            url=_course_url(course, interest.organisation),
            organisation=interest.organisation,
            important=True,
        )
    Interest.objects.filter(pk__in=[i.pk for i in waiting]).update(notified_at=timezone.now())
    return len(waiting)


def may_book(*, course: Course, organisation: Organisation, role: str) -> bool:
    """Staff (and partners where the course allows) of an organisation the course is open to."""
    if organisation.system_id != course.organisation.system_id:
        return False
    if role == Role.PARTNER and not course.partners_may_book:
        return False
    open_ids = set(course.open_to.values_list("pk", flat=True))
    return not open_ids or organisation.pk in open_ids


def missing_prerequisites(*, course: Course, user: User) -> list[Course]:
    done = set(TrainingRecord.objects.filter(user=user).values_list("course_id", flat=True))
    return [c for c in course.prerequisites.all() if c.pk not in done]


@transaction.atomic
def enrolment_book(
    *,
    actor: User,
    organisation: Organisation,
    role: str,
    cohort: Cohort,
    challenge: str = "",
    project: Project | None = None,
) -> Enrolment:
    """A place on the cohort (or the waiting list), through bookings. Booking again while holding a
    place returns the place held."""
    course = cohort.course
    if not may_book(course=course, organisation=organisation, role=role):
        raise PermissionDenied("This course is not open to your organisation or role")
    missing = missing_prerequisites(course=course, user=actor)
    if missing:
        raise ValidationError(f"Complete ‘{missing[0].title}’ before booking this course")
    booking = bookings.booking_create(
        occasion=cohort.occasion, email=actor.email, name=actor.display_name, user=actor, actor=actor
    )
    enrolment = Enrolment.objects.filter(cohort=cohort, user=actor).first()
    if enrolment is None:
        enrolment = Enrolment.objects.create(
            cohort=cohort,
            organisation=organisation,
            user=actor,
            booking=booking,
            challenge=challenge.strip(),
            project=project,
        )
    elif enrolment.booking_id != booking.pk:  # booked again after cancelling: the new booking
        enrolment.booking = booking
        enrolment.challenge = challenge.strip() or enrolment.challenge
        enrolment.save(update_fields=["booking", "challenge"])
    audit_log(
        actor=actor,
        action="training.book",
        organisation=organisation,
        obj=enrolment,
        detail={"cohort": cohort.pk, "status": booking.status},
    )
    return enrolment


def enrolment_cancel(*, actor: User, enrolment: Enrolment) -> Enrolment:
    bookings.booking_cancel(booking=enrolment.booking, actor=actor)
    audit_log(actor=actor, action="training.cancel", organisation=enrolment.organisation, obj=enrolment)
    return enrolment


def enrolment_offer_accept(*, actor: User, enrolment: Enrolment) -> Enrolment:
    bookings.booking_offer_accept(booking=enrolment.booking, actor=actor)
    return enrolment


@transaction.atomic
def attendance_take(*, actor: User, session: Session, attended_ids: set[int]) -> int:
    """Mark every learner with a place as came (id in `attended_ids`) or not; completes anyone who
    has now met the course's rules. Returns how many came."""
    if session.starts_at > timezone.now():
        raise ValidationError("Attendance can be taken once the session has started")
    enrolments = list(
        Enrolment.objects.filter(cohort=session.cohort_id, booking__status=BookingStatus.CONFIRMED).select_related(
            "cohort__course__level", "user"
        )
    )
    came = 0
    for enrolment in enrolments:
        attended = enrolment.pk in attended_ids
        came += attended
        SessionAttendance.objects.update_or_create(
            session=session, enrolment=enrolment, defaults={"attended": attended}
        )
    audit_log(
        actor=actor,
        action="training.attendance",
        organisation=session.cohort.organisation,
        obj=session,
        detail={"attended": came},
    )
    for enrolment in enrolments:
        enrolment_complete_if_done(enrolment=enrolment)
    return came


def completion_missing(*, enrolment: Enrolment) -> list[str]:
    """What stands between this learner and completion, in words (empty: complete)."""
    missing: list[str] = []
    sessions = enrolment.cohort.sessions.count()
    attended = SessionAttendance.objects.filter(enrolment=enrolment, attended=True).count()
    if enrolment.booking.status != BookingStatus.CONFIRMED:
        missing.append("a confirmed place")
    if attended < sessions:
        missing.append(f"attend every session ({attended} of {sessions} so far)")
    if enrolment.cohort.course.requires_project and enrolment.project_id is None:
        missing.append("submit the project you work on during the course")
    return missing


def enrolment_complete_if_done(*, enrolment: Enrolment) -> TrainingRecord | None:
    """Complete the learner once every rule is met: a training record with a certificate code."""
    if enrolment.completed_at is not None or completion_missing(enrolment=enrolment):
        return None
    now = timezone.now()
    enrolment.completed_at = now
    enrolment.save(update_fields=["completed_at"])
    course = enrolment.cohort.course
    membership = Membership.objects.filter(user=enrolment.user, organisation=enrolment.organisation).first()
    record, _ = TrainingRecord.objects.get_or_create(
        user=enrolment.user,
        course=course,
        completed_on=timezone.localdate(now),
        defaults={
            "organisation": enrolment.organisation,
            "team": membership.team if membership else None,
            "level": course.level,
            "enrolment": enrolment,
            "source": RecordSource.OPENQI,
        },
    )
    audit_log(actor=None, action="training.complete", organisation=enrolment.organisation, obj=record)
    notification_create(
        user=enrolment.user,
        title=f"You completed ‘{course.title}’",
        body="Your certificate is ready to download from your training record.",
        url=reverse("training:my_record", args=[enrolment.organisation.slug]),
        organisation=enrolment.organisation,
        important=True,
    )
    return record


@transaction.atomic
def challenge_to_project(*, actor: User, enrolment: Enrolment, title: str) -> Project:
    """The learner's challenge becomes a project in one step, led by them, with the course recorded."""
    if enrolment.user_id != actor.pk:
        raise PermissionDenied("Only the learner can turn their challenge into a project")
    if enrolment.project_id is not None:
        raise ValidationError("This challenge is already a project")
    if not title.strip():
        raise ValidationError({"title": "Enter a title for the project"})
    if not enrolment.challenge.strip():
        raise ValidationError({"title": "Describe your challenge first: book again with it, or start a project"})
    membership = Membership.objects.filter(user=actor, organisation=enrolment.organisation).first()
    project = project_create(
        actor=actor,
        organisation=enrolment.organisation,
        title=title,
        problem=enrolment.challenge,
        team=membership.team if membership else None,
    )
    CourseProject.objects.create(
        project=project, organisation=enrolment.organisation, course=enrolment.cohort.course, enrolment=enrolment
    )
    enrolment.project = project
    enrolment.save(update_fields=["project"])
    audit_log(actor=actor, action="training.challenge_to_project", organisation=enrolment.organisation, obj=project)
    enrolment_complete_if_done(enrolment=enrolment)
    return project


@transaction.atomic
def interest_register(*, actor: User, organisation: Organisation, course: Course) -> Interest:
    interest, created = Interest.objects.get_or_create(
        course=course, user=actor, defaults={"organisation": organisation}
    )
    if not created and interest.notified_at is not None:
        interest.notified_at = None  # ask again: told again when the next cohort opens
        interest.save(update_fields=["notified_at"])
    audit_log(actor=actor, action="training.interest", organisation=organisation, obj=interest)
    return interest


@transaction.atomic
def feedback_give(*, actor: User, enrolment: Enrolment, rating: int, comment: str) -> Feedback:
    if enrolment.user_id != actor.pk:
        raise PermissionDenied("Only the learner can give feedback on their place")
    if enrolment.cohort.occasion.ends_at > timezone.now() and enrolment.completed_at is None:
        raise ValidationError("You can give feedback once the course has finished")
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": "Choose a rating from 1 to 5"})
    feedback, _ = Feedback.objects.update_or_create(
        enrolment=enrolment, defaults={"rating": rating, "comment": comment.strip()}
    )
    audit_log(actor=actor, action="training.feedback", organisation=enrolment.organisation, obj=feedback)
    return feedback


@transaction.atomic
def application_submit(
    *, actor: User, organisation: Organisation, cohort: Cohort, project: Project, members: Sequence[User]
) -> TeamApplication:
    if project.organisation_id != organisation.pk:
        raise ValidationError({"project": "Choose a project of your organisation"})
    if not may_book(course=cohort.course, organisation=organisation, role=Role.STAFF):
        raise PermissionDenied("This course is not open to your organisation")
    team = {actor, *members}
    outsiders = [u for u in team if not Membership.objects.filter(user=u, organisation=organisation).exists()]
    if outsiders:
        raise ValidationError({"members": "Choose colleagues in your organisation"})
    application = TeamApplication.objects.create(
        cohort=cohort, organisation=organisation, project=project, applicant=actor
    )
    application.members.set(team)
    audit_log(
        actor=actor,
        action="training.application_submit",
        organisation=organisation,
        obj=application,
        detail={"members": len(team)},
    )
    if cohort.course.lead is not None:
        notification_create(
            user=cohort.course.lead,
            title=f"A team applied for ‘{cohort.course.title}’",
            url=reverse("training:cohort_manage", args=[cohort.organisation.slug, cohort.pk]),
            organisation=cohort.organisation,
        )
    return application


@transaction.atomic
def application_decide(*, actor: User, application: TeamApplication, accept: bool, reason: str) -> TeamApplication:
    """Accept (each member is booked onto the cohort, the project recorded) or decline with a reason."""
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError("This application has already been decided")
    if not accept and not reason.strip():
        raise ValidationError({"reason": "Say why the application is declined"})
    application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
    application.reason = reason.strip()
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    for member in application.members.all():
        if accept:
            membership = Membership.objects.filter(user=member, organisation=application.organisation).first()
            enrolment_book(
                actor=member,
                organisation=application.organisation,
                role=membership.role if membership else Role.STAFF,
                cohort=application.cohort,
                challenge=application.project.problem,
                project=application.project,
            )
        notification_create(
            user=member,
            title=f"Your team's application for ‘{application.cohort.course.title}’ was "
            + ("accepted" if accept else "declined"),
            body=application.reason,
            url=reverse("training:my_record", args=[application.organisation.slug]),
            organisation=application.organisation,
            important=True,
        )
    audit_log(
        actor=actor,
        action="training.application_decide",
        organisation=application.cohort.organisation,
        obj=application,
        detail={"status": application.status},
    )
    return application


@transaction.atomic
def target_set(*, actor: User, organisation: Organisation, level: Level, percent: int) -> CapabilityTarget:
    if level.system_id != organisation.system_id:
        raise ValidationError({"level": "Choose one of your ICS's levels"})
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": "Enter a percentage from 0 to 100"})
    target, _ = CapabilityTarget.objects.update_or_create(
        organisation=organisation, level=level, defaults={"percent": percent}
    )
    audit_log(
        actor=actor, action="training.target_set", organisation=organisation, obj=target, detail={"percent": percent}
    )
    return target
