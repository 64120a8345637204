"""Demo "What needs you" for `seed_demo`: after the other seeders, give the demo staff member ideas
to own and measures with a signal to follow, and the demo lead places on the network's next
events, so both homes look alive. Through the services where a person acts; once only."""

import datetime

from django.db.models import Q
from django.utils import timezone

from openqi.accounts.models import User
from openqi.bookings.models import HOLDS_PLACE, Booking, BookingStatus
from openqi.ideas import services as idea_services
from openqi.ideas.models import Idea, Status
from openqi.ideas.selectors.personal import idea_list_owned_open
from openqi.measures.models import Measure, Visibility
from openqi.measures.services import measure_follow
from openqi.network.models import Event
from openqi.organisations.models import Membership, Organisation


def _ideas_for_staff(organisation: Organisation, lead: User, staff: User) -> None:
    if idea_list_owned_open(organisation=organisation, user=staff).exists():
        return
    # Two of the lead's (or nobody's) ideas under review or accepted are handed to the ward.
    open_ideas = (
        Idea.objects.filter(organisation=organisation, status__in=(Status.UNDER_REVIEW, Status.ACCEPTED))
        .filter(Q(owner__isnull=True) | Q(owner=lead))
        .order_by("submitted_on", "id")[:2]
    )
    for n, idea in enumerate(open_ideas):
        idea_services.idea_assign(
            actor=lead,
            idea=idea,
            owner=staff,
            team=idea.team,
            response_due=max(idea.submitted_on, timezone.localdate() + datetime.timedelta(days=5 + 7 * n)),
        )


def _signals_for_staff(organisation: Organisation, lead: User, staff: User) -> None:
    team_id = Membership.objects.filter(organisation=organisation, user=staff).values_list("team_id", flat=True).first()
    seen_by_staff = Q(visibility=Visibility.ORGANISATION) | Q(visibility=Visibility.TEAM, team_id=team_id)
    signals = (
        Measure.objects.filter(organisation=organisation, archived_at__isnull=True)
        .filter(seen_by_staff)
        .exclude(latest_point_type__in=("", "common_cause"))
        .order_by("name")[:3]
    )
    for measure in signals:
        measure_follow(actor=staff, measure=measure)
        if measure.owner_id != lead.pk:
            measure_follow(actor=lead, measure=measure)


def _bookings_for(user: User, organisation: Organisation) -> None:
    # Places still to come, of any owner (a past training cohort does not count): seeding twice adds nothing.
    if Booking.objects.filter(user=user, occasion__starts_at__gte=timezone.now()).exists():
        return
    upcoming = Event.objects.filter(
        system_id=organisation.system_id,
        occasion__starts_at__gte=timezone.now(),
        occasion__cancelled_at__isnull=True,
    ).select_related("occasion")
    booked = 0
    for event in upcoming.order_by("occasion__starts_at"):
        occasion = event.occasion
        held = Booking.objects.filter(occasion=occasion, status__in=HOLDS_PLACE).count()
        if held >= occasion.capacity or Booking.objects.filter(occasion=occasion, email=user.email).exists():
            continue
        # Straight to the table, as the network's demo does, so seeding sends no email.
        Booking.objects.create(
            occasion=occasion, email=user.email, name=user.display_name, user=user, status=BookingStatus.CONFIRMED
        )
        booked += 1
        if booked == 2:
            return


def seed_home(*, organisation: Organisation) -> None:
    lead = User.objects.get(email="lead@northfield.example")
    staff = User.objects.get(email="staff@northfield.example")
    _ideas_for_staff(organisation, lead, staff)
    _signals_for_staff(organisation, lead, staff)
    _bookings_for(lead, organisation)
