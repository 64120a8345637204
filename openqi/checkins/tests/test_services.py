from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openqi.audit.models import AuditEvent
from openqi.checkins import services
from openqi.checkins.models import CheckIn, CheckInMarker, CheckinSettings, KioskDevice
from openqi.checkins.selectors import checkin_done_today, checkin_settings_get

pytestmark = pytest.mark.django_db


def _submit(personas: Any, **kwargs: Any) -> CheckIn:
    values: dict[str, Any] = {"score": 4, "reasons": [], "comment": ""}
    values.update(kwargs)
    return services.checkin_submit(
        user=personas.member.user, organisation=personas.org_a, team=personas.member.team, **values
    )


def test_a_member_checks_in_with_a_score_reasons_and_a_comment(personas: Any) -> None:
    checkin = _submit(personas, score=5, reasons=["Workload", "Staffing"], comment="  More porters  ")
    assert checkin.score == 5
    assert checkin.reasons == ["Staffing", "Workload"]  # in the organisation's order
    assert checkin.comment == "More porters"
    assert checkin.team == personas.member.team
    assert checkin_done_today(user=personas.member.user, organisation=personas.org_a)


def test_a_second_check_in_the_same_day_is_refused_and_nothing_more_is_saved(personas: Any) -> None:
    _submit(personas)
    with pytest.raises(ValidationError, match="already checked in today"):
        _submit(personas, score=1)
    assert CheckIn.objects.count() == 1
    assert CheckInMarker.objects.count() == 1


def test_the_same_person_may_check_in_once_in_each_of_their_organisations(personas: Any) -> None:
    from openqi.factories import MembershipFactory

    MembershipFactory(user=personas.member.user, organisation=personas.org_b)
    _submit(personas)
    services.checkin_submit(user=personas.member.user, organisation=personas.org_b, team=None, score=3, reasons=[])
    assert CheckIn.objects.count() == 2


def test_a_comment_with_an_nhs_number_is_refused_and_nothing_is_saved(personas: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        _submit(personas, comment="Bed 4, 943 476 5919, waited all day")
    assert "NHS number" in str(refused.value)
    assert CheckIn.objects.count() == 0
    assert CheckInMarker.objects.count() == 0
    assert not checkin_done_today(user=personas.member.user, organisation=personas.org_a)


def test_a_reason_outside_the_organisations_list_is_refused(personas: Any) -> None:
    with pytest.raises(ValidationError):
        _submit(personas, reasons=["Parking"])


def test_a_score_outside_the_scale_is_refused(personas: Any) -> None:
    with pytest.raises(ValidationError):
        _submit(personas, score=6)


def test_settings_default_to_k_11_and_the_standard_reasons(personas: Any) -> None:
    current = checkin_settings_get(organisation=personas.org_a)
    assert current.reporting_k == 11
    assert "Staffing" in current.reasons and "Wellbeing" in current.reasons


def test_a_lead_changes_k_and_reasons_and_the_change_is_audited(personas: Any) -> None:
    services.checkin_settings_update(
        actor=personas.lead.user, organisation=personas.org_a, reporting_k=15, reasons=["Rota", " ", "Rota", "Kit"]
    )
    saved = CheckinSettings.objects.get(organisation=personas.org_a)
    assert saved.reporting_k == 15
    assert saved.reasons == ["Rota", "Kit"]
    event = AuditEvent.objects.get(action="checkin.settings_change")
    assert event.actor == personas.lead.user
    assert event.detail["before"]["reporting_k"] == 11


def test_k_below_10_is_refused(personas: Any) -> None:
    with pytest.raises(ValidationError):
        services.checkin_settings_update(
            actor=personas.lead.user, organisation=personas.org_a, reporting_k=9, reasons=["Rota"]
        )


def test_hiding_a_comment_is_audited_with_the_lead_and_never_the_author(personas: Any) -> None:
    checkin = _submit(personas, comment="Rude words")
    services.checkin_comment_hide(actor=personas.lead.user, organisation=personas.org_a, checkin=checkin)
    checkin.refresh_from_db()
    assert checkin.hidden
    event = AuditEvent.objects.get(action="checkin.comment_hide")
    assert event.actor == personas.lead.user
    assert personas.member.user.email not in str(event.detail) + event.object_label


def test_a_lead_cannot_hide_a_comment_from_another_organisation(personas: Any) -> None:
    checkin = CheckIn.objects.create(organisation=personas.org_b, date="2026-01-05", score=3, comment="x")
    with pytest.raises(PermissionDenied):
        services.checkin_comment_hide(actor=personas.lead.user, organisation=personas.org_a, checkin=checkin)


def test_a_kiosk_link_is_stored_only_as_a_hash_and_works_until_revoked(personas: Any) -> None:
    device, token = services.kiosk_create(
        actor=personas.lead.user, organisation=personas.org_a, team=personas.member.team, name="Staff room"
    )
    assert token not in device.token_hash
    assert services.kiosk_find(token=token) == device
    services.checkin_submit_kiosk(device=device, score=2)
    assert CheckIn.objects.get().team == personas.member.team
    services.kiosk_revoke(actor=personas.lead.user, device=device)
    assert services.kiosk_find(token=token) is None
    with pytest.raises(PermissionDenied):
        services.checkin_submit_kiosk(device=KioskDevice.objects.get(), score=2)


def test_a_kiosk_is_rate_limited_per_device(personas: Any, settings: Any) -> None:
    settings.CHECKIN_KIOSK_RATE = 3
    device, _ = services.kiosk_create(
        actor=personas.lead.user, organisation=personas.org_a, team=personas.member.team, name="Tablet"
    )
    for _ in range(3):
        services.checkin_submit_kiosk(device=device, score=4)
    with pytest.raises(ValidationError, match="Too many"):
        services.checkin_submit_kiosk(device=device, score=4)
    assert CheckIn.objects.count() == 3


def test_a_kiosk_for_another_organisations_team_is_refused(personas: Any) -> None:
    from openqi.factories import TeamFactory

    with pytest.raises(ValidationError):
        services.kiosk_create(
            actor=personas.lead.user,
            organisation=personas.org_a,
            team=TeamFactory(organisation=personas.org_b),
            name="x",
        )
