"""Demo training for `seed_demo`: the two seed courses at Northfield (the three-hour Introduction to
Quality Improvement and the four-day QI Leaders course), a coaching course with an interest list and
no dates yet, past cohorts with attendance, two years of completions among Northfield's staff (so the
capability dashboard has a history), the trainees' staff records with ESR staff groups, targets, and an upcoming cohort of each seed course to book.
Once only."""

import datetime

from django.utils import timezone

from openqi.accounts.models import User
from openqi.bookings.models import Booking, BookingStatus, Occasion
from openqi.organisations.models import Membership, Organisation, Role, Team
from openqi.people.models import RecordSource as StaffSource
from openqi.people.models import StaffRecord
from openqi.training import services
from openqi.training.models import (
    OWNER,
    CapabilityTarget,
    Cohort,
    Course,
    Enrolment,
    Level,
    RecordSource,
    Session,
    SessionAttendance,
    TrainingRecord,
)

# ESR staff groups, so the capability dashboard has its table by staff group.
STAFF_GROUPS = (
    "Nursing and Midwifery Registered",
    "Allied Health Professionals",
    "Medical and Dental",
    "Administrative and Clerical",
    "Additional Clinical Services",
)
INTRO = "Introduction to Quality Improvement"
LEADERS = "QI Leaders"
TRAINEES = 48


def _level(organisation: Organisation, name: str) -> Level:
    return Level.objects.get(system_id=organisation.system_id, name=name)


def _past_cohort(course: Course, *, start: datetime.datetime, days: int, hours: int, people: list[User]) -> None:
    """A cohort that has happened: booked, attended and completed (made directly: services refuse the past)."""
    end = start + datetime.timedelta(days=days - 1, hours=hours)
    occasion = Occasion.objects.create(
        owner=OWNER, title=course.title, starts_at=start, ends_at=end, capacity=20, location="Education Centre"
    )
    cohort = Cohort.objects.create(
        course=course, organisation=course.organisation, occasion=occasion, venue="Education Centre"
    )
    sessions = [
        Session.objects.create(
            cohort=cohort,
            starts_at=start + datetime.timedelta(days=n),
            ends_at=start + datetime.timedelta(days=n, hours=hours),
        )
        for n in range(days)
    ]
    for person in people:
        membership = Membership.objects.get(user=person, organisation=course.organisation)
        booking = Booking.objects.create(
            occasion=occasion,
            email=person.email,
            name=person.display_name,
            user=person,
            status=BookingStatus.CONFIRMED,
            attended=True,
            created_at=start - datetime.timedelta(days=20),
        )
        enrolment = Enrolment.objects.create(
            cohort=cohort,
            organisation=course.organisation,
            user=person,
            booking=booking,
            challenge="Patients wait too long for discharge medicines",
            completed_at=end,
        )
        SessionAttendance.objects.bulk_create(
            SessionAttendance(session=s, enrolment=enrolment, attended=True) for s in sessions
        )
        TrainingRecord.objects.get_or_create(
            user=person,
            course=course,
            completed_on=end.date(),
            defaults={
                "organisation": course.organisation,
                "team": membership.team,
                "level": course.level,
                "enrolment": enrolment,
            },
        )


def seed_training(*, northfield: Organisation, lead: User, staff: User, teams: list[Team]) -> None:
    if Course.objects.filter(organisation=northfield, title=INTRO).exists():
        return
    services.levels_ensure(system=northfield.system)
    intro = services.course_create(
        actor=lead,
        organisation=northfield,
        level=_level(northfield, "Foundation"),
        title=INTRO,
        summary="The Model for Improvement in three hours: diagnosing a problem, writing an aim, a family of "
        "measures, a change idea and a PDSA cycle. Bring a real challenge from your area.",
        format="in_person",
        length="3 hours",
        learning_outcomes="Write a specific, measurable aim\nChoose outcome, process and balancing measures\n"
        "Plan a small PDSA cycle with a prediction",
    )
    leaders = services.course_create(
        actor=lead,
        organisation=northfield,
        level=_level(northfield, "Leader"),
        title=LEADERS,
        summary="Four days for people who will lead improvement projects. Teams are encouraged to apply "
        "together with their project, and work on it between sessions.",
        format="in_person",
        length="4 days",
        requires_project=True,
        prerequisites=[intro],
        learning_outcomes="Lead a project team through the Model for Improvement\nRead run charts and SPC charts\n"
        "Plan for sustainability and spread",
    )
    coaching = services.course_create(
        actor=lead,
        organisation=northfield,
        level=_level(northfield, "Coach"),
        title="Coaching for Improvement",
        summary="Launching next quarter: coach project teams across the ICS. Register your interest.",
        format="online",
        length="2 days",
    )
    services.interest_register(actor=staff, organisation=northfield, course=coaching)

    # Northfield's trainees, spread across its wards; no password, so nobody signs in as them.
    trainees = []
    for n in range(TRAINEES):
        email = f"trainee{n:02d}@northfield.example"
        user = User.objects.filter(email=email).first() or User.objects.create(
            email=email, full_name=f"Demo Trainee {n + 1}"
        )
        Membership.objects.get_or_create(
            user=user, organisation=northfield, defaults={"role": Role.STAFF, "team": teams[n % len(teams)]}
        )
        StaffRecord.objects.get_or_create(
            organisation=northfield,
            email=email,
            defaults={
                "user": user,
                "given_name": "Demo",
                "family_name": f"Trainee {n + 1}",
                "assignment_number": f"DEMO{n:04d}",
                "staff_group": STAFF_GROUPS[n % len(STAFF_GROUPS)],
                "team": teams[n % len(teams)],
                "source": StaffSource.ESR,
            },
        )
        trainees.append(user)

    now = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0)
    # Eight quarters of the three-hour course, growing; two QI Leaders cohorts.
    for quarter in range(8):
        start = now - datetime.timedelta(days=700 - quarter * 90)
        group = trainees[quarter * 5 : quarter * 5 + 3 + quarter % 3]
        _past_cohort(intro, start=start, days=1, hours=3, people=group)
    _past_cohort(leaders, start=now - datetime.timedelta(days=400), days=4, hours=7, people=trainees[:4])
    _past_cohort(leaders, start=now - datetime.timedelta(days=120), days=4, hours=7, people=[lead, *trainees[5:8]])
    # Completions imported from ESR (the trust's e-learning awareness course).
    awareness = services.course_create(
        actor=lead,
        organisation=northfield,
        level=_level(northfield, "Awareness"),
        title="QI Awareness (e-learning)",
        summary="Thirty minutes of e-learning on what quality improvement is and how to share an idea.",
        format="elearning",
        length="30 minutes",
        elearning_url="https://learning.example.org/qi-awareness",
        external_booking_url="https://esr.example.org/courses/qi-awareness",
    )
    TrainingRecord.objects.bulk_create(
        TrainingRecord(
            organisation=northfield,
            user=user,
            team_id=Membership.objects.get(user=user, organisation=northfield).team_id,
            course=awareness,
            level=awareness.level,
            completed_on=(now - datetime.timedelta(days=720 - n * 15)).date(),
            source=RecordSource.IMPORT,
        )
        for n, user in enumerate(trainees[:40])
    )
    for name, percent in (("Awareness", 60), ("Foundation", 30), ("Leader", 5)):
        CapabilityTarget.objects.get_or_create(
            organisation=northfield, level=_level(northfield, name), defaults={"percent": percent}
        )
    # What staff can book now.
    soon = now + datetime.timedelta(days=21)
    services.cohort_create(
        actor=lead,
        course=intro,
        sessions=[(soon, soon + datetime.timedelta(hours=3))],
        capacity=16,
        venue="Education Centre, Room 2",
    )
    services.cohort_create(
        actor=lead,
        course=leaders,
        sessions=[
            (soon + datetime.timedelta(days=7 * n), soon + datetime.timedelta(days=7 * n, hours=7)) for n in range(4)
        ],
        capacity=12,
        venue="Education Centre, Room 1",
    )
