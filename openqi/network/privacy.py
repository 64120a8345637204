"""Network membership in subject access and erasure (core.personal_data, ADR 0009).

A member need not have an OpenQI account; when they do (the same address), erasing the account
erases their membership and bookings too. A member without an account leaves from their own page,
which runs the same `member_erase`.
"""

from typing import Any

from openqi.bookings.models import Booking
from openqi.core import personal_data
from openqi.network.models import OWNER, Enquiry, Member
from openqi.network.services import member_erase


def _members(user: Any) -> list[Member]:
    return list(Member.objects.filter(email__iexact=user.email) | Member.objects.filter(user=user))


def export_personal_data(*, user: Any) -> dict[str, Any]:
    members = _members(user)
    return {
        "enquiries": [
            {"reference": e.reference, "sent_at": e.created_at.isoformat(), "message": e.message}
            for e in Enquiry.objects.filter(email=user.email.lower())
        ],
        "network_memberships": [
            {
                "network": m.system.name,
                "name": m.name,
                "email": m.email,
                "organisation": m.organisation.name if m.organisation else "",
                "job_role": m.job_role,
                "topics": m.topics,
                "quality_domains": m.domains,
                "services": m.services,
                "contact": m.contact,
                "consent_wording": m.consent_wording,
                "consented_at": m.consented_at.isoformat(),
                "consent_withdrawn_at": m.consent_withdrawn_at.isoformat() if m.consent_withdrawn_at else None,
                "joined_at": m.created_at.isoformat(),
                "bookings": [
                    {
                        "event": b.occasion.title,
                        "starts_at": b.occasion.starts_at.isoformat(),
                        "status": b.status,
                        "attended": b.attended,
                    }
                    for b in Booking.objects.filter(email=m.email, occasion__owner=OWNER).select_related("occasion")
                ],
            }
            for m in members
        ],
    }


def erase_personal_data(*, user: Any, pseudonym: str) -> dict[str, int]:
    deleted, _ = Enquiry.objects.filter(email=user.email.lower()).delete()
    totals = {"network_members": 0, "network_bookings": 0, "network_enquiries": deleted}
    for member in _members(user):
        for key, value in member_erase(member=member).items():
            totals[key] += value
    return totals


personal_data.register(app="network", export=export_personal_data, erase=erase_personal_data)

# Named system ideas register their own handler (ADR 0029).
from openqi.network import system_privacy  # noqa: E402, F401
