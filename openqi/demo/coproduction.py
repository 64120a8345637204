"""Demo data for co-production: a handful of experts by experience of the demo ICS (some welcomed
and active, one new, one paused, most open to both trusts) and a request for involvement from
Northfield's discharge project with one person invited. Written straight to the tables, so
seeding sends no email and creates no account."""

from datetime import timedelta

from django.utils import timezone

from openqi.accounts.models import User
from openqi.coproduction.models import InvolvementRequest, Offer, Registration, Stage, Volunteer
from openqi.coproduction.services import consent_wording, review_date
from openqi.organisations.models import Organisation, System
from openqi.projects.models import Project

PEOPLE = [
    # name, services, skills, availability, payment, stage at Northfield
    (
        "Maureen Ellis",
        ["older_people", "carer"],
        ["reading", "meetings"],
        ["weekday_day", "in_person"],
        "voucher",
        Stage.ACTIVE,
    ),
    (
        "Tomasz Nowak",
        ["urgent", "long_term"],
        ["testing", "data"],
        ["weekday_evening", "online"],
        "payment",
        Stage.ACTIVE,
    ),
    ("Aisha Rahman", ["maternity", "children"], ["design", "stories"], ["online", "weekend"], "voucher", Stage.ACTIVE),
    (
        "Gordon Pike",
        ["older_people", "end_of_life"],
        ["meetings", "recruitment"],
        ["weekday_day"],
        "expenses",
        Stage.NEW,
    ),
    ("Shona Blake", ["mental_health", "carer"], ["interviews", "reading"], ["online"], "none", Stage.PAUSED),
    ("Ravi Shah", ["planned", "community"], ["testing", "reading"], ["weekday_day", "online"], "voucher", Stage.ACTIVE),
]


def seed_coproduction(*, system: System, northfield: Organisation, riverside: Organisation) -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    volunteers: dict[str, Volunteer] = {}
    for index, (name, services, skills, availability, payment, stage) in enumerate(PEOPLE):
        email = name.lower().replace(" ", ".") + "@example.org"
        consented = now - timedelta(days=30 * (index + 1))
        volunteer, _ = Volunteer.objects.get_or_create(
            system=system,
            email=email,
            defaults={
                "name": name,
                "services": sorted(services),
                "skills": sorted(skills),
                "availability": sorted(availability),
                "interests": "",
                "adjustments": "Step-free access" if index % 3 == 0 else "",
                "payment": payment,
                "consent_wording": consent_wording(system),
                "consented_at": consented,
                "review_on": review_date(timezone.localdate(consented)),
                "verified_at": consented,
                "created_at": consented,
            },
        )
        volunteers[name] = volunteer
        done = stage in (Stage.ACTIVE, Stage.PAUSED)
        Registration.objects.get_or_create(
            volunteer=volunteer,
            organisation=northfield,
            defaults={
                "stage": stage,
                "conversation_held": done,
                "induction_done": done,
                "payment_details_recorded": done and payment == "payment",
                "notes": "Welcomed by phone; prefers morning sessions." if index == 0 else "",
            },
        )
        if index % 2 == 0:
            Registration.objects.get_or_create(volunteer=volunteer, organisation=riverside)
    project = Project.objects.filter(organisation=northfield).order_by("pk").first()
    lead = User.objects.filter(email="lead@northfield.example").first()
    if project is None or InvolvementRequest.objects.filter(organisation=northfield).exists():
        return
    request = InvolvementRequest.objects.create(
        organisation=northfield,
        project=project,
        purpose="codesign",
        description="Help us rewrite the leaflet people take home, so it answers the questions you had.",
        experience=["carer", "older_people"],
        skills=["reading"],
        availability=["weekday_day"],
        when=f"Two afternoons from {today + timedelta(days=21):%-d %B}",
        where="Northfield Education Centre, or online",
        how_long="2 hours each time",
        payment="voucher",
        places=2,
        created_by=lead,
    )
    Offer.objects.create(
        request=request,
        volunteer=volunteers["Maureen Ellis"],
        invited_by=lead,
        message="Your experience as a carer would help us.",
    )
