"""After an event, and at it: attendees' feedback (asked by an emailed link once the event is over,
one answer per booking, not linked to the person) and marking oneself attended by scanning the QR
code the CQI team shows at the event (a signed link that works only while the event is on)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from openqi.anonymity import effective_k, suppress_counts
from openqi.audit.services import audit_log
from openqi.bookings.models import Booking, BookingStatus
from openqi.network.models import OWNER, Event, Member
from openqi.network.resources.models import Feedback, FeedbackRequest, Rating

FEEDBACK_SALT = "openqi.network.feedback"
ATTENDANCE_SALT = "openqi.network.attendance"
FEEDBACK_DAYS = 30  # how long a feedback link works
ASK_WITHIN = timedelta(days=3)  # events that ended this recently are followed up; older ones are not
EARLY = timedelta(minutes=30)  # the QR code works from this long before the start until the end


# Feedback -----------------------------------------------------------------------------------


def feedback_token(booking: Booking) -> str:
    return signing.dumps({"b": booking.pk, "e": booking.email}, salt=FEEDBACK_SALT, compress=True)


def feedback_booking(token: str, *, event: Event) -> Booking | None:
    """The confirmed booking a feedback link was sent for, if it is for this event and still valid."""
    try:
        data = signing.loads(token[:500], salt=FEEDBACK_SALT, max_age=FEEDBACK_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("b"), int) or not isinstance(data.get("e"), str):
        return None
    return Booking.objects.filter(
        pk=data["b"], email=data["e"], occasion_id=event.occasion_id, status=BookingStatus.CONFIRMED
    ).first()


def booking_key(booking_id: int) -> str:
    """What a feedback answer keeps of its booking: a keyed hash, so one answer per booking and no
    way back from the answer to the person without the server's secret."""
    return salted_hmac("openqi.network.feedback.booking", str(booking_id), algorithm="sha256").hexdigest()


def feedback_given(*, event: Event, booking: Booking) -> bool:
    return Feedback.objects.filter(event=event, booking_key=booking_key(booking.pk)).exists()


def feedback_submit(
    *, event: Event, booking: Booking, rating: int, recommend: bool, went_well: str = "", even_better: str = ""
) -> Feedback:
    if event.occasion.ends_at > timezone.now():
        raise ValidationError("You can give feedback once the event is over")
    if booking.occasion_id != event.occasion_id or booking.status != BookingStatus.CONFIRMED:
        raise ValidationError("This link is not for this event")
    if booking.attended is False:
        raise ValidationError("The organisers recorded that you did not come to this event")
    if rating not in Rating.values:
        raise ValidationError({"rating": "Choose how the event was"})
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                event=event,
                booking_key=booking_key(booking.pk),
                rating=rating,
                recommend=recommend,
                went_well=went_well.strip(),
                even_better=even_better.strip(),
            )
    except IntegrityError as twice:
        raise ValidationError("You have already given feedback on this event. Thank you.") from twice
    audit_log(actor=None, action="network.event_feedback", obj=event, detail={})  # nothing of who
    return feedback


def feedback_requests_due(*, now: datetime | None = None) -> list[int]:
    """Confirmed bookings of network events that ended in the last few days, not marked as
    no-shows, and not yet asked: each is recorded as asked (once, by a unique row) and returned."""
    now = now or timezone.now()
    due = (
        Booking.objects.filter(
            occasion__owner=OWNER,
            occasion__cancelled_at__isnull=True,
            occasion__ends_at__lte=now,
            occasion__ends_at__gt=now - ASK_WITHIN,
            status=BookingStatus.CONFIRMED,
        )
        .exclude(attended=False)
        .exclude(pk__in=FeedbackRequest.objects.values("booking_id"))
        .values_list("pk", flat=True)
    )
    claimed: list[int] = []
    for booking_id in list(due[:5000]):
        try:
            with transaction.atomic():
                FeedbackRequest.objects.create(booking_id=booking_id, sent_at=now)
        except IntegrityError:
            continue  # another run asked first
        claimed.append(booking_id)
    return claimed


@dataclass(frozen=True)
class FeedbackSummary:
    total: int
    by_rating: list[tuple[str, int]]  # best first
    recommend: int
    average: float | None
    shown_beyond_team: bool  # at least k answers: the average may be shown on the public event page
    recommend_shown: bool  # and the split of who would recommend it
    k: int


def feedback_summary(*, event: Event) -> FeedbackSummary:
    counted = Feedback.objects.filter(event=event).aggregate(
        total=Count("pk"),
        recommend=Count("pk", filter=Q(recommend=True)),
        **{f"r{value}": Count("pk", filter=Q(rating=value)) for value in Rating.values},
    )
    total = counted["total"]
    weighted = sum(value * counted[f"r{value}"] for value in Rating.values)
    # Beyond the CQI team: the average only with at least k answers, and the split of who would
    # recommend it only if neither side is a small group (k rule with complementary suppression).
    recommend = counted["recommend"]
    decision = suppress_counts({"yes": recommend, "no": total - recommend}, total=total)
    shown = total >= effective_k(None)
    return FeedbackSummary(
        total=total,
        by_rating=[(label, counted[f"r{value}"]) for value, label in reversed(Rating.choices)],
        recommend=recommend,
        average=round(weighted / total, 1) if total else None,
        shown_beyond_team=shown,
        recommend_shown=shown and {"yes", "no"} <= decision.visible,
        k=effective_k(None),
    )


def feedback_comments(*, event: Event) -> Any:
    return (
        Feedback.objects.filter(event=event)
        .exclude(went_well="", even_better="")
        .only("went_well", "even_better", "rating", "answered_on")
        .order_by("-answered_on", "-pk")
    )


# QR attendance ------------------------------------------------------------------------------


def attendance_token(event: Event) -> str:
    """Short enough for a QR code a phone reads from across a room: the event's id and a signature."""
    return signing.Signer(salt=ATTENDANCE_SALT).sign(str(event.pk)).split(":", 1)[1]


def attendance_token_valid(event: Event, token: str) -> bool:
    try:
        signing.Signer(salt=ATTENDANCE_SALT).unsign(f"{event.pk}:{token[:100]}")
    except signing.BadSignature:
        return False
    return True


def attendance_open(event: Event, *, now: datetime | None = None) -> bool:
    """Whether the QR code works now: from half an hour before the start until the end."""
    now = now or timezone.now()
    return event.occasion.starts_at - EARLY <= now <= event.occasion.ends_at


def attendance_self_mark(*, event: Event, member: Member, now: datetime | None = None) -> Booking:
    """A member who scanned the event's code marks their own confirmed place as attended."""
    if not attendance_open(event, now=now):
        raise ValidationError("This code works only while the event is on")
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .filter(occasion_id=event.occasion_id, email=member.email, status=BookingStatus.CONFIRMED)
            .first()
        )
        if booking is None:
            raise ValidationError("You do not have a place on this event. Please speak to the organisers")
        if booking.attended is not True:
            booking.attended = True
            booking.save(update_fields=["attended"])
            audit_log(actor=member.user, action="network.attendance_self", obj=event.occasion, detail={})
    return booking


def attendance_counts(*, event: Event) -> tuple[int, int]:
    """(marked as came, confirmed places) for the QR page's running count."""
    counted = Booking.objects.filter(occasion_id=event.occasion_id, status=BookingStatus.CONFIRMED).aggregate(
        came=Count("pk", filter=Q(attended=True)), places=Count("pk")
    )
    return counted["came"], counted["places"]
