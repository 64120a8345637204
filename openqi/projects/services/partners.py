"""Partner organisations of an ICS project: the owning organisation shares a (non-private)
project with other organisations of the same system, and takes it back. Each change is audited in
both organisations. Permission (the owning organisation's project lead, or its leads and admins)
is checked in the view through `ProjectAccess.require_lead`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.organisations.models import Membership, Organisation
from openqi.projects.models import Project, ProjectMember, ProjectOrganisation, Visibility

PRIVATE_REFUSAL = (
    "A private project stays with its team. Make it visible to everyone in the organisation "
    "before you share it with other organisations."
)


def _audit_both(*, actor: User, action: str, project: Project, partner: Organisation) -> None:
    detail = {"project_id": project.pk, "partner": partner.name, "led_by": project.organisation.name}
    audit_log(actor=actor, action=action, organisation=project.organisation, obj=project, detail=detail)
    audit_log(actor=actor, action=action, organisation=partner, obj=project, detail=detail)


@transaction.atomic
def project_organisation_add(*, actor: User, project: Project, organisation: Organisation) -> ProjectOrganisation:
    if project.visibility == Visibility.PRIVATE:
        raise ValidationError({"organisation": PRIVATE_REFUSAL})
    if organisation.pk == project.organisation_id:
        raise ValidationError({"organisation": f"{organisation.name} already leads this project."})
    if organisation.system_id != project.organisation.system_id:
        raise ValidationError(
            {
                "organisation": f"{organisation.name} is not in {project.organisation.system.name}. "
                "A project can only be shared with organisations of the same ICS."
            }
        )
    if ProjectOrganisation.objects.filter(project=project, organisation=organisation).exists():
        raise ValidationError({"organisation": f"{organisation.name} is already a partner on this project."})
    row = ProjectOrganisation.objects.create(project=project, organisation=organisation, added_by=actor)
    _audit_both(actor=actor, action="project.partner_add", project=project, partner=organisation)
    return row


@transaction.atomic
def project_organisation_remove(*, actor: User, partner: ProjectOrganisation) -> None:
    """Take the project back from a partner organisation: its members lose access at once, and
    project members who reached it only through that organisation leave the project team."""
    project = partner.project
    organisation = partner.organisation
    partner.delete()
    still_reach = Membership.objects.filter(
        Q(organisation_id=project.organisation_id) | Q(organisation__shared_projects__project=project)
    ).values("user_id")
    leaving = ProjectMember.objects.filter(project=project, user__memberships__organisation=organisation).exclude(
        user_id__in=still_reach
    )
    left = sorted(leaving.values_list("user__email", "user_id", "role"))
    ProjectMember.objects.filter(pk__in=list(leaving.values_list("pk", flat=True))).delete()
    _audit_both(actor=actor, action="project.partner_remove", project=project, partner=organisation)
    for email, user_id, role in left:
        audit_log(
            actor=actor,
            action="project.member_remove",
            organisation=project.organisation,
            obj=project,
            detail={
                "user": email,
                "user_id": user_id,
                "role": role,
                "reason": f"{organisation.name} no longer a partner",
            },
        )
