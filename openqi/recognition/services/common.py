"""What every recognition service shares: checks on free text, members and the panel."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from openqi.accounts.models import User
from openqi.core.nhs_number import contains_nhs_number
from openqi.organisations.models import Membership, Organisation, Role

NHS_NUMBER_MESSAGE = "Remove the NHS number: recognition is about colleagues, never patients"


def check_text(**fields: str) -> None:
    errors = {name: NHS_NUMBER_MESSAGE for name, text in fields.items() if contains_nhs_number(text)}
    if errors:
        raise ValidationError(errors)


def membership_of(user: User, organisation: Organisation) -> Membership | None:
    return Membership.objects.filter(user=user, organisation=organisation).first()


def require_member(user: User, organisation: Organisation, field: str = "recipient") -> Membership:
    """A person named in a note or nomination must be a member here (staff or more, not a partner)."""
    membership = membership_of(user, organisation)
    if membership is None or not membership.has_role(Role.STAFF):
        raise ValidationError({field: "Choose a colleague in this organisation"})
    return membership


def require_panel(actor: User, organisation: Organisation) -> None:
    """The recognition panel: leads and admins of the organisation (system admins act as admins)."""
    membership = membership_of(actor, organisation)
    if membership is not None and membership.has_role(Role.LEAD):
        return
    if actor.system_memberships.filter(system_id=organisation.system_id, role="system_admin").exists():
        return
    raise PermissionDenied("Only the recognition panel (leads) can do this")


def recognition_url(name: str, organisation: Organisation, *args: int) -> str:
    return reverse(f"recognition:{name}", args=[organisation.slug, *args])
