"""Writes for the network: joining, confirming, choices and consent, leaving; events and booking.

Bookings are made through `openqi.bookings.services`, which keeps capacity correct under
concurrency; this module only says who books (a member, or a guest the CQI team invites).
"""

import hashlib
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.bookings import services as bookings
from openqi.bookings.models import Booking
from openqi.network.models import OWNER, Contact, Event, Member, PartnerDomain, UpdateRecipient
from openqi.network.tasks import member_sign_in_send, member_verification_send
from openqi.organisations.models import Organisation, System

CONSENT_WORDING = (
    "I agree that the {system} CQI team may keep my name, email address, organisation, interests and "
    "bookings to run the quality improvement network, and contact me in the ways I chose. I can change "
    "my choices, withdraw consent or leave at any time."
)


def consent_wording(system: System) -> str:
    return CONSENT_WORDING.format(system=system.name)


def pseudonym(email: str) -> str:
    """What the audit trail keeps about a member: never the address itself."""
    return "member-" + hashlib.sha256(email.encode()).hexdigest()[:12]


def _domain_organisation(email: str, system: System) -> Any:
    domain = email.rsplit("@", 1)[-1]
    found = PartnerDomain.objects.select_related("organisation").filter(domain=domain).first()
    if found is None or found.organisation.system_id != system.pk:
        return None
    return found.organisation


@transaction.atomic
def member_register(
    *,
    system: System,
    email: str,
    name: str,
    job_role: str = "",
    topics: list[str],
    domains: list[str],
    services: str = "",
    contact: str,
    consented: bool,
) -> Member:
    """Join, or ask again: the answer never says whether the address is already a member (an email
    goes to the address either way: a confirmation link, or a sign-in link once confirmed)."""
    if not consented:
        raise ValidationError({"consent": "Confirm that you agree, so that we can keep your details"})
    email = email.strip().lower()
    member = Member.objects.filter(system=system, email=email).first()
    if member is None:
        member = Member.objects.create(
            system=system,
            email=email,
            name=name.strip(),
            job_role=job_role.strip(),
            topics=sorted(set(topics)),
            domains=sorted(set(domains)),
            services=services.strip(),
            contact=contact,
            consent_wording=consent_wording(system),
            consented_at=timezone.now(),
        )
        audit_log(actor=None, action="network.member_register", obj=member, detail={"member": pseudonym(email)})
    transaction.on_commit(lambda: member_verification_send.enqueue(member.pk))
    return member


@transaction.atomic
def member_verify(*, member_id: int, email: str) -> Member | None:
    """Confirm the address from an emailed link: link partner staff to their organisation by the
    domain, and an OpenQI account with the same address. None when the link no longer fits."""
    member = Member.objects.select_for_update().filter(pk=member_id, email=email).first()
    if member is None:
        return None
    if member.verified_at is None:
        member.verified_at = timezone.now()
        member.organisation = _domain_organisation(member.email, member.system)
        member.user = User.objects.filter(email__iexact=member.email).first()
        member.save(update_fields=["verified_at", "organisation", "user"])
        audit_log(
            actor=None,
            action="network.member_verify",
            organisation=member.organisation,
            obj=member,
            detail={"member": pseudonym(member.email), "staff": member.organisation_id is not None},
        )
    return member


UNCONFIRMED_DAYS = 30


def member_unconfirmed_purge(*, now: datetime | None = None) -> int:
    """Delete sign-ups whose address was never confirmed within 30 days (the confirmation email
    promises it): an unconfirmed address may not even be the person's own."""
    cutoff = (now or timezone.now()) - timedelta(days=UNCONFIRMED_DAYS)
    deleted, _ = Member.objects.filter(verified_at__isnull=True, created_at__lt=cutoff).delete()
    if deleted:
        audit_log(actor=None, action="network.unconfirmed_purge", detail={"deleted": deleted})
    return deleted


def member_sign_in_request(*, system: System, email: str) -> None:
    """Email a sign-in link if the address belongs to a confirmed member; say nothing either way."""
    member = Member.objects.filter(system=system, email=email.strip().lower(), verified_at__isnull=False).first()
    if member is not None:
        transaction.on_commit(lambda: member_sign_in_send.enqueue(member.pk))


@transaction.atomic
def member_update(
    *, member: Member, name: str, job_role: str, topics: list[str], domains: list[str], services: str, contact: str
) -> Member:
    before = {f: getattr(member, f) for f in ("name", "job_role", "topics", "domains", "services", "contact")}
    member.name = name.strip()
    member.job_role = job_role.strip()
    member.topics = sorted(set(topics))
    member.domains = sorted(set(domains))
    member.services = services.strip()
    member.contact = contact
    member.save()
    changed = {f: (before[f], getattr(member, f)) for f in before if before[f] != getattr(member, f)}
    audit_log(actor=member.user, action="network.member_update", obj=member, changes=changed)
    return member


@transaction.atomic
def member_consent_withdraw(*, member: Member) -> Member:
    """Stop all contact except about events already booked; the details stay until they leave."""
    member.consent_withdrawn_at = timezone.now()
    member.contact = Contact.NOTHING
    member.save(update_fields=["consent_withdrawn_at", "contact"])
    audit_log(
        actor=member.user, action="network.consent_withdraw", obj=member, detail={"member": pseudonym(member.email)}
    )
    return member


@transaction.atomic
def member_consent_give(*, member: Member) -> Member:
    """Agree again, to today's wording."""
    member.consent_wording = consent_wording(member.system)
    member.consented_at = timezone.now()
    member.consent_withdrawn_at = None
    member.save(update_fields=["consent_wording", "consented_at", "consent_withdrawn_at"])
    audit_log(actor=member.user, action="network.consent_give", obj=member, detail={"member": pseudonym(member.email)})
    return member


def member_erase(*, member: Member) -> dict[str, int]:
    """Remove the member and their network bookings. The audit trail keeps only a pseudonym."""
    with transaction.atomic():
        booking_ids = list(
            Booking.objects.filter(email=member.email, occasion__owner=OWNER).values_list("pk", flat=True)
        )
        bookings_removed, _ = Booking.objects.filter(pk__in=booking_ids).delete()
        # the record that an update reached them goes too (it holds the address)
        UpdateRecipient.objects.filter(update__system_id=member.system_id, email=member.email).delete()
        audit_log(actor=None, action="network.member_erase", detail={"member": pseudonym(member.email)})
        member.delete()
    return {"network_members": 1, "network_bookings": bookings_removed}


def event_create(
    *,
    actor: User,
    system: System,
    title: str,
    description: str,
    kind: str,
    mode: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    venue: str = "",
    accessibility: str = "",
    online_link: str = "",
    organisation: Organisation | None = None,
) -> Event:
    if organisation is not None and organisation.system_id != system.pk:
        raise ValidationError({"organisation": "Choose an organisation of this ICS"})
    if mode == "in_person" and not venue.strip():
        raise ValidationError({"venue": "Enter the venue of an event in person"})
    if mode == "online" and not online_link.strip():
        raise ValidationError({"online_link": "Enter the joining link of an online event"})
    with transaction.atomic():
        occasion = bookings.occasion_create(
            owner=OWNER,
            title=title.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            location=venue.strip() if mode == "in_person" else "Online",
        )
        event = Event.objects.create(
            system=system,
            occasion=occasion,
            description=description.strip(),
            kind=kind,
            mode=mode,
            venue=venue.strip() if mode == "in_person" else "",
            accessibility=accessibility.strip(),
            online_link=online_link.strip() if mode == "online" else "",
            organisation=organisation,
        )
        audit_log(actor=actor, action="network.event_create", obj=event, detail={"title": occasion.title})
    return event


def event_book(*, event: Event, member: Member) -> Booking:
    if member.verified_at is None or member.system_id != event.system_id:
        raise PermissionDenied("Confirm your email address before booking")
    return bookings.booking_create(occasion=event.occasion, email=member.email, name=member.name, user=member.user)


def event_guest_invite(*, actor: User, event: Event, email: str, name: str) -> Booking:
    return bookings.booking_create(occasion=event.occasion, email=email, name=name, guest=True, actor=actor)


def partner_domain_add(*, actor: User, system: System, organisation_id: int, domain: str) -> PartnerDomain:
    """Link an email domain to a partner organisation of this ICS: members who confirm an address
    there from now on join as that organisation's staff."""
    domain = domain.strip().lower().lstrip("@")
    organisation = system.organisations.filter(pk=organisation_id).first()
    if organisation is None:
        raise ValidationError({"organisation": "Choose an organisation of this ICS"})
    if PartnerDomain.objects.filter(domain=domain).exists():
        raise ValidationError({"domain": "This domain is already linked to an organisation"})
    with transaction.atomic():
        found = PartnerDomain.objects.create(organisation=organisation, domain=domain)
        audit_log(
            actor=actor, action="network.domain_add", organisation=organisation, obj=found, detail={"domain": domain}
        )
    return found


@transaction.atomic
def partner_domain_remove(*, actor: User, domain: PartnerDomain) -> None:
    """Stop linking new members by this domain; members already linked stay linked."""
    audit_log(
        actor=actor, action="network.domain_remove", organisation=domain.organisation, detail={"domain": domain.domain}
    )
    domain.delete()
