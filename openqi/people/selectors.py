"""Reading staff records and imports. Every query is scoped to one organisation."""

from django.db.models import Q, QuerySet

from openqi.organisations.models import Organisation, Team
from openqi.people.models import StaffImport, StaffRecord, TeamLink


def import_get(*, organisation: Organisation, import_id: int) -> StaffImport | None:
    return StaffImport.objects.filter(organisation=organisation, pk=import_id).first()


def import_list(*, organisation: Organisation) -> QuerySet[StaffImport]:
    return StaffImport.objects.filter(organisation=organisation).select_related("uploaded_by")


def staff_record_list(*, organisation: Organisation) -> QuerySet[StaffRecord]:
    return StaffRecord.objects.filter(organisation=organisation).select_related("team", "user")


def staff_record_summary(*, organisation: Organisation) -> dict[str, int]:
    records = StaffRecord.objects.filter(organisation=organisation)
    return {
        "active": records.filter(active=True).count(),
        "joined": records.filter(active=True, user__isnull=False).count(),
        "left": records.filter(active=False).count(),
    }


def scim_users(*, organisation: Organisation) -> QuerySet[StaffRecord]:
    """Every staff record provisioning can see: not detached by a DELETE."""
    return (
        StaffRecord.objects.filter(organisation=organisation, scim_detached=False).select_related("team").order_by("pk")
    )


def scim_user_by_name(*, organisation: Organisation, user_name: str) -> StaffRecord | None:
    """The record a userName names: its userName, or (not provisioned yet) its email."""
    records = StaffRecord.objects.filter(organisation=organisation)
    return (
        records.filter(user_name__iexact=user_name).first()
        or records.filter(user_name="", email__iexact=user_name).first()
    )


def scim_groups(*, organisation: Organisation) -> QuerySet[Team]:
    """Every team not withdrawn from provisioning by a DELETE."""
    return (
        Team.objects.filter(organisation=organisation)
        .filter(Q(scim_link__isnull=True) | Q(scim_link__withdrawn_at__isnull=True))
        .select_related("scim_link")
        .order_by("pk")
    )


def scim_group_members(*, team: Team) -> list[StaffRecord]:
    return list(
        StaffRecord.objects.filter(
            organisation_id=team.organisation_id, team=team, active=True, scim_detached=False
        ).order_by("pk")
    )


def team_link(*, team: Team) -> TeamLink | None:
    return TeamLink.objects.filter(team=team).first()


def staff_record_by_email(*, organisation: Organisation, email: str) -> StaffRecord | None:
    return StaffRecord.objects.filter(organisation=organisation, email__iexact=email).first()
