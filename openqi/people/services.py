"""Writes for staff records, shared by the ESR-style import and SCIM provisioning.

`record_apply` is the one place a record from a system of record meets OpenQI: it updates the
record, links it to the member it describes, invites a new person through the organisation's
invitation flow (by email, or as they sign in through single sign-on: ADR 0016), moves members
between teams, and ends a leaver's membership. It is atomic, audited and idempotent: applying the
same data again changes nothing and writes nothing.
"""

import datetime
from dataclasses import dataclass, field
from typing import Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.organisations.models import Invitation, Membership, Organisation, Role, Team
from openqi.organisations.services import (
    invitation_create,
    invitation_revoke,
    membership_move,
    membership_remove,
    team_create,
)
from openqi.people.models import StaffRecord


class _Keep:
    """Leave the team as it is (SCIM sets teams through groups, not through the user)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()


@dataclass
class PersonData:
    """What a system of record says about one person."""

    email: str
    given_name: str = ""
    family_name: str = ""
    # None: not given, leave as it is (SCIM knows no assignment number; ESR no externalId).
    employee_number: str | None = None
    assignment_number: str | None = None
    user_name: str | None = None
    external_id: str | None = None
    position: str | None = None
    staff_group: str | None = None
    team: Team | _Keep | None = KEEP
    active: bool = True
    ended_on: datetime.date | None = None


@dataclass
class Outcome:
    """What applying one person changed (empty `changes`: nothing)."""

    record: StaffRecord
    changes: list[str] = field(default_factory=list)


def member_of(*, record: StaffRecord) -> Membership | None:
    """The membership this record describes: its account's, else the member with its email."""
    members = Membership.objects.filter(organisation_id=record.organisation_id).select_related("user", "team")
    if record.user_id is not None:
        return members.filter(user_id=record.user_id).first()
    return members.filter(user__email__iexact=record.email).first()


def _pending_invitation(organisation: Organisation, email: str) -> Invitation | None:
    return Invitation.objects.filter(organisation=organisation, email__iexact=email).pending().first()


def _set(record: StaffRecord, name: str, value: object, changes: list[str]) -> None:
    if getattr(record, name) != value:
        setattr(record, name, value)
        if "details" not in changes and name not in ("team_id", "active", "ended_on"):
            changes.append("details")


@transaction.atomic
def record_apply(
    *,
    actor: User,
    actor_role: str,
    organisation: Organisation,
    record: StaffRecord | None,
    data: PersonData,
    source: str,
) -> Outcome:
    """Bring one staff record, and the membership it describes, in line with `data`."""
    email = data.email.strip().lower()
    changes: list[str] = []
    if record is None:
        record = StaffRecord(organisation=organisation, email=email, source=source, active=data.active)
        changes.append("new")
    old_email = record.email
    if email != record.email:
        clash = StaffRecord.objects.filter(organisation=organisation, email=email).exclude(pk=record.pk).first()
        if clash is not None:
            raise ValidationError(f"{email} is already the email of another staff record ({clash.display_name}).")
        record.email = email
        changes.append("email")
    for name in ("given_name", "family_name"):
        _set(record, name, getattr(data, name).strip(), changes)
    for name in ("employee_number", "assignment_number", "user_name", "external_id", "position", "staff_group"):
        value = getattr(data, name)
        if value is not None:
            _set(record, name, value.strip(), changes)
    if not isinstance(data.team, _Keep):
        wanted = data.team.pk if data.team is not None else None
        if record.team_id != wanted:
            record.team = data.team
            if "new" not in changes:
                changes.append("team")
    if "email" in changes and record.user_id is None:
        # Not joined yet: the invitation to the old address goes, a new one follows below.
        stale = _pending_invitation(organisation, old_email)
        if stale is not None:
            invitation_revoke(actor=actor, invitation=stale)
    membership = member_of(record=record)
    if membership is not None and record.user_id != membership.user_id:
        record.user = membership.user
        changes.append("linked")
    if data.active:
        if not record.active:
            record.active, record.ended_on = True, None
            changes.append("returned")
        if membership is not None:
            if not isinstance(data.team, _Keep) and membership.team_id != record.team_id:
                membership_move(actor=actor, membership=membership, team=record.team, via=source)
                changes.append("moved")
        else:
            pending = _pending_invitation(organisation, record.email)
            if pending is None:
                invitation_create(
                    actor=actor,
                    actor_role=actor_role,
                    organisation=organisation,
                    email=record.email,
                    role=Role.STAFF,
                    team=record.team,
                )
                changes.append("invited")
            elif pending.team_id != record.team_id:
                pending.team = record.team
                pending.save(update_fields=["team"])
                changes.append("moved")
    else:
        if record.active:
            record.active = False
            record.ended_on = data.ended_on or timezone.localdate()
            changes.append("left")
        if membership is not None:
            membership_remove(actor=actor, membership=membership)
            if "left" not in changes:
                changes.append("left")
        pending = _pending_invitation(organisation, record.email)
        if pending is not None:
            invitation_revoke(actor=actor, invitation=pending)
    if changes:
        record.updated_at = timezone.now()
        _check_unique(record)
        record.save()
        audit_log(
            actor=actor,
            action="people.record_create" if "new" in changes else "people.record_update",
            organisation=organisation,
            obj=record,
            detail={"changes": changes, "source": source, "email": record.email},
        )
    return Outcome(record=record, changes=changes)


def _check_unique(record: StaffRecord) -> None:
    """A clear refusal instead of a database error when a number belongs to another record."""
    others = StaffRecord.objects.filter(organisation_id=record.organisation_id).exclude(pk=record.pk)
    for name, label in (("employee_number", "employee number"), ("assignment_number", "assignment number")):
        value = getattr(record, name)
        if value and others.filter(**{name: value}).exists():
            raise ValidationError(f"The {label} {value} belongs to another staff record.")
    if record.user_name and others.filter(user_name__iexact=record.user_name).exists():
        raise ValidationError({"userName": f"The userName {record.user_name} belongs to another staff record."})


def team_path_ensure(
    *, actor: User, organisation: Organisation, path: tuple[str, ...], cache: dict[tuple[str, ...], Team]
) -> Team | None:
    """The team at the end of `path` (top level first), making the teams that are missing. Names
    match without regard to case, under the same parent."""
    if not path:
        return None
    if path in cache:
        return cache[path]
    parent = team_path_ensure(actor=actor, organisation=organisation, path=path[:-1], cache=cache)
    name = path[-1]
    team = Team.objects.filter(organisation=organisation, parent=parent, name__iexact=name).first()
    if team is None:
        team = team_create(actor=actor, organisation=organisation, name=name, parent=parent)
    cache[path] = team
    return team


@transaction.atomic
def record_detach(*, actor: User, actor_role: str, record: StaffRecord, source: str) -> Outcome:
    """SCIM DELETE: the person leaves (membership ended, record kept) and the record is no longer
    provisioned, so the identity provider sees it gone; a later create with the same email takes
    it up again."""
    data = PersonData(
        email=record.email,
        given_name=record.given_name,
        family_name=record.family_name,
        employee_number=record.employee_number,
        assignment_number=record.assignment_number,
        active=False,
    )
    outcome = record_apply(
        actor=actor, actor_role=actor_role, organisation=record.organisation, record=record, data=data, source=source
    )
    StaffRecord.objects.filter(pk=record.pk).update(scim_detached=True, updated_at=timezone.now())
    outcome.record.scim_detached = True
    audit_log(
        actor=actor,
        action="people.record_detach",
        organisation=record.organisation,
        obj=record,
        detail={"source": source, "email": record.email},
    )
    return outcome


def record_reattach(*, record: StaffRecord) -> StaffRecord:
    """Provisioned again after a DELETE: the identity provider sees the record once more."""
    if record.scim_detached:
        StaffRecord.objects.filter(pk=record.pk).update(scim_detached=False, updated_at=timezone.now())
        record.scim_detached = False
    return record
