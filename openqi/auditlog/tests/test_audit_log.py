import csv
import io
from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.audit.services import audit_log


def test_audit_events_cannot_be_changed_or_deleted(personas: Any) -> None:
    event = audit_log(actor=personas.lead.user, action="test.thing", organisation=personas.org_a)
    event.action = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_a_sign_in_is_audited_and_shown_in_the_members_organisation_log(personas: Any, db: Any) -> None:
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": personas.member.user.email, "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.sign_in", actor=personas.member.user).exists()
    lead = Client()
    lead.force_login(personas.lead.user)
    body = lead.get(f"/o/{personas.org_a.slug}/audit/?action=auth.sign_in").content.decode()
    assert personas.member.user.email in body


def test_a_failed_sign_in_is_audited(personas: Any, db: Any) -> None:
    Client().post("/accounts/login/", {"login": personas.member.user.email, "password": "wrong-password-here"})
    event = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert event.actor is None and event.detail["email"] == personas.member.user.email


def test_an_organisation_log_never_shows_another_organisations_events(personas: Any, lead_client: Client) -> None:
    audit_log(actor=personas.outsider.user, action="secret.beta", organisation=personas.org_b)
    audit_log(actor=personas.lead.user, action="visible.alpha", organisation=personas.org_a)
    body = lead_client.get(f"/o/{personas.org_a.slug}/audit/").content.decode()
    assert "visible.alpha" in body and "secret.beta" not in body


def test_the_audit_export_is_formula_safe_csv_and_is_itself_audited(personas: Any, lead_client: Client) -> None:
    audit_log(
        actor=personas.lead.user,
        action="test.export",
        organisation=personas.org_a,
        obj=personas.org_a,
        detail={"note": "=HYPERLINK(1)"},
    )
    response = lead_client.get(f"/o/{personas.org_a.slug}/audit/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["time", "actor", "action"]
    assert AuditEvent.objects.filter(action="audit.export", organisation=personas.org_a).exists()


def test_filters_with_a_bad_date_show_an_error_and_all_events(personas: Any, lead_client: Client) -> None:
    audit_log(actor=personas.lead.user, action="test.dates", organisation=personas.org_a)
    response = lead_client.get(
        f"/o/{personas.org_a.slug}/audit/?date_from-day=31&date_from-month=2&date_from-year=2026"
    )
    body = response.content.decode()
    assert "From must be a real date" in body and 'href="#date_from-day"' in body
    assert "test.dates" in body


def test_filtering_by_action_narrows_the_list(personas: Any, lead_client: Client) -> None:
    audit_log(actor=personas.lead.user, action="test.one", organisation=personas.org_a)
    audit_log(actor=personas.lead.user, action="test.two", organisation=personas.org_a)
    body = lead_client.get(f"/o/{personas.org_a.slug}/audit/?action=test.one").content.decode()
    assert "<code>test.one</code>" in body and "<code>test.two</code>" not in body
