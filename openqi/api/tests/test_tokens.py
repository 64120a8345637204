"""Issuing, listing and revoking tokens: scoped to one organisation, never above the issuer's role,
shown once and stored only as a digest."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from openqi.api import selectors, services
from openqi.api.models import ApiToken
from openqi.api.tests.conftest import issue_token
from openqi.audit.models import AuditEvent
from openqi.organisations.access import org_access_get


def test_a_token_is_stored_only_as_a_digest_of_its_secret(personas: Any) -> None:
    token, secret = issue_token(personas.member)
    assert secret.startswith(token.prefix + "_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in {stored.digest, stored.prefix, stored.name}
    assert stored.digest == ApiToken.digest_of(secret)
    assert selectors.token_by_secret(secret=secret) == token


def test_issuing_is_audited_without_the_secret(personas: Any) -> None:
    token, secret = issue_token(personas.member)
    event = AuditEvent.objects.get(action="api.token_issue")
    assert event.organisation_id == personas.org_a.pk
    assert event.detail["prefix"] == token.prefix
    assert secret not in str(event.detail)


def test_a_token_cannot_carry_a_role_above_its_issuers(personas: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        issue_token(personas.member, role="lead")
    assert "role" in refused.value.message_dict
    assert not ApiToken.objects.exists()


def test_only_an_organisation_admin_issues_service_tokens(personas: Any) -> None:
    with pytest.raises(PermissionDenied):
        issue_token(personas.lead, kind="service")
    token, _ = issue_token(personas.admin, kind="service", role="lead")
    assert token.kind == "service"


@pytest.mark.parametrize(("days", "ok"), [(0, False), (-3, False), (1, True), (366, True), (367, False)])
def test_the_expiry_must_be_in_the_future_and_within_a_year(personas: Any, days: int, ok: bool) -> None:
    if ok:
        token, _ = issue_token(personas.member, days=days)
        assert token.expires_at.date() >= timezone.localdate() + datetime.timedelta(days=days - 1)
    else:
        with pytest.raises(ValidationError) as refused:
            issue_token(personas.member, days=days)
        assert "expires_on" in refused.value.message_dict


def test_people_list_their_own_personal_tokens_and_admins_the_service_tokens(personas: Any) -> None:
    mine, _ = issue_token(personas.member, name="Mine")
    theirs, _ = issue_token(personas.lead, name="The lead's")
    service, _ = issue_token(personas.admin, kind="service", name="Warehouse")
    member_access = org_access_get(user=personas.member.user, org_slug="alpha")
    admin_access = org_access_get(user=personas.admin.user, org_slug="alpha")
    assert member_access is not None and admin_access is not None
    assert list(selectors.token_list(access=member_access, user_id=personas.member.user.pk)) == [mine]
    assert set(selectors.token_list(access=admin_access, user_id=personas.admin.user.pk)) == {service}
    assert selectors.token_get(access=member_access, user_id=personas.member.user.pk, token_id=theirs.pk) is None


def test_revoking_is_audited_and_cannot_be_repeated(personas: Any) -> None:
    token, _ = issue_token(personas.member)
    access = org_access_get(user=personas.member.user, org_slug="alpha")
    assert access is not None
    services.token_revoke(actor=personas.member.user, access=access, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None and token.status == "Revoked"
    assert AuditEvent.objects.filter(action="api.token_revoke").count() == 1
    with pytest.raises(ValidationError):
        services.token_revoke(actor=personas.member.user, access=access, token=token)


def test_nobody_revokes_another_persons_personal_token_except_an_admin(personas: Any) -> None:
    token, _ = issue_token(personas.member)
    lead_access = org_access_get(user=personas.lead.user, org_slug="alpha")
    admin_access = org_access_get(user=personas.admin.user, org_slug="alpha")
    assert lead_access is not None and admin_access is not None
    with pytest.raises(PermissionDenied):
        services.token_revoke(actor=personas.lead.user, access=lead_access, token=token)
    services.token_revoke(actor=personas.admin.user, access=admin_access, token=token)
    token.refresh_from_db()
    assert token.revoked_by == personas.admin.user


def test_partners_get_no_api_role(personas: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        issue_token(personas.admin, role="partner")
    assert "role" in refused.value.message_dict
