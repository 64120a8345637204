"""Bookings in subject access and erasure (core.personal_data, ADR 0009): every booking made
with the person's address or account, whatever app the occasion belongs to."""

from typing import Any

from django.db.models import Q

from openqi.bookings.models import Booking
from openqi.core import personal_data


def _bookings(user: Any) -> Any:
    return Booking.objects.filter(Q(email=user.email.lower()) | Q(user=user)).select_related("occasion")


def export_personal_data(*, user: Any) -> dict[str, Any]:
    return {
        "bookings": [
            {
                "occasion": b.occasion.title,
                "starts_at": b.occasion.starts_at.isoformat(),
                "status": b.status,
                "attended": b.attended,
                "booked_at": b.created_at.isoformat(),
            }
            for b in _bookings(user)
        ]
    }


def erase_personal_data(*, user: Any, pseudonym: str) -> dict[str, int]:
    deleted, _ = _bookings(user).delete()
    return {"bookings": deleted}


personal_data.register(app="bookings", export=export_personal_data, erase=erase_personal_data)
