"""Issue 24, point 3: check-in forms sent twice with one submission token create one answer; the
one-per-day rule still holds, and a kiosk's secret link is not kept with the token."""

from typing import Any

import pytest
from django.test import Client

from openqi.checkins.models import CheckIn, KioskDevice
from openqi.checkins.services import kiosk_create
from openqi.core.models import SubmissionRecord
from openqi.core.submission import ALREADY_SENT
from openqi.core.tests.resubmit import send_twice

pytestmark = pytest.mark.django_db


def test_a_check_in_sent_twice_counts_once_and_the_repeat_shows_it_is_done(
    member_client: Client, personas: Any
) -> None:
    url = f"/o/{personas.org_a.slug}/check-in/"
    first, second = send_twice(member_client, url, {"score": "4"}, count=CheckIn.objects.count)
    assert "Thank you" in first.content.decode()
    assert (second.status_code, second["Location"]) == (302, url)
    page = member_client.get(url).content.decode()
    assert ALREADY_SENT in page
    assert "already" in page
    # The record keeps no address at all: the check-in page is the one the form was sent to.
    assert SubmissionRecord.objects.get().result_url == "="


def test_a_kiosk_tap_sent_twice_counts_once_and_the_link_is_not_kept(personas: Any) -> None:
    _, token = kiosk_create(
        actor=personas.lead.user, organisation=personas.org_a, team=personas.member.team, name="Tablet"
    )
    _, second = send_twice(Client(), f"/k/{token}/", {"score": "4"}, count=CheckIn.objects.count)
    assert second["Location"] == f"/k/{token}/"
    assert token not in SubmissionRecord.objects.get().result_url


def test_a_kiosk_link_created_twice_is_created_once(personas: Any, lead_client: Client) -> None:
    _, second = send_twice(
        lead_client,
        f"/o/{personas.org_a.slug}/check-ins/kiosks/new/",
        {"name": "Staff room", "team": str(personas.member.team_id)},
        count=KioskDevice.objects.count,
    )
    page = second.content.decode()
    assert "You already sent this" in page
    assert "openqi-kiosk-link" not in page
