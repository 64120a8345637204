"""After a signed-in member checks in, nothing in the database ties them to their answer."""

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.checkins.models import CheckIn, CheckInDayKey, CheckInMarker, marker_digest
from openqi.checkins.services import checkin_purge
from openqi.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _check_in(client: Client, personas: Any) -> None:
    response = client.post(
        f"/o/{personas.org_a.slug}/check-in/",
        {"score": "2", "reasons": ["Staffing"], "comment": "More staff on nights"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="SecretBrowser/1.0",
    )
    assert response.status_code == 200


def test_a_check_in_row_holds_nothing_that_identifies_the_person(personas: Any, member_client: Client) -> None:
    _check_in(member_client, personas)
    checkin = CheckIn.objects.get()
    columns = {f.column for f in CheckIn._meta.concrete_fields}
    assert columns == {"id", "organisation_id", "team_id", "date", "score", "reasons", "comment", "hidden"}
    user = personas.member.user
    # Free-form columns hold no identity; the others are the score, team, organisation and flag.
    for name in ("id", "reasons", "comment", "date"):
        value = str(getattr(checkin, name))
        assert value != str(user.pk)
        for secret in (user.email, "203.0.113.9", "SecretBrowser", user.display_name):
            assert secret not in value
    assert (checkin.score, checkin.team_id, checkin.organisation_id) == (2, personas.member.team_id, personas.org_a.pk)
    assert not any(isinstance(getattr(checkin, f.attname), datetime.datetime) for f in CheckIn._meta.concrete_fields)
    assert checkin.date == timezone.localdate()
    assert checkin.id.version == 4  # a random key: its order says nothing about when


def test_no_audit_event_or_notification_mentions_the_check_in(personas: Any, member_client: Client) -> None:
    audit_before = set(AuditEvent.objects.values_list("pk", flat=True))
    notes_before = set(Notification.objects.values_list("pk", flat=True))
    _check_in(member_client, personas)
    checkin = CheckIn.objects.get()
    new_events = AuditEvent.objects.exclude(pk__in=audit_before)
    assert not new_events.exists()
    assert not Notification.objects.exclude(pk__in=notes_before).exists()
    for event in AuditEvent.objects.all():
        text = f"{event.action} {event.object_type} {event.object_id} {event.object_label} {event.detail}"
        assert "checkin" not in text.replace("checkin.settings", "")
        assert str(checkin.pk) not in text


def test_the_marker_holds_only_a_keyed_digest_and_the_date(personas: Any, member_client: Client) -> None:
    _check_in(member_client, personas)
    marker = CheckInMarker.objects.get()
    columns = {f.column for f in CheckInMarker._meta.concrete_fields}
    assert columns == {"digest", "date"}
    user = personas.member.user
    assert marker.digest != str(user.pk) and user.email not in marker.digest
    # Without the day's random key, guessing the digest from the user id does not work.
    guesses = [
        marker_digest(key=key, organisation_id=personas.org_a.pk, user_id=user.pk, day=marker.date)
        for key in (b"", b"secret", b"test-only-secret-key-not-for-production-0123456789")
    ]
    assert marker.digest not in guesses
    day_key = bytes.fromhex(CheckInDayKey.objects.get(date=marker.date).key)
    assert marker.digest == marker_digest(
        key=day_key, organisation_id=personas.org_a.pk, user_id=user.pk, day=marker.date
    )


def test_purge_deletes_markers_and_day_keys_from_before_today(personas: Any) -> None:
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    CheckInDayKey.objects.create(date=yesterday, key="00" * 32)
    CheckInMarker.objects.create(digest="a" * 64, date=yesterday)
    CheckInDayKey.objects.create(date=today, key="11" * 32)
    CheckInMarker.objects.create(digest="b" * 64, date=today)
    assert checkin_purge() == 1
    assert list(CheckInMarker.objects.values_list("date", flat=True)) == [today]
    assert list(CheckInDayKey.objects.values_list("date", flat=True)) == [today]


def test_the_purge_command_runs(personas: Any) -> None:
    CheckInMarker.objects.create(digest="a" * 64, date=timezone.localdate() - datetime.timedelta(days=3))
    call_command("checkins_purge")
    assert not CheckInMarker.objects.exists()


def test_the_first_check_in_of_a_day_purges_older_markers(personas: Any, member_client: Client) -> None:
    old = timezone.localdate() - datetime.timedelta(days=1)
    CheckInDayKey.objects.create(date=old, key="00" * 32)
    CheckInMarker.objects.create(digest="c" * 64, date=old)
    _check_in(member_client, personas)
    assert not CheckInMarker.objects.filter(date=old).exists()
    assert not CheckInDayKey.objects.filter(date=old).exists()


def test_markers_and_check_ins_are_not_kept_in_the_same_order(personas: Any) -> None:
    assert CheckInMarker._meta.ordering == ("digest",)
    assert CheckIn._meta.pk.get_internal_type() == "UUIDField"
