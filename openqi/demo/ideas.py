"""Demo ideas for `seed_demo`: a seeded random spread across statuses, with near-duplicates and
"you said, we did" answers. Rows are written directly so they can be backdated."""

import datetime
import random
from collections.abc import Sequence

from django.utils import timezone

from openqi.accounts.models import User
from openqi.ideas.models import (
    AcceptedAs,
    Campaign,
    EventKind,
    Idea,
    IdeaEvent,
    IdeaSupport,
    Identity,
    Moderation,
    Source,
    Status,
    hash_code,
)
from openqi.organisations.models import Organisation, Team

# Shown by seed_demo so people can try the follow-up page.
DEMO_FOLLOW_UP_CODE = "DEMO-2345-6789-ABCD"

# (title, problem, suggestion, domains). Pairs marked "near-duplicate" say the same thing twice.
IDEAS: list[tuple[str, str, str, list[str]]] = [
    (
        "Put a clock in every side room",
        "Patients in side rooms lose track of time and become disorientated, especially at night.",
        "Fit a large, easy-to-read clock in each side room.",
        ["patient_centred", "safe"],
    ),
    (
        "Clocks for side rooms",  # near-duplicate
        "Confused patients in side rooms keep asking what time it is.",
        "Buy wall clocks for the side rooms.",
        ["patient_centred"],
    ),
    (
        "Quieter night-time observations",
        "Patients are woken for every observation round and sleep badly.",
        "Group night observations together where it is safe to do so.",
        ["patient_centred", "safe"],
    ),
    (
        "Discharge letters started on admission",
        "Discharge letters are written at the last minute and delay patients going home.",
        "Start the discharge letter on the day of admission and update it daily.",
        ["timely", "efficient"],
    ),
    (
        "Start discharge summaries early",  # near-duplicate
        "Patients wait hours for their discharge summary before they can leave.",
        "Begin the discharge summary at admission.",
        ["timely"],
    ),
    (
        "Pharmacy to-take-out medicines the day before",
        "Patients wait for medicines to take home after they are ready to leave.",
        "Order to-take-out medicines the day before planned discharge.",
        ["timely", "efficient"],
    ),
    (
        "Hydration stickers on water jugs",
        "We cannot tell at a glance who needs help to drink.",
        "Coloured stickers on jugs for patients who need prompting to drink.",
        ["safe", "patient_centred"],
    ),
    (
        "A quiet room for difficult conversations",
        "Families are given bad news in the corridor or at the bedside.",
        "Turn the spare office into a quiet room.",
        ["patient_centred"],
    ),
    (
        "Falls sensor mats for high-risk patients",
        "Patients at high risk of falls get up at night without anyone knowing.",
        "Use sensor mats for patients with a high falls risk score.",
        ["safe"],
    ),
    (
        "Sensor mats to prevent falls at night",  # near-duplicate
        "Several falls happened at night when patients got out of bed alone.",
        "Buy more falls sensor mats.",
        ["safe"],
    ),
    (
        "Shared handover sheet",
        "Each nurse writes their own handover notes and things get missed.",
        "One structured handover sheet for the whole ward, printed each shift.",
        ["safe", "efficient"],
    ),
    (
        "Interpreter booking in the clinic letter",
        "Patients who need an interpreter arrive and none has been booked.",
        "Ask about interpreters in the appointment letter and book one ahead.",
        ["equitable", "patient_centred"],
    ),
    (
        "Easy-read appointment letters",
        "Some patients with learning disabilities cannot read our letters.",
        "Offer easy-read versions of appointment letters.",
        ["equitable"],
    ),
    (
        "Healthy food for night staff",
        "The canteen is closed at night and night staff only have vending machines.",
        "Keep a fridge of healthy meals available overnight.",
        ["efficient"],
    ),
    (
        "Visible bed board in the emergency department",
        "Nobody knows which beds are free without phoning round.",
        "A live bed board on a screen in the department.",
        ["timely", "efficient"],
    ),
    (
        "Text reminders for appointments",
        "Many patients miss appointments because they forget.",
        "Send a text message reminder two days before.",
        ["efficient", "timely"],
    ),
    (
        "Appointment reminders by text message",  # near-duplicate
        "Did-not-attend rates are high in our clinic.",
        "Text patients a reminder before their appointment.",
        ["efficient"],
    ),
    (
        "Pressure ulcer checks on the board",
        "We lose track of when patients were last repositioned.",
        "Record repositioning times on the ward board.",
        ["safe"],
    ),
    (
        "Welcome pack for new starters",
        "New staff do not know where anything is on their first week.",
        "A one-page welcome pack with a map, key contacts and door codes.",
        ["efficient"],
    ),
    (
        "Protected mealtimes",
        "Ward rounds and tests interrupt patients while they eat.",
        "No non-urgent activity during mealtimes.",
        ["patient_centred"],
    ),
]

ANSWERS: dict[str, list[str]] = {
    Status.IMPLEMENTED: [
        "We did it: this change is now part of how the team works every day.",
        "Done. Thank you for the idea: it has been in place for a month and staff say it helps.",
        "We tested it on one ward, it worked, and it is now in place across the directorate.",
    ],
    Status.NOT_TAKEN_FORWARD: [
        "We looked at this carefully but cannot fund it this year. We will look again in April.",
        "A similar change is already planned by the trust, so we have joined this idea to that work.",
    ],
}


def _status_path(final: str) -> list[str]:
    paths: dict[str, list[str]] = {
        Status.SUBMITTED: [],
        Status.UNDER_REVIEW: [Status.UNDER_REVIEW],
        Status.NEEDS_INFO: [Status.UNDER_REVIEW, Status.NEEDS_INFO],
        Status.ACCEPTED: [Status.UNDER_REVIEW, Status.ACCEPTED],
        Status.IMPLEMENTED: [Status.UNDER_REVIEW, Status.ACCEPTED, Status.IMPLEMENTED],
        Status.NOT_TAKEN_FORWARD: [Status.UNDER_REVIEW, Status.NOT_TAKEN_FORWARD],
    }
    return paths[final]


def _moderation(source: str, number: int) -> str:
    if source != Source.PUBLIC:
        return Moderation.NOT_NEEDED
    return Moderation.PENDING if number % 2 else Moderation.APPROVED


def _unique_title(title: str, team: Team | None, used: set[str]) -> str:
    """The title once; a repeat names its team after a dash (team names carry their own brackets,
    so brackets round them would nest), then a number."""
    candidates = [title]
    if team is not None:
        candidates.append(f"{title} – {team.name}")
    candidates += [f"{title} – suggestion {n}" for n in range(2, 100)]
    chosen = next(c for c in candidates if c[:150] not in used)[:150]
    used.add(chosen)
    return chosen


def seed_ideas(
    *,
    organisation: Organisation,
    count: int,
    people: Sequence[User],
    triager: User,
    teams: Sequence[Team],
    seed: int,
    with_demo_code: bool = False,
) -> int:
    """Add `count` ideas to an organisation that has none yet. Returns how many were added."""
    if Idea.objects.filter(organisation=organisation).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311  (demo data, not security)
    today = timezone.localdate()
    statuses = [
        *[Status.SUBMITTED] * 3,
        *[Status.UNDER_REVIEW] * 2,
        Status.NEEDS_INFO,
        *[Status.ACCEPTED] * 2,
        *[Status.IMPLEMENTED] * 3,
        Status.NOT_TAKEN_FORWARD,
    ]
    used: set[str] = set()
    for number in range(count):
        title, problem, suggestion, domains = IDEAS[number % len(IDEAS)]
        team = rng.choice(teams) if teams and rng.random() < 0.8 else None
        title = _unique_title(title, team, used)
        identity = rng.choice([Identity.NAMED, Identity.NAMED, Identity.QI_TEAM, Identity.ANONYMOUS])
        source = Source.PUBLIC if number % 15 == 14 else Source.STAFF
        if source == Source.PUBLIC or (with_demo_code and number == 2):
            identity = Identity.ANONYMOUS
        anonymous = identity == Identity.ANONYMOUS
        author = None if anonymous else rng.choice(people)
        day = today - datetime.timedelta(days=rng.randint(1, 180))
        moderation = _moderation(source, number)
        if source == Source.PUBLIC:
            # Some approved public ideas are answered, so the public "you said, we did" has entries.
            final = Status.IMPLEMENTED if moderation == Moderation.APPROVED and number % 30 == 14 else Status.SUBMITTED
        else:
            final = rng.choice(statuses)
        code = DEMO_FOLLOW_UP_CODE if with_demo_code and number == 2 else f"demo-{seed}-{number}"
        idea = Idea.objects.create(
            organisation=organisation,
            title=title[:150],
            problem=problem,
            suggestion=suggestion,
            team=team,
            domains=Idea.pack_domains(domains),
            identity=identity,
            source=source,
            submitted_by=author,
            submitted_on=day,
            submitted_at=None
            if anonymous
            else timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(8, 18)))),
            follow_up_hash=hash_code(code) if anonymous else "",
            moderation=moderation,
        )
        IdeaEvent.objects.create(
            idea=idea, kind=EventKind.SUBMITTED, status=Status.SUBMITTED, actor=author, created_on=day
        )
        step_day = day
        for status in _status_path(final):
            step_day = min(today, step_day + datetime.timedelta(days=rng.randint(2, 14)))
            message = ""
            if status == Status.NEEDS_INFO:
                message = "Could you tell us which shifts this happens on?"
            elif status == Status.NOT_TAKEN_FORWARD:
                message = "Thank you. We cannot take this forward now: see our answer."
            IdeaEvent.objects.create(
                idea=idea, kind=EventKind.STATUS, status=status, message=message, actor=triager, created_on=step_day
            )
        idea.status = final
        if final in (Status.ACCEPTED, Status.IMPLEMENTED):
            idea.accepted_as = rng.choice(AcceptedAs.values)
        if final != Status.SUBMITTED:
            idea.owner = triager
            idea.response_due = day + datetime.timedelta(days=14)
        if final in ANSWERS:
            idea.public_answer = rng.choice(ANSWERS[final])
            idea.answered_on = step_day
        idea.save()
        for supporter in rng.sample(list(people), k=rng.randint(0, len(people))):
            if supporter != author:
                IdeaSupport.objects.get_or_create(idea=idea, user=supporter)
    return count


def seed_campaign(*, organisation: Organisation, lead: User) -> None:
    """One open campaign with the organisation's newest staff ideas in it (once)."""
    if Campaign.objects.filter(organisation=organisation).exists():
        return
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        organisation=organisation,
        title="10 ideas in 3 weeks: safer discharge",
        question="What one change would make going home from hospital safer or quicker?",
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=14),
        target=10,
        created_by=lead,
    )
    newest = Idea.objects.filter(organisation=organisation, source=Source.STAFF).order_by("-submitted_on", "-id")
    Idea.objects.filter(pk__in=list(newest.values_list("pk", flat=True)[:6])).update(campaign=campaign)
