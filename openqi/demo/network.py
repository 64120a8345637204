"""Demo data for the QI network: a year of events (six months past with attendance taken, six
months ahead with bookings and one full event with a waiting list) and members from both trusts
and the public. Bookings are written straight to the table so seeding sends no email."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from openqi.accounts.models import User
from openqi.bookings.models import Booking, BookingStatus
from openqi.network import services
from openqi.network.models import Contact, Event, EventKind, Member, PartnerDomain, Topic
from openqi.organisations.models import Organisation, System
from openqi.vocabulary import Domain

LONDON = ZoneInfo("Europe/London")
FIRST = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Ellie",
    "Femi",
    "Grace",
    "Harry",
    "Isla",
    "Jon",
    "Kiran",
    "Lola",
    "Mo",
    "Nia",
    "Owen",
    "Priya",
    "Quinn",
    "Ruth",
    "Sunil",
    "Tara",
    "Uma",
    "Vic",
    "Wes",
    "Yara",
    "Zak",
]
LAST = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Frost",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Roberts",
    "Smith",
    "Taylor",
    "Walsh",
]
ROLES = [
    "Staff nurse",
    "Ward manager",
    "Physiotherapist",
    "Consultant",
    "Healthcare assistant",
    "Pharmacist",
    "Service manager",
    "Occupational therapist",
    "Administrator",
    "Paramedic",
]
PUBLIC_ROLES = ["Carer", "Patient representative", "Member of the public", "Volunteer"]

PROGRAMME = [
    (EventKind.NETWORK_MEETING, "Network meeting: what we tested this quarter", "in_person", 60),
    (EventKind.LEARNING, "Introduction to the Model for Improvement", "in_person", 25),
    (EventKind.WEBINAR, "Run charts and SPC in ten minutes a week", "online", 100),
    (EventKind.HUDDLE, "Improvement huddle: flow and discharge", "online", 30),
    (EventKind.LEARNING, "Process mapping with patients and carers", "in_person", 20),
    (EventKind.HACKATHON, "Innovation hub: ideas for winter pressures", "in_person", 40),
]


def _london(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def seed_network(*, system: System, orgs: dict[str, Organisation], team_user: User) -> None:
    if Event.objects.filter(system=system).exists():
        return
    rng = random.Random(15)  # noqa: S311  # demo data, not security
    for key, org in orgs.items():
        PartnerDomain.objects.get_or_create(domain=f"{key}.example", defaults={"organisation": org})
    now = timezone.now()
    wording = services.consent_wording(system)
    members: list[Member] = []
    for i in range(140):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        where: str | None = ("northfield", "riverside", None)[i % 3]
        email = f"{first}.{last}{i}@{where}.example".lower() if where else f"{first}.{last}{i}@example.org".lower()
        joined = now - timedelta(days=rng.randint(1, 365))
        members.append(
            Member(
                system=system,
                email=email,
                name=f"{first} {last}",
                organisation=orgs[where] if where else None,
                job_role=rng.choice(ROLES if where else PUBLIC_ROLES),
                topics=sorted(rng.sample(Topic.values, rng.randint(1, 3))),
                domains=sorted(rng.sample(Domain.values, rng.randint(0, 2))),
                contact=rng.choice(Contact.values),
                consent_wording=wording,
                consented_at=joined,
                verified_at=joined + timedelta(minutes=5),
                created_at=joined,
            )
        )
    staff = User.objects.filter(email="staff@northfield.example").first()
    if staff is not None:
        members.append(
            Member(
                system=system,
                email=staff.email,
                name=staff.full_name or "Sam Staff",
                organisation=orgs["northfield"],
                user=staff,
                job_role="Staff nurse",
                topics=[Topic.MEASUREMENT],
                contact=Contact.EVERYTHING,
                consent_wording=wording,
                consented_at=now - timedelta(days=90),
                verified_at=now - timedelta(days=90),
            )
        )
    Member.objects.bulk_create(members)
    members = list(Member.objects.filter(system=system))

    today = timezone.localtime(now, LONDON).date()
    bookings: list[Booking] = []
    for week in range(-26, 27, 2):
        kind, title, mode, capacity = PROGRAMME[(week // 2) % len(PROGRAMME)]
        day = today + timedelta(weeks=week)
        day += timedelta(days=(3 - day.weekday()) % 7)  # Thursdays
        if week == 2:
            capacity = 8  # one full event, with a waiting list
        event = services.event_create(
            actor=team_user,
            system=system,
            title=title,
            description=(
                f"{title}. Open to everyone in the network: staff of every partner organisation, patients, carers "
                "and the public.\n\nBring a question or a change you are testing."
            ),
            kind=kind,
            mode=mode,
            starts_at=_london(day, 10 if mode == "in_person" else 12, 30 if mode == "online" else 0),
            ends_at=_london(day, 12 if mode == "in_person" else 13),
            capacity=capacity,
            venue="Riverside Education Centre, Seminar Room 2, Riverside Road" if mode == "in_person" else "",
            accessibility=(
                "Step-free access from the car park, a hearing loop, accessible toilets and a quiet room. "
                "Tell us about any adjustments when you book."
                if mode == "in_person"
                else ""
            ),
            online_link="https://meet.example.org/north-riverside-qi" if mode == "online" else "",
        )
        past = event.occasion.starts_at < now
        wanted = capacity + 3 if week == 2 else min(capacity, rng.randint(capacity // 3, capacity))
        for n, member in enumerate(rng.sample(members, min(wanted, len(members)))):
            full = n >= capacity
            bookings.append(
                Booking(
                    occasion=event.occasion,
                    email=member.email,
                    name=member.name,
                    user=member.user,
                    status=BookingStatus.WAITING if full else BookingStatus.CONFIRMED,
                    attended=(rng.random() > 0.15) if past and not full else None,
                    created_at=event.occasion.starts_at - timedelta(days=rng.randint(2, 30)),
                )
            )
    Booking.objects.bulk_create(bookings)
