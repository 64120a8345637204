"""Check-ins hold nothing about a person (registered in `openqi.core.personal_data`).

A check-in has no user link, by design (ADR 0006), so no check-in can be found for, exported to
or erased with a person. The only trace is today's marker ("someone checked in today", an HMAC
of the person and the day keyed with today's secret, deleted once the day is over): the export
says whether today's marker exists, and erasure deletes it. The check-in itself and the day's
counts are untouched."""

import datetime
from typing import Any

from django.utils import timezone

from openqi.accounts.models import User
from openqi.checkins.models import CheckInDayKey, CheckInMarker, marker_digest
from openqi.core import personal_data
from openqi.organisations.models import Membership


def _todays_markers(user: User) -> dict[str, str]:
    """Organisation name → the person's marker digest for today, for markers that exist."""
    today: datetime.date = timezone.localdate()
    key = CheckInDayKey.objects.filter(date=today).values_list("key", flat=True).first()
    if key is None:
        return {}
    organisations = Membership.objects.filter(user=user).values_list("organisation_id", "organisation__name")
    digests = {
        marker_digest(key=bytes.fromhex(key), organisation_id=org_id, user_id=user.pk, day=today): name
        for org_id, name in organisations
    }
    present = set(CheckInMarker.objects.filter(digest__in=digests).values_list("digest", flat=True))
    return {name: digest for digest, name in digests.items() if digest in present}


def export_personal_data(*, user: User) -> dict[str, Any]:
    return {
        "checked_in_today_in": sorted(_todays_markers(user)),
        "note": "Check-ins are anonymous: they hold no link to you, so none can be listed here.",
    }


def erase_personal_data(*, user: User, pseudonym: str) -> dict[str, int]:
    digests = list(_todays_markers(user).values())
    return {"todays_markers": CheckInMarker.objects.filter(digest__in=digests).delete()[0]}


personal_data.register(app="checkins", export=export_personal_data, erase=erase_personal_data)
