"""Champions: volunteering, and a lead's approval."""

from django.core.exceptions import ValidationError
from django.db import transaction

from openqi.accounts.models import User
from openqi.audit.services import audit_log
from openqi.notifications.services import notification_create
from openqi.organisations.models import Organisation, Team
from openqi.recognition.models import Champion, ChampionFocus, ChampionStatus
from openqi.recognition.services.common import check_text, recognition_url, require_member, require_panel


@transaction.atomic
def champion_volunteer(
    *,
    actor: User,
    organisation: Organisation,
    focus: str,
    contact: str,
    team: Team | None = None,
    focus_detail: str = "",
) -> Champion:
    membership = require_member(actor, organisation, field="contact")
    if focus not in ChampionFocus.values:
        raise ValidationError({"focus": "Choose what you will champion"})
    contact, focus_detail = contact.strip(), focus_detail.strip()
    if not contact:
        raise ValidationError({"contact": "Say how colleagues can reach you"})
    check_text(contact=contact, focus_detail=focus_detail)
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "Choose a team in this organisation"})
    existing = Champion.objects.filter(organisation=organisation, user=actor).first()
    if existing is not None and existing.status != ChampionStatus.DECLINED:
        raise ValidationError("You have already volunteered here")
    champion, _ = Champion.objects.update_or_create(
        organisation=organisation,
        user=actor,
        defaults={
            "team": team or membership.team,
            "focus": focus,
            "focus_detail": focus_detail[:150],
            "contact": contact[:150],
            "status": ChampionStatus.PENDING,
            "decided_by": None,
        },
    )
    audit_log(actor=actor, action="champion.volunteer", organisation=organisation, obj=champion)
    return champion


@transaction.atomic
def champion_decide(*, actor: User, champion: Champion, approve: bool) -> Champion:
    require_panel(actor, champion.organisation)
    if champion.status != ChampionStatus.PENDING:
        raise ValidationError("This volunteer has already been answered")
    champion.status = ChampionStatus.APPROVED if approve else ChampionStatus.DECLINED
    champion.decided_by = actor
    champion.save(update_fields=["status", "decided_by"])
    audit_log(
        actor=actor,
        action="champion.approve" if approve else "champion.decline",
        organisation=champion.organisation,
        obj=champion,
    )
    notification_create(
        user=champion.user,
        title="You are now an improvement champion" if approve else "Your offer to be a champion was not taken up",
        url=recognition_url("champion_toolkit", champion.organisation) if approve else "",
        organisation=champion.organisation,
        important=True,
    )
    return champion
