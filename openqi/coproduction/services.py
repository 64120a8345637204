"""Writes for co-production: volunteering, onboarding, requests, invitations and answers.

Every write is atomic and audited. The audit trail never holds a volunteer's address or words:
only a pseudonym, so erasure leaves nothing readable behind (as the network does).
"""

import datetime
import hashlib
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.coproduction.models import (
    REVIEW_MONTHS,
    InvolvementRequest,
    Offer,
    OfferStatus,
    Registration,
    Stage,
    Volunteer,
)
from openqi.coproduction.tasks import (
    offer_email_send,
    partner_welcome_send,
    volunteer_reminder_send,
    volunteer_sign_in_send,
    volunteer_verification_send,
)
from openqi.organisations.models import Membership, Organisation, Role, System
from openqi.projects.models import Project, ProjectRole
from openqi.projects.models import Stage as ProjectStage
from openqi.projects.services import project_member_add

CONSENT_WORDING = (
    "I agree that the organisations of {system} I chose may keep the details I gave here to invite me "
    "to help improve services, and contact me in the way I chose. Each organisation keeps its own notes "
    "about my involvement. I will be asked to renew this consent on my review date. I can change or "
    "delete my details at any time."
)
UNCONFIRMED_DAYS = 30
LAPSED_GRACE_DAYS = 90  # hidden at the review date; removed this long after it unless renewed
REMINDER_DAYS = 30  # the reminder goes this long before the review date


def consent_wording(system: System) -> str:
    return CONSENT_WORDING.format(system=system.name)


def pseudonym(email: str) -> str:
    return "volunteer-" + hashlib.sha256(email.encode()).hexdigest()[:12]


def review_date(today: datetime.date) -> datetime.date:
    year, month = divmod(today.month - 1 + REVIEW_MONTHS, 12)
    day = min(today.day, 28)
    return datetime.date(today.year + year, month + 1, day)


def _check_organisations(system: System, organisations: list[Organisation]) -> None:
    if not organisations:
        raise ValidationError({"organisations": "Choose at least one organisation that may contact you"})
    if any(o.system_id != system.pk for o in organisations):
        raise ValidationError({"organisations": "Choose organisations of this care system"})


def _set_registrations(volunteer: Volunteer, organisations: list[Organisation]) -> None:
    """Keep the registrations of the chosen organisations (their notes too); drop the others."""
    wanted = {o.pk for o in organisations}
    Registration.objects.filter(volunteer=volunteer).exclude(organisation_id__in=wanted).delete()
    have = set(Registration.objects.filter(volunteer=volunteer).values_list("organisation_id", flat=True))
    Registration.objects.bulk_create(
        [Registration(volunteer=volunteer, organisation_id=pk) for pk in sorted(wanted - have)]
    )


DETAIL_FIELDS = (
    "name",
    "phone",
    "services",
    "skills",
    "interests",
    "availability",
    "contact_by",
    "adjustments",
    "payment",
)


def _clean(details: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: details.get(name) for name in DETAIL_FIELDS}
    for name in ("services", "skills", "availability"):
        cleaned[name] = sorted(set(cleaned[name] or []))
    for name in ("name", "phone", "interests", "adjustments"):
        cleaned[name] = (cleaned[name] or "").strip()
    if cleaned["contact_by"] in ("phone", "text") and not cleaned["phone"]:
        raise ValidationError({"phone": "Enter a phone number, or choose to be contacted by email"})
    return cleaned


@transaction.atomic
def volunteer_register(
    *, system: System, email: str, organisations: list[Organisation], consented: bool, **details: Any
) -> Volunteer:
    """Volunteer, or ask again: the answer never says whether the address is already registered
    (the address gets an email either way: a confirmation link, or a sign-in link)."""
    if not consented:
        raise ValidationError({"consent": "Confirm that you agree, so that we can keep your details"})
    _check_organisations(system, organisations)
    cleaned = _clean(details)
    email = email.strip().lower()
    volunteer = Volunteer.objects.filter(system=system, email=email).first()
    if volunteer is None:
        now = timezone.now()
        volunteer = Volunteer.objects.create(
            system=system,
            email=email,
            consent_wording=consent_wording(system),
            consented_at=now,
            review_on=review_date(timezone.localdate(now)),
            **cleaned,
        )
        _set_registrations(volunteer, organisations)
        audit_log(actor=None, action="coproduction.volunteer", obj=volunteer, detail={"volunteer": pseudonym(email)})
    found = volunteer
    transaction.on_commit(lambda: volunteer_verification_send.enqueue(found.pk))
    return volunteer


@transaction.atomic
def volunteer_verify(*, volunteer_id: int, email: str) -> Volunteer | None:
    volunteer = Volunteer.objects.select_for_update().filter(pk=volunteer_id, email=email).first()
    if volunteer is None:
        return None
    if volunteer.verified_at is None:
        volunteer.verified_at = timezone.now()
        volunteer.save(update_fields=["verified_at"])
        for registration in volunteer.registrations.select_related("organisation"):
            audit_log(
                actor=None,
                action="coproduction.volunteer_verify",
                organisation=registration.organisation,
                obj=registration,
                detail={"volunteer": pseudonym(volunteer.email)},
            )
    return volunteer


def volunteer_sign_in_request(*, system: System, email: str) -> None:
    volunteer = Volunteer.objects.filter(system=system, email=email.strip().lower(), verified_at__isnull=False).first()
    if volunteer is not None:
        found = volunteer
        transaction.on_commit(lambda: volunteer_sign_in_send.enqueue(found.pk))


@transaction.atomic
def volunteer_update(*, volunteer: Volunteer, organisations: list[Organisation], **details: Any) -> Volunteer:
    _check_organisations(volunteer.system, organisations)
    cleaned = _clean(details)
    changed = sorted(name for name, value in cleaned.items() if getattr(volunteer, name) != value)
    for name, value in cleaned.items():
        setattr(volunteer, name, value)
    volunteer.save()
    _set_registrations(volunteer, organisations)
    # which fields changed, never their values: the trail outlives an erasure
    audit_log(
        actor=None,
        action="coproduction.volunteer_update",
        obj=volunteer,
        detail={"volunteer": pseudonym(volunteer.email), "changed": changed},
    )
    return volunteer


@transaction.atomic
def volunteer_renew(*, volunteer: Volunteer) -> Volunteer:
    """Agree again, to today's wording; the next review is a year away."""
    now = timezone.now()
    volunteer.consent_wording = consent_wording(volunteer.system)
    volunteer.consented_at = now
    volunteer.review_on = review_date(timezone.localdate(now))
    volunteer.reminded_at = None
    volunteer.save(update_fields=["consent_wording", "consented_at", "review_on", "reminded_at"])
    audit_log(
        actor=None, action="coproduction.consent_renew", obj=volunteer, detail={"volunteer": pseudonym(volunteer.email)}
    )
    return volunteer


def volunteer_erase(*, volunteer: Volunteer) -> dict[str, int]:
    """Remove the volunteer, every organisation's registration and notes, and their invitations.
    Counts in reports are made from the rows that remain, so only anonymous totals of the past
    (hours logged on projects, kept by the projects app) outlive them."""
    with transaction.atomic():
        registrations = volunteer.registrations.count()
        offers = volunteer.offers.count()
        audit_log(actor=None, action="coproduction.volunteer_erase", detail={"volunteer": pseudonym(volunteer.email)})
        volunteer.delete()
    return {"volunteers": 1, "volunteer_registrations": registrations, "involvement_offers": offers}


@transaction.atomic
def registration_update(
    *,
    actor: User,
    registration: Registration,
    stage: str,
    conversation_held: bool,
    induction_done: bool,
    payment_details_recorded: bool,
    notes: str,
) -> Registration:
    if stage == Stage.ACTIVE and not (conversation_held and induction_done):
        raise ValidationError(
            {"stage": "Hold the welcome conversation and the induction before making the registration active"}
        )
    before = {
        "stage": registration.stage,
        "conversation_held": registration.conversation_held,
        "induction_done": registration.induction_done,
        "payment_details_recorded": registration.payment_details_recorded,
    }
    registration.stage = stage
    registration.conversation_held = conversation_held
    registration.induction_done = induction_done
    registration.payment_details_recorded = payment_details_recorded
    notes_changed = registration.notes != notes.strip()
    registration.notes = notes.strip()
    registration.updated_at = timezone.now()
    registration.save()
    changes = {k: (v, getattr(registration, k)) for k, v in before.items() if v != getattr(registration, k)}
    audit_log(
        actor=actor,
        action="coproduction.registration_update",
        organisation=registration.organisation,
        obj=registration,
        changes=changes,
        detail={"notes_changed": notes_changed},
    )
    return registration


@transaction.atomic
def request_create(
    *,
    actor: User,
    organisation: Organisation,
    project: Project,
    purpose: str,
    description: str,
    experience: list[str],
    skills: list[str],
    availability: list[str],
    when: str,
    where: str,
    how_long: str,
    payment: str,
    places: int,
) -> InvolvementRequest:
    if project.organisation_id != organisation.pk:
        raise PermissionDenied("Choose a project of this organisation.")
    if project.stage == ProjectStage.CLOSED:
        raise ValidationError({"project": "Choose a project that is not closed"})
    request = InvolvementRequest.objects.create(
        organisation=organisation,
        project=project,
        purpose=purpose,
        description=description.strip(),
        experience=sorted(set(experience)),
        skills=sorted(set(skills)),
        availability=sorted(set(availability)),
        when=when.strip(),
        where=where.strip(),
        how_long=how_long.strip(),
        payment=payment,
        places=places,
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="coproduction.request_create",
        organisation=organisation,
        obj=request,
        detail={"project": project.pk, "purpose": purpose},
    )
    return request


@transaction.atomic
def request_close(*, actor: User, request: InvolvementRequest) -> InvolvementRequest:
    if request.closed_at is None:
        request.closed_at = timezone.now()
        request.save(update_fields=["closed_at"])
        audit_log(actor=actor, action="coproduction.request_close", organisation=request.organisation, obj=request)
    return request


@transaction.atomic
def offer_create(*, actor: User, request: InvolvementRequest, registration: Registration, message: str = "") -> Offer:
    """Invite an active, confirmed volunteer who agreed this organisation may match them."""
    if registration.organisation_id != request.organisation_id:
        raise PermissionDenied("This person has not agreed that this organisation may contact them.")
    volunteer = registration.volunteer
    if request.closed_at is not None:
        raise ValidationError("This request is closed.")
    if registration.stage != Stage.ACTIVE or volunteer.verified_at is None or volunteer.lapsed():
        raise ValidationError("Only people whose registration is active can be invited.")
    if Offer.objects.filter(request=request, volunteer=volunteer).exists():
        raise ValidationError(f"{volunteer.name} has already been invited.")
    offer = Offer.objects.create(request=request, volunteer=volunteer, message=message.strip(), invited_by=actor)
    audit_log(
        actor=actor,
        action="coproduction.offer_create",
        organisation=request.organisation,
        obj=offer,
        detail={"request": request.pk, "volunteer": pseudonym(volunteer.email)},
    )
    transaction.on_commit(lambda: offer_email_send.enqueue(offer.pk))
    return offer


def _partner_account(volunteer: Volunteer, organisation: Organisation) -> tuple[User, bool]:
    """The OpenQI account the volunteer joins projects with: theirs if the address has one, else a
    new one with no password (they set one from the emailed link). Their address is proven: they
    answered from a link sent to it. Partners of this organisation, or nobody yet."""
    user = User.objects.filter(email__iexact=volunteer.email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(volunteer.email, full_name=volunteer.name)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        Membership.objects.create(user=user, organisation=organisation, role=Role.PARTNER)
    elif membership.role != Role.PARTNER:
        raise ValidationError(
            f"Your address belongs to a {membership.get_role_display()} of {organisation.name}. "
            "Ask the involvement lead to add you to the project team."
        )
    if volunteer.user_id != user.pk:
        volunteer.user = user
        volunteer.save(update_fields=["user"])
    return user, created


@transaction.atomic
def offer_answer(*, offer: Offer, accept: bool, answer: str) -> Offer:
    """The volunteer answers in their own words. Accepting makes them a partner on the project."""
    if offer.status != OfferStatus.INVITED:
        raise ValidationError("You have already answered this invitation.")
    if offer.request.closed_at is not None and accept:
        raise ValidationError("This request has closed. Thank you for your interest.")
    offer.status = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
    offer.answer = answer.strip()
    offer.answered_at = timezone.now()
    request = offer.request
    organisation = request.organisation
    created = False
    if accept:
        user, created = _partner_account(offer.volunteer, organisation)
        # the lead who invited adds them: the project records who brought them in
        project_member_add(actor=offer.invited_by or user, project=request.project, user=user, role=ProjectRole.PARTNER)
        offer.joined_at = timezone.now()
    offer.save()
    audit_log(
        actor=None,
        action="coproduction.offer_accept" if accept else "coproduction.offer_decline",
        organisation=organisation,
        obj=offer,
        detail={"request": request.pk, "volunteer": pseudonym(offer.volunteer.email)},
    )
    if accept:
        offer_id, new_account = offer.pk, created
        transaction.on_commit(lambda: partner_welcome_send.enqueue(offer_id, new_account))
    return offer


def volunteer_unconfirmed_purge(*, now: datetime.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - datetime.timedelta(days=UNCONFIRMED_DAYS)
    deleted = 0
    for volunteer in Volunteer.objects.filter(verified_at__isnull=True, created_at__lt=cutoff):
        volunteer_erase(volunteer=volunteer)
        deleted += 1
    return deleted


def volunteer_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind each volunteer once, a month before their review date, to renew their consent."""
    today = today or timezone.localdate()
    due = Volunteer.objects.filter(
        verified_at__isnull=False,
        reminded_at__isnull=True,
        review_on__lte=today + datetime.timedelta(days=REMINDER_DAYS),
    )
    sent = 0
    for volunteer in due:
        volunteer.reminded_at = timezone.now()
        volunteer.save(update_fields=["reminded_at"])
        volunteer_reminder_send.enqueue(volunteer.pk)
        sent += 1
    return sent


def volunteer_lapsed_purge(*, today: datetime.date | None = None) -> int:
    """Remove registrations whose review date passed long ago without renewal (hidden already)."""
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=LAPSED_GRACE_DAYS)
    removed = 0
    for volunteer in Volunteer.objects.filter(review_on__lt=cutoff):
        volunteer_erase(volunteer=volunteer)
        removed += 1
    return removed
