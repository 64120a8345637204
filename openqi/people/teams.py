"""Writes for teams as SCIM groups: make, rename, withdraw, and set who is in them. A person is
in one team (their membership's), so adding them to a group moves them there. Atomic, audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.organisations.models import Organisation, Team
from openqi.organisations.services import team_create, team_rename
from openqi.people.models import StaffRecord, TeamLink
from openqi.people.services import PersonData, record_apply


def _link(team: Team) -> TeamLink:
    link, _ = TeamLink.objects.get_or_create(team=team, defaults={"organisation_id": team.organisation_id})
    return link


@transaction.atomic
def group_create(*, actor: User, organisation: Organisation, name: str, external_id: str) -> Team:
    """A new top-level team, or a withdrawn one of that name taken up again."""
    name = " ".join(name.split())
    existing = Team.objects.filter(organisation=organisation, parent=None, name__iexact=name).first()
    if existing is not None:
        link = TeamLink.objects.filter(team=existing).first()
        if link is None or link.withdrawn_at is None:
            raise ValidationError({"displayName": f"A team called {name} already exists."})
        team = existing
    else:
        team = team_create(actor=actor, organisation=organisation, name=name)
    link = _link(team)
    link.withdrawn_at, link.external_id, link.updated_at = None, external_id, timezone.now()
    link.save()
    audit_log(actor=actor, action="people.group_provision", organisation=organisation, obj=team)
    return team


@transaction.atomic
def group_update(*, actor: User, team: Team, name: str | None, external_id: str | None) -> Team:
    if name is not None:
        team_rename(actor=actor, team=team, name=name)
    if external_id is not None:
        link = _link(team)
        if link.external_id != external_id:
            link.external_id, link.updated_at = external_id, timezone.now()
            link.save(update_fields=["external_id", "updated_at"])
    return team


@transaction.atomic
def group_withdraw(*, actor: User, team: Team) -> None:
    """DELETE on a group: the team leaves provisioning. It owns work, so it is never deleted, and
    its members stay in it."""
    link = _link(team)
    link.withdrawn_at = link.updated_at = timezone.now()
    link.save(update_fields=["withdrawn_at", "updated_at"])
    audit_log(actor=actor, action="people.group_withdraw", organisation=team.organisation, obj=team)


def _as_data(record: StaffRecord, team: Team | None) -> PersonData:
    return PersonData(
        email=record.email,
        given_name=record.given_name,
        family_name=record.family_name,
        team=team,
        active=record.active,
    )


@transaction.atomic
def group_members_change(
    *, actor: User, actor_role: str, team: Team, changes: list[tuple[str, list[int]]], source: str
) -> None:
    """Apply ("add" | "remove" | "set", record ids) in order. Unknown ids are refused."""
    records = StaffRecord.objects.filter(organisation_id=team.organisation_id, scim_detached=False)
    for action, ids in changes:
        found = {r.pk: r for r in records.filter(pk__in=ids)}
        missing = sorted(set(ids) - set(found))
        if missing:
            raise ValidationError(f"No user with the id {missing[0]} in this organisation.")
        if action == "set":
            for record in records.filter(team=team).exclude(pk__in=ids):
                record_apply(
                    actor=actor,
                    actor_role=actor_role,
                    organisation=team.organisation,
                    record=record,
                    data=_as_data(record, None),
                    source=source,
                )
        for record in found.values():
            if action == "remove" and record.team_id != team.pk:
                continue
            record_apply(
                actor=actor,
                actor_role=actor_role,
                organisation=team.organisation,
                record=record,
                data=_as_data(record, None if action == "remove" else team),
                source=source,
            )
